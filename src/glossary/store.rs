//! The on-disk termbase: the only code that writes glossary files.
//!
//! A [`Store`] is a list of glossary files (each `--glossary PATH`; a
//! directory stands for every `*.csv` in it). The first path has priority
//! and receives writes: a file path is written as is, a directory path is
//! written to `DIR/glossary.csv`.
//!
//! Writes are read-modify-write under an exclusive lock on a sidecar file
//! (`.NAME.lock`, kept beside the glossary so every process agrees on it),
//! and the new content is saved atomically: temp file in the same
//! directory, fsync, rename, fsync of the directory. A failed update leaves
//! the file byte-identical.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::formats::native;
use crate::glossary::model::Glossary;

/// The name of the writable file inside a glossary directory.
pub(crate) const DEFAULT_FILE: &str = "glossary.csv";

/// One loaded glossary file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its content.
    pub glossary: Glossary,
}

/// A set of glossary files, the first one writable.
#[derive(Debug, Clone)]
pub struct Store {
    roots: Vec<PathBuf>,
    writable: PathBuf,
}

impl Store {
    /// A store over `paths` (files or directories), in priority order.
    pub fn new(paths: &[PathBuf]) -> Result<Store> {
        let first = paths
            .first()
            .ok_or_else(|| Error::input("no glossary path given"))?;
        let writable = if first.is_dir() || first.extension().is_none() {
            first.join(DEFAULT_FILE)
        } else {
            first.clone()
        };
        Ok(Store { roots: paths.to_vec(), writable })
    }

    /// The file that receives writes.
    pub fn writable(&self) -> &Path {
        &self.writable
    }

    /// Every existing glossary file, in priority order (the writable file
    /// first among its directory's files).
    pub fn files(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for root in &self.roots {
            if root.is_dir() {
                let mut in_dir: Vec<PathBuf> = fs::read_dir(root)
                    .map_err(|e| Error::from(e).in_file(root))?
                    .filter_map(|d| d.ok().map(|d| d.path()))
                    .filter(|p| {
                        p.extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                            && p.is_file()
                    })
                    .collect();
                in_dir.sort();
                if let Some(i) =
                    in_dir.iter().position(|p| *p == self.writable)
                {
                    let w = in_dir.remove(i);
                    in_dir.insert(0, w);
                }
                out.extend(in_dir);
            } else if root.is_file() {
                out.push(root.clone());
            } else if root != self.roots.first().expect("non-empty") {
                return Err(Error::input(format!(
                    "glossary {} does not exist",
                    root.display()
                )));
            }
        }
        out.dedup();
        Ok(out)
    }

    /// Read every glossary file.
    pub(crate) fn load_sources(&self) -> Result<Vec<Source>> {
        self.files()?
            .into_iter()
            .map(|path| {
                let glossary = read_file(&path)?;
                Ok(Source { path, glossary })
            })
            .collect()
    }

    /// Every entry of every file, in priority order, as one glossary.
    pub fn load(&self) -> Result<Glossary> {
        let mut all = Glossary::new();
        for s in self.load_sources()? {
            all.entries.extend(s.glossary.entries);
        }
        Ok(all)
    }

    /// A digest of the files on disk (the version of the embedded
    /// glossary): a digest of each file's path,
    /// size, modification time (ns) and inode/ctime, the writable file
    /// included even before it exists. One `stat` per file. This is the
    /// one change detection of the embedded glossary (the web app's
    /// snapshot, the language server and the lookup index cache all use
    /// it).
    pub fn files_digest(&self) -> Result<u64> {
        let mut files = self.files()?;
        if !files.iter().any(|f| f == self.writable()) {
            files.push(self.writable().to_path_buf());
        }
        let mut h = Sha256::new();
        for f in &files {
            h.update(f.to_string_lossy().as_bytes());
            h.update([0]);
            let Ok(m) = std::fs::metadata(f) else {
                h.update([0xff]);
                continue;
            };
            h.update(m.len().to_le_bytes());
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.update(t.to_le_bytes());
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                h.update(m.ino().to_le_bytes());
                h.update(m.ctime().to_le_bytes());
                h.update(m.ctime_nsec().to_le_bytes());
            }
        }
        let d = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&d[..8]);
        Ok(u64::from_le_bytes(first))
    }

    /// Read-modify-write the writable glossary under an exclusive lock.
    ///
    /// `f` gets the current content; if it returns `Ok`, the result is
    /// checked ([`Glossary::problems`]) and saved atomically. If `f` or the
    /// check fails, the file is left untouched.
    pub fn update<T>(
        &self,
        f: impl FnOnce(&mut Glossary) -> Result<T>,
    ) -> Result<T> {
        let path = &self.writable;
        let dir = parent_dir(path);
        fs::create_dir_all(&dir).map_err(|e| Error::from(e).in_file(&dir))?;
        let _lock = lock(path)?;
        clean_stale_temps(path);
        let mut g =
            if path.exists() { read_file(path)? } else { Glossary::new() };
        let out = f(&mut g)?;
        if let Some(e) = g.problems().into_iter().next() {
            return Err(e.in_file(path));
        }
        save_atomic(path, |w| native::write(w, &g))?;
        Ok(out)
    }
}

/// Read one glossa CSV file, naming it in errors.
pub fn read_file(path: &Path) -> Result<Glossary> {
    let bytes = crate::limits::read_file(
        path,
        crate::limits::MAX_GLOSSARY_FILE,
        "glossary file",
    )?;
    let g = native::read(&bytes[..]).map_err(|e| e.in_file(path))?;
    if let Some(e) = g.problems().into_iter().next() {
        return Err(e.in_file(path));
    }
    Ok(g)
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Hold an exclusive advisory lock for `path` until the guard drops.
pub fn lock(path: &Path) -> Result<File> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lock_path = parent_dir(path).join(format!(".{name}.lock"));
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::from(e).in_file(&lock_path))?;
    f.lock().map_err(|e| Error::from(e).in_file(&lock_path))?;
    Ok(f)
}

/// The name prefix of [`save_atomic`]'s temp files for `path`.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{TEMP_PREFIX}{name}-")
}

/// Every temp file of [`save_atomic`] starts with this.
pub(crate) const TEMP_PREFIX: &str = ".glossa-tmp-";

/// Remove temp files a killed save left behind (issue 14 items 2 and
/// 9: a `kill -9` during `add` could leave one): every
/// `.glossa-tmp-*` file beside `path` not written to for
/// [`crate::limits::STALE_TEMP_AGE`]. A fresh one may belong to a save
/// running now (an export, another glossary in the same folder) and is
/// kept.
fn clean_stale_temps(path: &Path) {
    remove_stale_temps(&parent_dir(path), TEMP_PREFIX);
}

/// Remove the files of `dir` whose name starts with `prefix` (one of
/// glossa's temp-file prefixes) and that nobody has written to for
/// [`crate::limits::STALE_TEMP_AGE`]: temp files of a killed process.
/// Best effort: a file that cannot be removed (read-only folder, gone
/// already) is left alone. Returns how many were removed.
pub(crate) fn remove_stale_temps(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for f in entries.flatten() {
        if !f.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let stale = f
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= crate::limits::STALE_TEMP_AGE);
        if stale && fs::remove_file(f.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Write `path` atomically: temp file in the same directory, fsync,
/// rename over the target, fsync of the directory. On any error the old
/// file is untouched and the temp file removed.
pub fn save_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .tempfile_in(&dir)
        // tempfile's message names the temp file; the user knows the
        // directory, so keep only the OS cause.
        .map_err(|e| Error::from(plain_io(e)).in_file(&dir))?;
    // tempfile creates 0600 files; keep the mode of the file we replace
    // (or a normal 0644 for a new one) so a save does not hide the
    // glossary from other users.
    let perms = match fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(p) = perms {
        tmp.as_file()
            .set_permissions(p)
            .map_err(|e| Error::from(e).in_file(path))?;
    }
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf)?;
        buf.flush().map_err(|e| Error::from(e).in_file(path))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::from(e).in_file(path))?;
    tmp.persist(path)
        .map_err(|e| Error::from(plain_io(e.error)).in_file(path))?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The OS error of `e` without the path tempfile adds to its message.
fn plain_io(e: std::io::Error) -> std::io::Error {
    // tempfile's `PathError` displays as `{cause} at path "{temp file}"`.
    let msg = e.to_string();
    match msg.find(" at path \"") {
        Some(i) => std::io::Error::new(e.kind(), msg[..i].to_string()),
        None => e,
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::{Entry, LangTag, Term};

    /// Make `f` look last written `secs` seconds ago.
    pub(crate) fn age(f: &Path, secs: u64) {
        let t = std::time::SystemTime::now()
            - std::time::Duration::from_secs(secs);
        File::options().write(true).open(f).unwrap().set_modified(t).unwrap();
    }

    /// Issue 14 items 2 and 9: a `kill -9` during `add` could leave a
    /// `.glossa-tmp-*` file behind for good. The next write removes the
    /// stale ones (older than `STALE_TEMP_AGE`, ours only); a fresh one
    /// (a save running now) and other files are kept.
    #[test]
    fn issue_14_item_9_stale_temp_files_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(&[dir.path().join("glossary.csv")]).unwrap();
        let old = crate::limits::STALE_TEMP_AGE.as_secs() + 60;
        let stale = dir.path().join(".glossa-tmp-glossary.csv-Ab12Cd");
        let stale_other = dir.path().join(".glossa-tmp-other.csv-Ab12Cd");
        let stale_legacy = dir.path().join(".glossa-tmp-Zx98Yw");
        let fresh = dir.path().join(".glossa-tmp-glossary.csv-Fr35Hh");
        let not_ours = dir.path().join(".tmp-glossary.csv-Ab12Cd");
        for f in [&stale, &stale_other, &stale_legacy, &fresh, &not_ours] {
            fs::write(f, "half a glossary").unwrap();
        }
        for f in [&stale, &stale_other, &stale_legacy, &not_ours] {
            age(f, old);
        }
        age(&fresh, 10);
        store
            .update(|g| {
                let mut e = Entry::new(g.next_id());
                e.terms.push(Term::new(LangTag::fr(), "puce"));
                g.entries.push(e);
                Ok(())
            })
            .unwrap();
        for f in [&stale, &stale_other, &stale_legacy] {
            assert!(!f.exists(), "{} kept", f.display());
        }
        assert!(fresh.exists() && not_ours.exists());
    }

    #[test]
    fn failed_update_leaves_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(&[dir.path().to_path_buf()]).unwrap();
        store
            .update(|g| {
                let mut e = Entry::new(g.next_id());
                e.terms.push(Term::new(LangTag::fr(), "puce"));
                g.entries.push(e);
                Ok(())
            })
            .unwrap();
        let before = fs::read(store.writable()).unwrap();
        // A closure error and a model error both leave the bytes as they were.
        assert!(store.update(|_| Err::<(), _>(Error::input("no"))).is_err());
        let err = store
            .update(|g| {
                g.entries.push(Entry::new("c1"));
                Ok(())
            })
            .unwrap_err();
        assert!(err.to_string().contains("glossary.csv"), "{err}");
        assert_eq!(fs::read(store.writable()).unwrap(), before);
        assert_eq!(store.load().unwrap().entries.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn saves_keep_a_readable_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.tbx");
        save_atomic(&p, |w| Ok(w.write_all(b"x")?)).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&p) & 0o777, 0o644);
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        save_atomic(&p, |w| Ok(w.write_all(b"y")?)).unwrap();
        assert_eq!(mode(&p) & 0o777, 0o640);
    }
}

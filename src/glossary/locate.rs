//! Where the glossary is when the user names none.
//!
//! The rule, as git finds `.git`:
//! 1. `--glossary PATH` / `GLOSSA_GLOSSARY` (handled by the front end);
//! 2. a `glossary/` directory in the current directory or one of its
//!    parents (a project or a newsroom checkout);
//! 3. the user's own glossary in the platform data directory
//!    (`$XDG_DATA_HOME/glossa/glossary`, `~/.local/share/glossa/glossary`
//!    on Linux), created on first use from the termbase shipped inside
//!    the binary ([`SHIPPED`]), or explicitly by `glossa init`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::glossary::store::save_atomic;

/// The name of a glossary directory.
pub(crate) const DIR_NAME: &str = "glossary";

/// The shipped termbase, embedded at build time: (file name, content).
/// A test checks that it lists every `*.csv` (and the house style,
/// `style.toml`) of the repository's `glossary/`.
pub const SHIPPED: &[(&str, &str)] = &[
    ("ai.csv", include_str!("../../glossary/ai.csv")),
    ("chips.csv", include_str!("../../glossary/chips.csv")),
    ("cloud.csv", include_str!("../../glossary/cloud.csv")),
    ("glossary.csv", include_str!("../../glossary/glossary.csv")),
    ("markets.csv", include_str!("../../glossary/markets.csv")),
    ("platforms.csv", include_str!("../../glossary/platforms.csv")),
    ("public.csv", include_str!("../../glossary/public.csv")),
    ("regulation.csv", include_str!("../../glossary/regulation.csv")),
    ("security.csv", include_str!("../../glossary/security.csv")),
    ("software.csv", include_str!("../../glossary/software.csv")),
    ("style.toml", include_str!("../../glossary/style.toml")),
    ("telecom.csv", include_str!("../../glossary/telecom.csv")),
    ("traps.csv", include_str!("../../glossary/traps.csv")),
    ("venture.csv", include_str!("../../glossary/venture.csv")),
];

/// Where a glossary was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// A `glossary/` directory in `cwd` or a parent.
    Project(PathBuf),
    /// The user's own glossary directory (it may not exist yet).
    User(PathBuf),
}

impl Located {
    /// The directory.
    pub fn path(&self) -> &Path {
        match self {
            Located::Project(p) | Located::User(p) => p,
        }
    }
}

/// The nearest `glossary/` directory in `cwd` or its parents.
pub(crate) fn find_project(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors().map(|d| d.join(DIR_NAME)).find(|p| p.is_dir())
}

/// The user's glossary directory in the platform data directory.
pub fn user_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("glossa").join(DIR_NAME))
}

/// Find the glossary for `cwd` (rules 2 and 3 above). Fails only when
/// there is neither a project glossary nor a platform data directory.
pub fn locate(cwd: &Path) -> Result<Located> {
    if let Some(p) = find_project(cwd) {
        return Ok(Located::Project(p));
    }
    user_dir().map(Located::User).ok_or_else(|| {
        Error::input(
            "no glossary/ directory here or above, and no user data \
             directory (set HOME or XDG_DATA_HOME, or give --glossary)",
        )
    })
}

/// Write the shipped termbase into `dir` (created if needed). Files that
/// already exist are left alone; returns how many were written. Each file
/// is saved atomically.
pub fn install_shipped(dir: &Path) -> Result<usize> {
    fs::create_dir_all(dir).map_err(|e| Error::from(e).in_file(dir))?;
    let mut n = 0;
    for (name, content) in SHIPPED {
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        save_atomic(&path, |w| {
            w.write_all(content.as_bytes())
                .map_err(|e| Error::from(e).in_file(&path))
        })?;
        n += 1;
    }
    Ok(n)
}

/// Does `dir` hold any glossary file?
pub fn has_glossary_files(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|rd| {
        rd.filter_map(|d| d.ok()).any(|d| {
            d.path().extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_glossary_directory_wins() {
        let t = tempfile::tempdir().unwrap();
        let deep = t.path().join("a/b/c");
        fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_project(&deep), None);
        fs::create_dir_all(t.path().join("a/glossary")).unwrap();
        assert_eq!(find_project(&deep), Some(t.path().join("a/glossary")));
        fs::create_dir_all(t.path().join("a/b/glossary")).unwrap();
        assert_eq!(find_project(&deep), Some(t.path().join("a/b/glossary")));
    }

    #[test]
    fn install_writes_the_shipped_files_once() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("g");
        assert_eq!(install_shipped(&dir).unwrap(), SHIPPED.len());
        assert!(has_glossary_files(&dir));
        let g = crate::Store::new(std::slice::from_ref(&dir))
            .unwrap()
            .load()
            .unwrap();
        assert!(g.entries.len() > 100);
        // A second install leaves the user's files alone.
        fs::write(dir.join("glossary.csv"), "id,lang,term\n").unwrap();
        assert_eq!(install_shipped(&dir).unwrap(), 0);
        assert_eq!(
            fs::read_to_string(dir.join("glossary.csv")).unwrap(),
            "id,lang,term\n"
        );
    }

    #[test]
    fn shipped_lists_every_file_of_the_repository_glossary() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR_NAME);
        let mut on_disk: Vec<String> = fs::read_dir(&repo)
            .unwrap()
            .filter_map(|d| d.ok())
            .map(|d| d.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv") || n == "style.toml")
            .collect();
        on_disk.sort();
        let mut shipped: Vec<String> =
            SHIPPED.iter().map(|(n, _)| n.to_string()).collect();
        shipped.sort();
        assert_eq!(
            shipped, on_disk,
            "update SHIPPED in src/glossary/locate.rs"
        );
        for (name, content) in SHIPPED {
            assert_eq!(
                fs::read_to_string(repo.join(name)).unwrap(),
                *content,
                "{name}"
            );
        }
    }
}

//! Shared helpers for CLI integration tests (fd's `TestEnv` idea): a
//! temporary directory with its own glossary, and a way to run `glossa`
//! in it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root: every file a test reads lives below it.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Real files from CAT tools and the TBX/TMX standards' repositories,
/// copied byte for byte into `tests/data/refs` (sources and licences in
/// the `SOURCES.md` files there).
pub fn refs() -> PathBuf {
    root().join("tests").join("data").join("refs")
}

/// Whether an opt-in suite is switched on (`VAR=1`). When it is not, the
/// test prints a visible `skipped:` line, so `cargo test -- --nocapture`
/// and CI logs tell a skipped suite from a passed one.
pub fn opt_in(var: &str, what: &str) -> bool {
    if std::env::var(var).is_ok_and(|v| v == "1") {
        return true;
    }
    // Written to the real stderr: libtest captures `eprintln!` of passing
    // tests, which would make a skipped suite look like a silent pass.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: set {var}=1 to run {what}");
    false
}

/// The export validator (schemas + translate-toolkit), an optional tool
/// outside the project, named by `GLOSSA_VALIDATOR` (`.ci/run` sets it).
/// Only the opt-in `GLOSSA_VALIDATE=1` suites call this, and they fail
/// loudly without it.
pub fn validator() -> PathBuf {
    let p = std::env::var_os("GLOSSA_VALIDATOR").map(PathBuf::from);
    match p {
        Some(p) if p.is_file() => p,
        other => panic!(
            "GLOSSA_VALIDATE=1 needs the validator script: set \
             GLOSSA_VALIDATOR (now {other:?})"
        ),
    }
}

/// A temporary working directory with `glossary/` as the glossary.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    /// An empty environment: an empty `glossary/` directory (so glossa
    /// finds it, as git finds `.git`), no glossary file yet.
    pub fn new() -> TestEnv {
        let env = TestEnv::bare();
        std::fs::create_dir_all(env.path().join("glossary")).unwrap();
        env
    }

    /// A directory with nothing in it: no `glossary/`, as a user's fresh
    /// working directory.
    pub fn bare() -> TestEnv {
        TestEnv { dir: tempfile::tempdir().expect("tempdir") }
    }

    /// The user data directory the commands of this environment see.
    pub fn user_data(&self) -> PathBuf {
        self.path().join(".user-data")
    }

    /// An environment whose glossary is a copy of the shipped one.
    pub fn with_shipped_glossary() -> TestEnv {
        let env = TestEnv::new();
        let dst = env.path().join("glossary");
        for f in std::fs::read_dir(root().join("glossary")).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "csv") {
                std::fs::copy(&f, dst.join(f.file_name().unwrap())).unwrap();
            }
        }
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The writable glossary file.
    pub fn glossary_file(&self) -> PathBuf {
        self.path().join("glossary").join("glossary.csv")
    }

    /// Write a file under the environment and return its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(name);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }

    /// A `glossa` command running in the environment, colour off.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_glossa"));
        c.current_dir(self.path())
            .env_remove("GLOSSA_GLOSSARY")
            .env_remove("GLOSSA_TM")
            // Never the real user's data directory.
            .env("XDG_DATA_HOME", self.user_data())
            .env("NO_COLOR", "1");
        c
    }

    /// Run `glossa ARGS` and return its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run glossa")
    }

    /// Run and assert exit code 0; return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "glossa {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Run and assert the given exit code; return stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "glossa {args:?}: stdout {}\nstderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

/// A fresh PostgreSQL database for one test (issue 17), created with
/// `psql` on the cluster `.ci/pg-start` runs (admin URL in
/// `GLOSSA_PG_URL`, default `postgres://glossa_pg@127.0.0.1:5439/postgres`),
/// dropped again when the value goes.
pub struct PgDb {
    admin: String,
    name: String,
    /// The database's URL, for `--database`.
    pub url: String,
}

impl PgDb {
    /// A new empty database; `label` names it (for a failing test's
    /// leftovers).
    pub fn new(label: &str) -> PgDb {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let admin = std::env::var("GLOSSA_PG_URL").unwrap_or_else(|_| {
            "postgres://glossa_pg@127.0.0.1:5439/postgres".into()
        });
        let name = format!(
            "glossa_t_{label}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        psql(&admin, &format!("CREATE DATABASE {name}"));
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        PgDb { admin, name, url }
    }

    /// Run SQL in this database; returns psql's unaligned output.
    pub fn sql(&self, sql: &str) -> String {
        psql(&self.url, sql)
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([&self.admin, "-qAtc"])
            .arg(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .output();
    }
}

/// `psql URL -c SQL`, asserting success; returns stdout (unaligned,
/// tuples only).
pub fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
        .output()
        .expect("run psql (PostgreSQL client)");
    assert!(
        out.status.success(),
        "psql {sql:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

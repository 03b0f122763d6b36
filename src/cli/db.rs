//! `glossa migrate` and `glossa db import|export`: the team server's
//! PostgreSQL database (issue 17).
use anyhow::{Context, Result, bail};

use super::{EXIT_OK, Global};

const MIGRATE_HELP: &str = "\
Applies the schema migrations the database lacks (glossa serve and every
command given --database do this too), and prints the schema version.

Examples:
  glossa --database postgres://glossa@db.example/glossa migrate
  GLOSSA_DATABASE_URL=postgres:///glossa?host=/run/postgresql glossa migrate";

/// Create or upgrade the database schema.
#[derive(Debug, clap::Args)]
#[command(after_help = MIGRATE_HELP)]
pub struct MigrateArgs {}

const DB_HELP: &str = "\
Moves a whole glossary and translation memory between the embedded files
(--glossary, --tm) and the database (--database or GLOSSA_DATABASE_URL):
every entry with its id and state, every unit through TMX (markup, props
and the import header survive). The destination must be empty; nothing is
written otherwise.

Examples:
  glossa -g glossary/ --database postgres://glossa@db/glossa db import
  glossa -g backup/ --tm backup/tm.sqlite --database postgres://glossa@db/glossa db export";

/// Move a glossary and memory between the embedded files and the database.
#[derive(Debug, clap::Args)]
#[command(after_help = DB_HELP)]
pub struct DbArgs {
    #[command(subcommand)]
    pub command: DbCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum DbCommand {
    /// Copy the embedded glossary and TM into an empty database.
    Import,
    /// Copy the database's glossary and TM into empty embedded files.
    Export,
}

fn url(g: &Global) -> Result<&str> {
    match &g.database {
        Some(u) => Ok(u),
        None => bail!(
            "no database: give --database URL or set GLOSSA_DATABASE_URL"
        ),
    }
}

pub fn migrate(_a: MigrateArgs, g: &Global) -> Result<u8> {
    let pg = glossa::workspace::Pg::open(url(g)?)?;
    let applied = pg.migrate().context("migrating the database")?;
    let v = pg.schema_version()?;
    if applied.is_empty() {
        println!("schema version {v}: up to date");
    } else {
        let list: Vec<String> =
            applied.iter().map(|v| v.to_string()).collect();
        println!("schema version {v}: applied {}", list.join(", "));
    }
    Ok(EXIT_OK)
}

pub fn db(a: DbArgs, g: &Global) -> Result<u8> {
    let db = glossa::Workspace::postgres(url(g)?)?;
    let files = glossa::Workspace::embedded(&g.glossary, &g.tm_path())?;
    let (from, to) = match a.command {
        DbCommand::Import => (&files, &db),
        DbCommand::Export => (&db, &files),
    };
    let s = from.copy_into(to)?;
    println!(
        "copied {} entries and {} units from {} to {}",
        s.entries,
        s.units,
        from.describe(),
        to.describe()
    );
    Ok(EXIT_OK)
}

//! `glossa user`: team accounts on the database (issue 17).
use std::io::BufRead;

use anyhow::{Context, Result, bail};

use super::{EXIT_OK, Global};
use glossa::workspace::Pg;
use glossa::workspace::team::Role;

const USER_HELP: &str = "\
Accounts of the team server (glossa serve --database URL). Translators look
up, search, check and propose; terminologists also approve, edit, restore
and import; admins also manage users. The password is read from
$GLOSSA_PASSWORD, else from the first line of standard input.

Examples:
  echo 'correct horse battery' | glossa --database postgres://glossa@db/glossa user add ana --role terminologist
  glossa --database postgres://glossa@db/glossa user token ana --label lsp
  glossa --database postgres://glossa@db/glossa user list";

/// Manage the team server's accounts.
#[derive(Debug, clap::Args)]
#[command(after_help = USER_HELP)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an account.
    Add {
        /// Account name (letters, digits, '.', '_', '-').
        name: String,
        /// Its role.
        #[arg(long, value_parser = ["translator", "terminologist", "admin"])]
        role: String,
    },
    /// Print a new API token for an account (for scripts, `glossa
    /// --server`, editors): send it as `Authorization: Bearer TOKEN`.
    Token {
        /// Account name.
        name: String,
        /// What the token is for.
        #[arg(long, default_value = "")]
        label: String,
    },
    /// List the accounts and their roles.
    List,
}

fn password() -> Result<String> {
    if let Ok(p) = std::env::var("GLOSSA_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub fn user(a: UserArgs, g: &Global) -> Result<u8> {
    let Some(url) = &g.database else {
        bail!(
            "accounts live in the team database: give --database URL or set GLOSSA_DATABASE_URL"
        );
    };
    let pg = Pg::connect(url)?;
    match a.command {
        UserCommand::Add { name, role } => {
            let role = Role::parse(&role)?;
            pg.add_user(&name, role, &password()?)?;
            println!("added {name} ({})", role.as_str());
        }
        UserCommand::Token { name, label } => {
            println!("{}", pg.new_credential(&name, true, &label)?);
        }
        UserCommand::List => {
            for u in pg.users()? {
                println!("{}\t{}", u.name, u.role.as_str());
            }
        }
    }
    Ok(EXIT_OK)
}

//! Command-line front end: clap definitions and one module per command
//! group. Each module has an `Args` struct (its doc comments are the
//! `--help` text) and a `run` function that calls the library and prints.

mod align;
mod check;
mod db;
mod glossary;
mod lookup;
mod lsp;
mod serve;
pub mod style;
mod tm;
mod translate;
mod user;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use glossa::Store;
use glossa::glossary::locate;

/// Exit code: success / clean.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above `--fail-on` (check, suggest, validate).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: error (bad input, I/O).
pub const EXIT_ERROR: u8 = 2;

const AFTER_HELP: &str = "\
Examples:
  glossa lookup \"puce\"                       find an entry, forgiving typos
  glossa add --fr \"fonds spéculatif\" --en \"hedge fund\" --domain finance
  glossa align data/sample/deepseek.fr.txt data/sample/deepseek.en.txt
  glossa check --source article.fr.txt --target draft.en.txt
  glossa translate \"énergie éolienne\"            English candidates with evidence
  glossa export --to tbx -o glossary.tbx

Exit codes: 0 success, 1 findings (check/suggest/validate), 2 error.";

/// French→English glossary and translation memory for tech journalism.
#[derive(Debug, Parser)]
#[command(name = "glossa", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Glossary file or directory (repeatable). The first has priority and
    /// receives writes (a directory is written to DIR/glossary.csv).
    /// Default: the nearest glossary/ in this directory or a parent, else
    /// your own glossary in the user data directory (created from the
    /// shipped termbase on first use; see `glossa init`).
    #[arg(
        long = "glossary",
        short = 'g',
        global = true,
        env = "GLOSSA_GLOSSARY",
        value_delimiter = ':'
    )]
    pub glossary: Vec<PathBuf>,

    /// Translation memory database (default: tm.sqlite beside the first
    /// glossary).
    #[arg(long, global = true, env = "GLOSSA_TM")]
    pub tm: Option<PathBuf>,

    /// Keep the glossary and the translation memory in this PostgreSQL
    /// database instead of files (the team server's storage; see
    /// `glossa serve`, `glossa migrate`, `glossa db`).
    #[arg(
        long,
        global = true,
        env = "GLOSSA_DATABASE_URL",
        value_name = "URL"
    )]
    pub database: Option<String>,

    /// When to use colour (NO_COLOR is respected in auto mode).
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: style::ColorChoice,
}

impl Global {
    /// Fill in the default glossary when none was named (see
    /// `glossa::glossary::locate`). The user's own glossary is created
    /// from the shipped termbase on first use, said once on stderr.
    fn resolve(&mut self, create_user: bool) -> Result<()> {
        if !self.glossary.is_empty() {
            return Ok(());
        }
        let cwd = std::env::current_dir()?;
        let found = locate::locate(&cwd)?;
        if let locate::Located::User(dir) = &found
            && create_user
            && !locate::has_glossary_files(dir)
        {
            let n = locate::install_shipped(dir)?;
            if n > 0 {
                eprintln!(
                    "glossa: created your glossary at {} from the shipped \
                     termbase (change it with --glossary or GLOSSA_GLOSSARY)",
                    dir.display()
                );
            }
        }
        // Said relative to where the user is, when below it.
        let path = found.path();
        let shown = path.strip_prefix(&cwd).unwrap_or(path);
        self.glossary = vec![shown.to_path_buf()];
        Ok(())
    }

    /// The glossary store.
    pub fn store(&self) -> Result<Store> {
        Ok(Store::new(&self.glossary)?)
    }

    /// The glossary and translation memory the command works on.
    pub fn workspace(&self) -> Result<glossa::Workspace> {
        if let Some(url) = &self.database {
            return Ok(glossa::Workspace::postgres(url)?);
        }
        Ok(glossa::Workspace::embedded(&self.glossary, &self.tm_path())?)
    }

    /// Terminal styling.
    pub fn style(&self) -> style::Style {
        style::Style::new(self.color)
    }

    /// The TM database path.
    pub fn tm_path(&self) -> PathBuf {
        if let Some(p) = &self.tm {
            return p.clone();
        }
        let first = &self.glossary[0];
        let dir = if first.is_dir() || first.extension().is_none() {
            first.clone()
        } else {
            first.parent().map(|p| p.to_path_buf()).unwrap_or_default()
        };
        dir.join("tm.sqlite")
    }
}

/// Output format shared by list-like commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Readable text (coloured on a terminal).
    Human,
    /// JSON for scripts.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add an entry (a French/English term pair) to the glossary.
    Add(Box<glossary::AddArgs>),
    /// List glossary entries.
    List(glossary::ListArgs),
    /// Import TBX, CSV or TSV glossaries into the writable glossary.
    Import(glossary::ImportArgs),
    /// Export the glossary as TBX v2/v3, CSV, OmegaT TSV or a Vale style.
    Export(glossary::ExportArgs),
    /// Check glossary files and report every problem with its line.
    Validate(glossary::ValidateArgs),
    /// Look a term up, forgiving accents, case, inflection and typos.
    Lookup(lookup::LookupArgs),
    /// Align a French article with its English version: sentences, terms.
    Align(align::AlignArgs),
    /// Extract French term candidates from an article.
    Extract(align::ExtractArgs),
    /// Review proposed entries: accept, edit or reject.
    Review(align::ReviewArgs),
    /// Show glossary terms found in a text, with their equivalents.
    Suggest(check::SuggestArgs),
    /// Check an English draft against its French source and the glossary.
    Check(check::CheckArgs),
    /// Run the language server over stdio (for editors).
    Lsp(lsp::LspArgs),
    /// Translation memory: import, export, search, add.
    Tm(tm::TmArgs),
    /// English candidates for a French term, with their evidence.
    Translate(translate::TranslateArgs),
    /// Serve the web app: for one translator, or a team on PostgreSQL.
    Serve(serve::ServeArgs),
    /// Create or upgrade the PostgreSQL schema (team server).
    Migrate(db::MigrateArgs),
    /// Move a glossary and TM between the embedded files and PostgreSQL.
    Db(db::DbArgs),
    /// Team server accounts: add users, hand out API tokens.
    User(user::UserArgs),
    /// Create a glossary: your own (default) or a project's.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff) on standard output.
    #[command(
        after_help = "Example:\n  glossa man > ~/.local/share/man/man1/glossa.1"
    )]
    Man,
}

/// Parse arguments and run the command; returns the exit code.
pub fn run() -> Result<u8> {
    let mut cli = Cli::parse();
    match &cli.command {
        Command::Completions(a) => return completions(a),
        Command::Man => return man(),
        Command::Init(a) => return init(a),
        _ => {}
    }
    cli.global.resolve(true)?;
    let g = &cli.global;
    match cli.command {
        Command::Add(a) => glossary::add(*a, g),
        Command::List(a) => glossary::list(a, g),
        Command::Import(a) => glossary::import(a, g),
        Command::Export(a) => glossary::export(a, g),
        Command::Validate(a) => glossary::validate(a, g),
        Command::Lookup(a) => lookup::lookup(a, g),
        Command::Align(a) => align::align(a, g),
        Command::Extract(a) => align::extract(a, g),
        Command::Review(a) => align::review(a, g),
        Command::Suggest(a) => check::suggest(a, g),
        Command::Check(a) => check::check(a, g),
        Command::Lsp(a) => lsp::lsp(a, g),
        Command::Tm(a) => tm::tm(a, g),
        Command::Translate(a) => translate::translate_cmd(a, g),
        Command::Serve(a) => serve::serve(a, g),
        Command::Migrate(a) => db::migrate(a, g),
        Command::Db(a) => db::db(a, g),
        Command::User(a) => user::user(a, g),
        Command::Completions(_) | Command::Man | Command::Init(_) => {
            unreachable!("handled before the glossary is located")
        }
    }
}

const INIT_HELP: &str = "\
Examples:
  glossa init                     your own glossary, from the shipped termbase
  glossa init ./glossary          a project glossary in this directory
  glossa init ./glossary --empty  an empty one

Without DIR, the glossary goes to the user data directory
(~/.local/share/glossa/glossary on Linux), which every glossa command uses
when no glossary/ is found in the current directory or its parents. An
existing glossary is never overwritten.";

/// Create a glossary directory.
#[derive(Debug, clap::Args)]
#[command(after_help = INIT_HELP)]
pub struct InitArgs {
    /// Where to create it (default: your user data directory).
    pub dir: Option<PathBuf>,
    /// Create an empty glossary instead of a copy of the shipped one.
    #[arg(long)]
    pub empty: bool,
}

fn init(a: &InitArgs) -> Result<u8> {
    let dir = match &a.dir {
        Some(d) => d.clone(),
        None => locate::user_dir().ok_or_else(|| {
            anyhow::anyhow!(
                "no user data directory (set HOME or XDG_DATA_HOME)"
            )
        })?,
    };
    if locate::has_glossary_files(&dir) {
        anyhow::bail!(
            "{} already holds a glossary; nothing written",
            dir.display()
        );
    }
    if a.empty {
        let store = Store::new(std::slice::from_ref(&dir))?;
        store.update(|_| Ok(()))?;
        eprintln!("created an empty glossary at {}", dir.display());
    } else {
        locate::install_shipped(&dir)?;
        let n = Store::new(std::slice::from_ref(&dir))?.load()?.entries.len();
        eprintln!(
            "created a glossary of {n} entries at {} from the shipped termbase",
            dir.display()
        );
    }
    Ok(EXIT_OK)
}

const COMPLETIONS_HELP: &str = "\
Examples:
  glossa completions bash > ~/.local/share/bash-completion/completions/glossa
  glossa completions zsh > ~/.zfunc/_glossa
  glossa completions fish > ~/.config/fish/completions/glossa.fish";

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(after_help = COMPLETIONS_HELP)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

fn completions(a: &CompletionsArgs) -> Result<u8> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    clap_complete::generate(
        a.shell,
        &mut cmd,
        "glossa",
        &mut std::io::stdout(),
    );
    Ok(EXIT_OK)
}

fn man() -> Result<u8> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
    Ok(EXIT_OK)
}

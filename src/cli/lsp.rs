//! `glossa lsp`: run the language server over stdio.

use anyhow::Result;

use super::{EXIT_FINDINGS, EXIT_OK, Global};
use glossa::lsp::Exit;

/// Run the language server on standard input/output. Editors start it
/// themselves; it serves diagnostics (deprecated terms, English
/// equivalents in French text), hover, completion and code actions.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    glossa lsp                          (started by the editor, speaks on stdio)\n  \
    glossa --glossary ~/desk/glossary lsp\n\n\
    Editor setup (Neovim):\n  \
    vim.lsp.start({ name = \"glossa\", cmd = { \"glossa\", \"lsp\" } })\n\
    With a glossary elsewhere: cmd = { \"glossa\", \"--glossary\", PATH, \"lsp\" }\n\n\
    Exit codes: 0 after shutdown/exit or when the editor disconnects, 1 on\n\
    exit without shutdown, 2 on I/O error.")]
pub struct LspArgs {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

pub fn lsp(_a: LspArgs, g: &Global) -> Result<u8> {
    let ws = g.workspace()?;
    let stdin = std::io::BufReader::new(std::io::stdin());
    let stdout = std::io::stdout();
    let exit = glossa::lsp::run(stdin, stdout.lock(), ws)?;
    Ok(match exit {
        Exit::Clean | Exit::Disconnected => EXIT_OK,
        Exit::WithoutShutdown => EXIT_FINDINGS,
    })
}

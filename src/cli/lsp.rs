//! `glossa lsp` (placeholder until its issue lands).
use super::Global;
use anyhow::{Result, bail};

#[derive(Debug, clap::Args)]
pub struct LspArgs {}

pub fn lsp(_args: LspArgs, _g: &Global) -> Result<u8> {
    bail!("glossa lsp is not built yet")
}

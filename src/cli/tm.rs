//! `glossa tm` (placeholder until its issue lands).
use super::Global;
use anyhow::{Result, bail};

#[derive(Debug, clap::Args)]
pub struct TmArgs {}

pub fn tm(_args: TmArgs, _g: &Global) -> Result<u8> {
    bail!("glossa tm is not built yet")
}

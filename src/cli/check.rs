//! `glossa check` (placeholder until its issue lands).
use super::Global;
use anyhow::{Result, bail};

#[derive(Debug, clap::Args)]
pub struct SuggestArgs {}

pub fn suggest(_args: SuggestArgs, _g: &Global) -> Result<u8> {
    bail!("glossa suggest is not built yet")
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

pub fn check(_args: CheckArgs, _g: &Global) -> Result<u8> {
    bail!("glossa check is not built yet")
}

//! `glossa lookup` (placeholder until its issue lands).
use super::Global;
use anyhow::{Result, bail};

#[derive(Debug, clap::Args)]
pub struct LookupArgs {}

pub fn lookup(_args: LookupArgs, _g: &Global) -> Result<u8> {
    bail!("glossa lookup is not built yet")
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {}

pub fn generate(_args: GenerateArgs, _g: &Global) -> Result<u8> {
    bail!("glossa generate is not built yet")
}

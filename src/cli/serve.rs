//! `glossa serve` (placeholder until its issue lands).
use super::Global;
use anyhow::{Result, bail};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

pub fn serve(_args: ServeArgs, _g: &Global) -> Result<u8> {
    bail!("glossa serve is not built yet")
}

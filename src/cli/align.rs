//! `glossa align` (placeholder until its issue lands).
use super::Global;
use anyhow::{Result, bail};

#[derive(Debug, clap::Args)]
pub struct AlignArgs {}

pub fn align(_args: AlignArgs, _g: &Global) -> Result<u8> {
    bail!("glossa align is not built yet")
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {}

pub fn extract(_args: ExtractArgs, _g: &Global) -> Result<u8> {
    bail!("glossa extract is not built yet")
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {}

pub fn review(_args: ReviewArgs, _g: &Global) -> Result<u8> {
    bail!("glossa review is not built yet")
}

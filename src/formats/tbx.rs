//! TBX v2 (TBX-Basic `martif`) and TBX v3 (ISO 30042:2019) — placeholder.

use std::io::Write;

use crate::error::{Error, Result};
use crate::glossary::Glossary;

/// Which TBX to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// TBX v2 TBX-Basic `<martif type="TBX-Basic">`.
    V2,
    /// TBX v3 TBX-Basic, DCA style.
    V3,
}

/// Read TBX (v2 or v3, any declared encoding).
pub fn read(_bytes: &[u8]) -> Result<Glossary> {
    Err(Error::input("TBX import is not built yet"))
}

/// Write TBX.
pub fn write<W: Write + ?Sized>(
    _w: &mut W,
    _g: &Glossary,
    _v: Version,
) -> Result<()> {
    Err(Error::input("TBX export is not built yet"))
}

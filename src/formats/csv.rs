//! csv glossary exchange — placeholder.

use std::io::Write;

use crate::error::{Error, Result};
use crate::glossary::Glossary;

/// Read.
pub fn read(_bytes: &[u8]) -> Result<Glossary> {
    Err(Error::input("csv import is not built yet"))
}

/// Write.
pub fn write<W: Write + ?Sized>(_w: &mut W, _g: &Glossary) -> Result<()> {
    Err(Error::input("csv export is not built yet"))
}

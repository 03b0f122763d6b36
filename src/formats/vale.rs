//! Vale substitution style from the glossary — placeholder (issue 5).

use std::io::Write;

use crate::error::{Error, Result};
use crate::glossary::Glossary;

/// Write a Vale style.
pub fn write<W: Write + ?Sized>(_w: &mut W, _g: &Glossary) -> Result<()> {
    Err(Error::input("Vale export is not built yet"))
}

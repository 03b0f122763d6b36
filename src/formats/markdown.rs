//! A test-only export format: the glossary as a Markdown table (French |
//! English | subject), approved terms only. It exists to show what a new
//! format costs: this file plus one line in the registry.

use std::io::Write;

use super::registry::{Format, Holds};
use crate::error::Result;
use crate::glossary::Glossary;

/// Its registry line.
pub const FORMAT: Format = Format {
    name: "md",
    label: "Markdown table",
    summary: "Markdown table of French and English terms",
    tools: "wikis, READMEs",
    holds: Holds::Glossary,
    extensions: &[],
    file_name: "glossary.md",
    media_type: "text/markdown; charset=utf-8",
    read: None,
    write: Some(write),
    profiles: &["generic"],
};

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Write one row per entry: its preferred French and English terms.
pub fn write(w: &mut dyn Write, g: &Glossary) -> Result<()> {
    writeln!(w, "| French | English | Subject |\n|---|---|---|")?;
    for e in &g.entries {
        let term = |l| e.preferred(l).map_or(String::new(), |t| cell(&t.text));
        writeln!(
            w,
            "| {} | {} | {} |",
            term("fr"),
            term("en"),
            cell(&e.subject)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::formats::registry;

    /// The registry line is all the CLI help and the web app need.
    #[test]
    fn a_registered_format_reaches_help_and_export() {
        let md = registry::by_name("md").unwrap();
        let help =
            registry::help_lines(registry::Holds::Glossary, |f| f.writable());
        assert!(help.contains("  md     Markdown table"), "{help}");
        let mut g = crate::Glossary::new();
        let mut e = crate::Entry::new("c1");
        e.subject = "chips".into();
        e.terms.push(crate::Term::new(crate::LangTag::fr(), "puce"));
        e.terms.push(crate::Term::new(crate::LangTag::en(), "chip|die"));
        g.entries.push(e);
        let mut out = Vec::new();
        md.write(&mut out, &g).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| French | English | Subject |\n|---|---|---|\n| puce | chip\\|die | chips |\n"
        );
        assert!(md.read(b"| a |").is_err());
    }
}

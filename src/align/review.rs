//! Reviewing proposed entries: what `glossa review` decides, applied to
//! a glossary.
//!
//! [`proposed`] lists the entries waiting for review; [`apply`] applies
//! [`Decision`]s (accept → `approved`, edit → new English term then
//! approved, reject → entry deleted). The CLI gathers decisions
//! interactively or from flags and saves through
//! [`crate::Store::update`], so a failed decision leaves the file as it
//! was.

use crate::error::{Error, Position, Result};
use crate::glossary::model::{LangTag, ReviewState, Term};
use crate::glossary::{Entry, Glossary};
use crate::workspace::Workspace;

use super::queue::Rejected;

/// What to do with one proposed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Approve it as it is.
    Accept,
    /// Replace the preferred English term, then approve.
    Edit(String),
    /// Delete it.
    Reject,
}

/// Entries in the `proposed` state, in file order.
pub fn proposed(g: &Glossary) -> Vec<&Entry> {
    g.entries.iter().filter(|e| e.state == ReviewState::Proposed).collect()
}

/// Apply decisions by entry id. An unknown id, or an id that is not
/// proposed, is an error naming the entry (nothing is applied).
pub fn apply(
    g: &mut Glossary,
    decisions: &[(String, Decision)],
) -> Result<()> {
    for (id, _) in decisions {
        match g.get(id) {
            None => {
                return Err(Error::input(format!("no entry with id {id:?}"))
                    .at(Position::entry(id)));
            }
            Some(e) if e.state != ReviewState::Proposed => {
                return Err(Error::input(format!(
                    "entry {id:?} is not proposed (already reviewed)"
                ))
                .at(Position::entry(id)));
            }
            _ => {}
        }
    }
    let mut reject = Vec::new();
    for (id, d) in decisions {
        match d {
            Decision::Reject => reject.push(id.clone()),
            Decision::Accept => {
                if let Some(e) = g.get_mut(id) {
                    e.state = ReviewState::Approved;
                }
            }
            Decision::Edit(text) => {
                let text = text.trim();
                if text.is_empty() || text.contains(['\t', '\n', '\r']) {
                    return Err(Error::input(format!(
                        "edited term {text:?} is empty or has a tab or \
                         line break"
                    ))
                    .at(Position::entry(id)));
                }
                if let Some(e) = g.get_mut(id) {
                    e.state = ReviewState::Approved;
                    match e.terms.iter_mut().find(|t| t.lang.is("en")) {
                        Some(t) => t.text = text.to_string(),
                        None => e.terms.push(Term::new(LangTag::en(), text)),
                    }
                }
            }
        }
    }
    g.entries.retain(|e| !reject.contains(&e.id));
    Ok(())
}

/// Apply decisions to the writable glossary of `ws` (under the
/// repository's concurrency rule; nothing is written when a decision
/// fails) and remember the rejected pairs in the glossary's sidecar
/// ([`Rejected::path_for`], for a glossary kept in files) so `align
/// --add` never proposes them again. The one review rule of the CLI
/// (`glossa review`) and the web app. Returns the rejected (French,
/// English) pairs.
pub fn decide(
    ws: &Workspace,
    decisions: &[(String, Decision)],
) -> Result<Vec<(String, String)>> {
    let rejected = ws.update(|g| {
        let pairs: Vec<(String, String)> = decisions
            .iter()
            .filter(|(_, d)| *d == Decision::Reject)
            .filter_map(|(id, _)| g.get(id))
            .filter_map(|e| {
                Some((
                    e.preferred("fr")?.text.clone(),
                    e.preferred("en")?.text.clone(),
                ))
            })
            .collect();
        apply(g, decisions)?;
        Ok(pairs)
    })?;
    if let Some(store) = ws.glossary().files() {
        Rejected::append(&Rejected::path_for(store.writable()), &rejected)?;
    }
    Ok(rejected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        let mut g = Glossary::new();
        for (id, fr, en, state) in [
            ("c1", "puce", "chip", ReviewState::Approved),
            (
                "c2",
                "fonds spéculatif",
                "speculative fund",
                ReviewState::Proposed,
            ),
            ("c3", "grappe", "bunch", ReviewState::Proposed),
            ("c4", "modèle", "model", ReviewState::Proposed),
        ] {
            let mut e = Entry::new(id);
            e.state = state;
            e.terms = vec![
                Term::new(LangTag::fr(), fr),
                Term::new(LangTag::en(), en),
            ];
            g.entries.push(e);
        }
        g
    }

    #[test]
    fn accept_edit_reject() {
        let mut g = glossary();
        assert_eq!(proposed(&g).len(), 3);
        apply(
            &mut g,
            &[
                ("c2".into(), Decision::Edit("hedge fund".into())),
                ("c3".into(), Decision::Reject),
                ("c4".into(), Decision::Accept),
            ],
        )
        .unwrap();
        assert!(proposed(&g).is_empty());
        assert_eq!(g.entries.len(), 3);
        assert_eq!(
            g.get("c2").unwrap().preferred("en").unwrap().text,
            "hedge fund"
        );
        assert_eq!(g.get("c4").unwrap().state, ReviewState::Approved);
        assert!(g.get("c3").is_none());
    }

    #[test]
    fn unknown_or_reviewed_ids_fail_without_change() {
        let mut g = glossary();
        let before = g.clone();
        let e = apply(
            &mut g,
            &[
                ("c4".into(), Decision::Accept),
                ("c9".into(), Decision::Accept),
            ],
        )
        .unwrap_err();
        assert_eq!(e.position().entry.as_deref(), Some("c9"));
        assert_eq!(g, before);
        assert!(apply(&mut g, &[("c1".into(), Decision::Reject)]).is_err());
        assert_eq!(g, before);
    }
}

//! The glossary rules every front end shares, written once: when an added
//! entry is one already there, which state a new entry starts in, and
//! what an export carries.
//!
//! Equality of terms is [`Term::same_as`](crate::Term::same_as): the text
//! pipeline's fold (NFC, case, accents, `’` and `'`, spacing), so
//! `Élément` / `élément`, `centre de données` / `centre de donnees` and
//! `l’IA` / `l'IA` are one term.

use crate::glossary::model::{fill_empty, is_ncname};
use crate::glossary::{Entry, Glossary, ReviewState};

use serde::Serialize;

/// What adding an entry did ([`add_or_merge`],
/// [`GlossaryRepo::add_or_merge`](super::GlossaryRepo::add_or_merge)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddOutcome {
    /// The id of the entry now holding the terms: the new entry's, or the
    /// existing entry's it was merged into.
    pub id: String,
    /// True if a new entry was created.
    pub added: bool,
}

/// The entry `new` would duplicate: the first one holding every term of
/// `new` (same language, same folded text).
pub fn find_same(g: &Glossary, new: &Entry) -> Option<usize> {
    if new.terms.is_empty() {
        return None;
    }
    let keys: Vec<(&str, String)> =
        new.terms.iter().map(|t| (t.lang.primary(), t.key())).collect();
    g.entries.iter().position(|e| {
        keys.iter().all(|(lang, key)| {
            e.terms
                .iter()
                .any(|t| t.lang.primary() == *lang && t.key() == *key)
        })
    })
}

/// Add `new` to `g`, or merge it into the entry that already holds all
/// its terms ([`find_same`]): the existing entry keeps its terms and gets
/// the concept fields it lacks (subject, definition, source, note). A new
/// entry keeps its id when it is a free XML name, else gets the next
/// `c<N>`. The outcome names the real id either way.
pub fn add_or_merge(g: &mut Glossary, mut new: Entry) -> AddOutcome {
    if let Some(i) = find_same(g, &new) {
        let id = g.entries[i].id.clone();
        fill_empty(&mut g.entries[i], new);
        return AddOutcome { id, added: false };
    }
    if new.id.is_empty() || !is_ncname(&new.id) || g.get(&new.id).is_some() {
        new.id = g.next_id();
    }
    let id = new.id.clone();
    g.entries.push(new);
    AddOutcome { id, added: true }
}

/// The review state of an entry added by hand: as asked, except that an
/// entry with only one side (a French term and no English one, or the
/// reverse) is a candidate, `proposed`, until someone completes it.
pub fn initial_state(e: &Entry, asked: ReviewState) -> ReviewState {
    let has = |l: &str| e.terms.iter().any(|t| t.lang.is(l));
    if has("fr") && has("en") { asked } else { ReviewState::Proposed }
}

/// The entries an export carries: approved ones, and proposed ones too
/// when asked.
pub fn for_export(g: &mut Glossary, include_proposed: bool) {
    if !include_proposed {
        g.entries.retain(|e| e.state == ReviewState::Approved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{LangTag, Term};

    fn pair(fr: &str, en: &str) -> Entry {
        let mut e = Entry::new("");
        e.terms.push(Term::new(LangTag::fr(), fr));
        e.terms.push(Term::new(LangTag::en(), en));
        e
    }

    #[test]
    fn spellings_of_one_term_are_one_entry() {
        for (a, b) in [
            ("Élément", "élément"),
            ("Élément", "Élément"),
            ("centre de données", "centre de donnees"),
            ("l’IA", "l'IA"),
            ("e\u{301}le\u{301}ment", "élément"),
        ] {
            let mut g = Glossary::new();
            let first = add_or_merge(&mut g, pair(a, "x"));
            let again = add_or_merge(&mut g, pair(b, "x"));
            assert_eq!(first, AddOutcome { id: "c1".into(), added: true });
            assert_eq!(again, AddOutcome { id: "c1".into(), added: false });
            assert_eq!(g.entries.len(), 1, "{a} / {b}");
        }
    }

    #[test]
    fn merge_names_the_real_id_and_fills_gaps() {
        let mut g = Glossary::new();
        for (fr, en) in [("puce", "chip"), ("grappe", "cluster")] {
            add_or_merge(&mut g, pair(fr, en));
        }
        let mut e = pair("Grappe", "cluster");
        e.definition = "a group of servers".into();
        e.id = "c9".into();
        let got = add_or_merge(&mut g, e);
        assert_eq!(got, AddOutcome { id: "c2".into(), added: false });
        assert_eq!(g.entries[1].definition, "a group of servers");
        // One side of an existing entry is that entry.
        let mut fr_only = Entry::new("");
        fr_only.terms.push(Term::new(LangTag::fr(), "PUCE"));
        assert_eq!(add_or_merge(&mut g, fr_only).id, "c1");
        // Different terms are a new entry, with the next free id.
        assert_eq!(
            add_or_merge(&mut g, pair("puce", "microchip")),
            AddOutcome { id: "c3".into(), added: true }
        );
    }

    #[test]
    fn one_sided_entries_start_proposed() {
        let mut e = Entry::new("c1");
        e.terms.push(Term::new(LangTag::fr(), "grappe"));
        assert_eq!(
            initial_state(&e, ReviewState::Approved),
            ReviewState::Proposed
        );
        let e = pair("grappe", "cluster");
        assert_eq!(
            initial_state(&e, ReviewState::Approved),
            ReviewState::Approved
        );
    }
}

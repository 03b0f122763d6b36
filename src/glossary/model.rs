//! The concept-oriented termbase model, mapping 1:1 onto TBX-Basic.
//!
//! A [`Glossary`] holds [`Entry`]s (concepts, TBX `termEntry`); each entry
//! holds [`Term`]s in one or more languages (TBX `langSet`/`tig`). Every
//! closed list of TBX-Basic (part of speech, gender, number, administrative
//! status, term type) is an enum here with one spelling for our CSV
//! (`as_str`) and one for TBX (`tbx_name`). Nothing here does I/O.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Position, Result};

/// A BCP 47 language tag in canonical spelling: `fr`, `en`, `en-US`.
///
/// Reads any common spelling (`FR`, `fr_FR`, `fr-fr`, `EN-us`).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct LangTag(String);

impl LangTag {
    /// Parse a tag in any common spelling.
    pub fn parse(s: &str) -> Result<LangTag> {
        let s = s.trim();
        let mut parts = s.split(['-', '_']);
        let primary = parts.next().unwrap_or("");
        let ok_primary = (2..=3).contains(&primary.len())
            && primary.chars().all(|c| c.is_ascii_alphabetic());
        if !ok_primary {
            return Err(Error::invalid(
                Position::default(),
                format!(
                    "unknown language code {s:?} (expected e.g. fr, en, fr-FR, en_US)"
                ),
            ));
        }
        let mut tag = primary.to_ascii_lowercase();
        for p in parts {
            let ok = !p.is_empty()
                && p.len() <= 8
                && p.chars().all(|c| c.is_ascii_alphanumeric());
            if !ok {
                return Err(Error::invalid(
                    Position::default(),
                    format!("unknown language code {s:?}"),
                ));
            }
            tag.push('-');
            if p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()) {
                tag.push_str(&p.to_ascii_uppercase());
            } else if p.len() == 4 {
                // Script subtag: title case (Latn).
                let mut cs = p.chars();
                let first = cs.next().unwrap_or('x').to_ascii_uppercase();
                tag.push(first);
                tag.push_str(&cs.as_str().to_ascii_lowercase());
            } else {
                tag.push_str(&p.to_ascii_lowercase());
            }
        }
        Ok(LangTag(tag))
    }

    /// French.
    pub fn fr() -> LangTag {
        LangTag("fr".into())
    }

    /// English.
    pub fn en() -> LangTag {
        LangTag("en".into())
    }

    /// The full tag, e.g. `en-US`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, e.g. `en` for `en-US`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// True when the primary subtag is `lang` (`en-GB` is `en`).
    pub fn is(&self, lang: &str) -> bool {
        self.primary().eq_ignore_ascii_case(lang)
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LangTag {
    type Error = Error;
    fn try_from(s: String) -> Result<LangTag> {
        LangTag::parse(&s)
    }
}

impl From<LangTag> for String {
    fn from(t: LangTag) -> String {
        t.0
    }
}

/// Defines a closed list with its CSV spelling, its TBX spelling and
/// extra accepted spellings on input.
macro_rules! closed_list {
    (
        $(#[$meta:meta])* $name:ident {
            $( $(#[$vmeta:meta])* $var:ident = $csv:literal, $tbx:literal
               $(, [$($alias:literal),*])? ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[derive(Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $( $(#[$vmeta])* $var, )+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The spelling in glossa CSV and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $csv,)+ }
            }

            /// The TBX-Basic picklist value.
            pub fn tbx_name(self) -> &'static str {
                match self { $($name::$var => $tbx,)+ }
            }

            /// Parse our spelling, the TBX spelling or a common alias,
            /// ignoring case, spaces, `-` and `_`.
            pub fn parse(s: &str) -> Option<$name> {
                let k: String = s
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '_'))
                    .flat_map(char::to_lowercase)
                    .collect();
                let k = k.as_str();
                $(
                    let tbx: String = $tbx
                        .chars()
                        .filter(|c| !matches!(c, ' ' | '-' | '_'))
                        .flat_map(char::to_lowercase)
                        .collect();
                    if k == $csv || k == tbx $($(|| k == $alias)*)? {
                        return Some($name::$var);
                    }
                )+
                None
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_list! {
    /// Administrative status (TBX `administrativeStatus`).
    AdminStatus {
        /// The term to use.
        Preferred = "preferred", "preferredTerm-admn-sts", ["preferredterm", "approved"];
        /// Allowed synonym.
        Admitted = "admitted", "admittedTerm-admn-sts", ["admittedterm", "allowed"];
        /// "Do not use".
        Deprecated = "deprecated", "deprecatedTerm-admn-sts",
            ["deprecatedterm", "forbidden", "donotuse"];
        /// Replaced by a newer term.
        Superseded = "superseded", "supersededTerm-admn-sts", ["supersededterm", "obsolete"];
    }
}

closed_list! {
    /// Part of speech (TBX `partOfSpeech`).
    PartOfSpeech {
        /// Noun.
        Noun = "noun", "noun", ["n", "nom"];
        /// Verb.
        Verb = "verb", "verb", ["v", "verbe"];
        /// Adjective.
        Adjective = "adjective", "adjective", ["adj", "adjectif"];
        /// Adverb.
        Adverb = "adverb", "adverb", ["adv", "adverbe"];
        /// Proper noun (TBX v2 only; v3 writes `noun`).
        ProperNoun = "propernoun", "properNoun", ["nompropre"];
        /// Anything else.
        Other = "other", "other", [];
    }
}

closed_list! {
    /// Grammatical gender (TBX `grammaticalGender`).
    Gender {
        /// Masculine.
        Masculine = "masculine", "masculine", ["m", "masc", "masculin"];
        /// Feminine.
        Feminine = "feminine", "feminine", ["f", "fem", "féminin", "feminin"];
        /// Neuter.
        Neuter = "neuter", "neuter", ["n", "neutre"];
        /// Other.
        Other = "other", "other", ["othergender"];
    }
}

closed_list! {
    /// Grammatical number (TBX `grammaticalNumber`).
    Number {
        /// Singular.
        Singular = "singular", "singular", ["sg", "singulier"];
        /// Plural.
        Plural = "plural", "plural", ["pl", "pluriel"];
        /// Other.
        Other = "other", "otherNumber", ["othernumber"];
    }
}

closed_list! {
    /// Term type (TBX `termType`).
    TermType {
        /// Full form.
        FullForm = "fullform", "fullForm", ["full"];
        /// Acronym (IA, GPU).
        Acronym = "acronym", "acronym", ["acronyme"];
        /// Abbreviation.
        Abbreviation = "abbreviation", "abbreviation", ["abbr", "abréviation"];
        /// Short form.
        ShortForm = "shortform", "shortForm", [];
        /// Variant.
        Variant = "variant", "variant", [];
        /// Phrase.
        Phrase = "phrase", "phrase", [];
    }
}

closed_list! {
    /// Review state of an entry: machine-made candidates are `proposed`
    /// until a person approves them. Exports skip proposed entries unless
    /// asked.
    ReviewState {
        /// A candidate from `glossa align --add`, not yet reviewed.
        Proposed = "proposed", "proposed", ["candidate", "new"];
        /// Reviewed and approved.
        Approved = "approved", "approved", ["reviewed", "final"];
    }
}

/// One term: a designation of a concept in one language (TBX `tig`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// Language of the term.
    pub lang: LangTag,
    /// The term as written.
    pub text: String,
    /// Administrative status.
    pub status: AdminStatus,
    /// Part of speech.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pos: Option<PartOfSpeech>,
    /// Grammatical gender.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gender: Option<Gender>,
    /// Grammatical number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number: Option<Number>,
    /// Term type (full form, acronym…).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub term_type: Option<TermType>,
    /// Geographical usage, e.g. `en-US` for "data center".
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub geo: String,
    /// A sentence showing the term in use.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub context: String,
    /// Where the context sentence comes from.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub context_source: String,
    /// Free note.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub note: String,
    /// Match only with this exact case (acronyms like "IA").
    #[serde(default)]
    pub case_sensitive: bool,
    /// Match only this exact form, never inflected or fuzzy variants.
    #[serde(default)]
    pub exact_only: bool,
}

impl Term {
    /// A preferred term with no other data.
    pub fn new(lang: LangTag, text: impl Into<String>) -> Term {
        Term {
            lang,
            text: text.into(),
            status: AdminStatus::Preferred,
            pos: None,
            gender: None,
            number: None,
            term_type: None,
            geo: String::new(),
            context: String::new(),
            context_source: String::new(),
            note: String::new(),
            case_sensitive: false,
            exact_only: false,
        }
    }

    /// What two spellings of the same term share: the text pipeline's
    /// [`key`](crate::text::key) (NFC, case, accents, ’ and ', spacing
    /// folded). The one equality of terms: `centre de données` and
    /// `Centre de donnees`, `l’IA` and `l'IA` are the same term.
    pub fn key(&self) -> String {
        crate::text::key(&self.text)
    }

    /// True when `other` is the same term: same primary language and
    /// same [`Term::key`].
    pub fn same_as(&self, other: &Term) -> bool {
        self.lang.primary() == other.lang.primary()
            && self.key() == other.key()
    }

    /// True for deprecated or superseded terms ("do not use").
    pub fn is_discouraged(&self) -> bool {
        matches!(
            self.status,
            AdminStatus::Deprecated | AdminStatus::Superseded
        )
    }
}

/// A concept (TBX `termEntry` / `conceptEntry`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id, an XML NCName such as `c12`.
    pub id: String,
    /// Review state.
    pub state: ReviewState,
    /// Subject field (TBX `subjectField`), e.g. "AI", "chips".
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub subject: String,
    /// Definition of the concept.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub definition: String,
    /// Source of the definition or of the entry.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub source: String,
    /// Free note on the concept.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub note: String,
    /// Terms, in file order (French first by convention).
    pub terms: Vec<Term>,
}

impl Entry {
    /// An empty approved entry with this id.
    pub fn new(id: impl Into<String>) -> Entry {
        Entry {
            id: id.into(),
            state: ReviewState::Approved,
            subject: String::new(),
            definition: String::new(),
            source: String::new(),
            note: String::new(),
            terms: Vec::new(),
        }
    }

    /// Terms in language `lang` (primary subtag), preferred first, then
    /// admitted, then discouraged, keeping file order within each status.
    pub fn terms_in<'a>(
        &'a self,
        lang: &'a str,
    ) -> impl Iterator<Item = &'a Term> + 'a {
        let rank = |t: &Term| t.status as u8;
        let mut v: Vec<&Term> =
            self.terms.iter().filter(|t| t.lang.is(lang)).collect();
        v.sort_by_key(|t| rank(t));
        v.into_iter()
    }

    /// The preferred (or first usable) term in `lang`.
    pub fn preferred<'a>(&'a self, lang: &'a str) -> Option<&'a Term> {
        self.terms_in(lang).find(|t| !t.is_discouraged())
    }
}

/// A termbase: entries in stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    /// Entries in file order.
    pub entries: Vec<Entry>,
}

impl Glossary {
    /// An empty glossary.
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// Number of terms over all entries.
    pub fn term_count(&self) -> usize {
        self.entries.iter().map(|e| e.terms.len()).sum()
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entry with this id, mutably.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.id == id)
    }

    /// The next free id of the form `c<N>`.
    pub fn next_id(&self) -> String {
        format!("c{}", self.next_number())
    }

    /// Check the model's rules: ids are unique NCNames, every entry has a
    /// term, no term is empty. Returns every problem found, not only the
    /// first.
    pub fn problems(&self) -> Vec<Error> {
        let mut out = Vec::new();
        let mut seen =
            std::collections::HashSet::with_capacity(self.entries.len());
        for e in &self.entries {
            let pos = || Position::entry(&e.id);
            if !is_ncname(&e.id) {
                out.push(Error::invalid(
                    pos(),
                    format!(
                        "id {:?} is not a valid XML name (use e.g. c12)",
                        e.id
                    ),
                ));
            }
            if !seen.insert(e.id.as_str()) {
                out.push(Error::invalid(
                    pos(),
                    format!("duplicate id {:?}", e.id),
                ));
            }
            if e.terms.is_empty() {
                out.push(Error::invalid(pos(), "entry has no terms"));
            }
            for (field, v) in [
                ("subject", &e.subject),
                ("definition", &e.definition),
                ("source", &e.source),
                ("note", &e.note),
            ] {
                if let Some(m) = text_problem(v, false) {
                    out.push(Error::invalid(pos(), format!("{field}: {m}")));
                }
            }
            for t in &e.terms {
                if t.text.trim().is_empty() {
                    out.push(Error::invalid(
                        pos(),
                        format!("empty {} term", t.lang),
                    ));
                } else if t.text.contains(['\n', '\r', '\t']) {
                    out.push(Error::invalid(
                        pos(),
                        format!(
                            "term {:?} contains a tab or line break",
                            t.text
                        ),
                    ));
                } else if let Some(m) = text_problem(&t.text, true) {
                    out.push(Error::invalid(
                        pos(),
                        format!("{} term {:?}: {m}", t.lang, t.text),
                    ));
                }
                for (field, v) in [
                    ("geo", &t.geo),
                    ("context", &t.context),
                    ("context_source", &t.context_source),
                    ("note", &t.note),
                ] {
                    if let Some(m) = text_problem(v, false) {
                        out.push(Error::invalid(
                            pos(),
                            format!(
                                "{field} of {} term {:?}: {m}",
                                t.lang, t.text
                            ),
                        ));
                    }
                }
            }
        }
        out
    }

    /// Append the entries of `other`, giving a fresh id to any entry whose
    /// id is already taken; an entry with the same terms in the same
    /// languages as an existing one is merged instead. Returns
    /// `(added, merged)`. Linear in the number of entries (issue 14 item
    /// 3): one hash map of term keys and one set of ids.
    pub fn merge(&mut self, other: Glossary) -> (usize, usize) {
        use std::collections::{HashMap, HashSet};
        let (mut added, mut merged) = (0, 0);
        // Entries by a hash of their term key (first entry per hash); a
        // hit is confirmed by comparing the keys themselves, so only real
        // merges (and, in theory, 64-bit collisions) pay for building
        // them.
        let rs = std::hash::RandomState::new();
        let mut by_hash: HashMap<u64, usize> =
            HashMap::with_capacity(self.entries.len() + other.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            by_hash.entry(key_hash(&rs, e)).or_insert(i);
        }
        let mut ids: HashSet<String> =
            self.entries.iter().map(|e| e.id.clone()).collect();
        // The next `c<N>` to try: one past the largest taken (as
        // `next_id`), moving on as entries are added.
        let mut next = self.next_number();
        for mut e in other.entries {
            let h = key_hash(&rs, &e);
            let same = by_hash.get(&h).and_then(|&i| {
                let key = term_key(&e);
                if term_key(&self.entries[i]) == key {
                    Some(i)
                } else {
                    // A hash collision: look the key up the slow way.
                    self.entries.iter().position(|x| term_key(x) == key)
                }
            });
            if let Some(i) = same {
                fill_empty(&mut self.entries[i], e);
                merged += 1;
                continue;
            }
            if e.id.is_empty() || ids.contains(&e.id) || !is_ncname(&e.id) {
                loop {
                    let id = format!("c{next}");
                    next = next.saturating_add(1);
                    if !ids.contains(&id) {
                        e.id = id;
                        break;
                    }
                }
            } else if let Some(n) = id_number(&e.id) {
                next = next.max(n.saturating_add(1));
            }
            ids.insert(e.id.clone());
            by_hash.entry(h).or_insert(self.entries.len());
            self.entries.push(e);
            added += 1;
        }
        (added, merged)
    }

    /// One past the largest `N` of the `c<N>` ids.
    fn next_number(&self) -> u64 {
        self.entries
            .iter()
            .filter_map(|e| id_number(&e.id))
            .max()
            .map_or(1, |m| m.saturating_add(1))
    }
}

/// The `N` of an id `c<N>`.
fn id_number(id: &str) -> Option<u64> {
    id.strip_prefix('c')?.parse::<u64>().ok()
}

/// The one rule for text in an entry (issue 14 item 6), applied by
/// [`Glossary::problems`] and so at every way in (`add`, every import
/// format, the web app, the language server's `glossa.addTerm`, and every
/// [`Store::update`](crate::Store::update)): no control character (C0,
/// DEL, C1) and nothing XML 1.0 forbids, so every export can write what
/// was accepted. Free-text fields (`term == false`) may hold tabs and
/// line breaks; a term may not (it is one line in every format). Returns
/// what is wrong, naming the character and its position.
pub fn text_problem(text: &str, term: bool) -> Option<String> {
    let (i, c) = text.chars().enumerate().find(|&(_, c)| {
        let free_ws = !term && matches!(c, '\t' | '\n' | '\r');
        !free_ws && (c.is_control() || !crate::formats::xml::is_xml_char(c))
    })?;
    Some(format!(
        "character U+{:04X} at character {} is not allowed ({})",
        c as u32,
        i + 1,
        if term {
            "a term holds no control characters"
        } else {
            "only tab and line breaks among control characters"
        }
    ))
}

/// The set of (language, [`Term::key`]) of an entry, to spot the same
/// concept imported twice.
fn term_key(e: &Entry) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = e
        .terms
        .iter()
        .map(|t| (t.lang.primary().to_string(), t.key()))
        .collect();
    v.sort();
    v
}

/// A hash of [`term_key`] without sorting it: the sum of one hash per
/// (language, key), so term order does not matter.
fn key_hash(rs: &std::hash::RandomState, e: &Entry) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    e.terms.iter().fold(0u64, |acc, t| {
        let mut h = rs.build_hasher();
        h.write(t.lang.primary().as_bytes());
        h.write_u8(0xff);
        h.write(t.key().as_bytes());
        acc.wrapping_add(h.finish())
    })
}

/// Copy into `into` the concept-level fields it lacks.
pub(crate) fn fill_empty(into: &mut Entry, from: Entry) {
    for (a, b) in [
        (&mut into.subject, from.subject),
        (&mut into.definition, from.definition),
        (&mut into.source, from.source),
        (&mut into.note, from.note),
    ] {
        if a.is_empty() {
            *a = b;
        }
    }
}

/// True if `s` is an XML NCName (letters, digits, `-`, `_`, `.`; not
/// starting with a digit, `-` or `.`).
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    cs.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_tags_in_any_spelling() {
        for (input, want) in [
            ("fr", "fr"),
            ("FR", "fr"),
            ("fr_FR", "fr-FR"),
            ("fr-fr", "fr-FR"),
            ("EN-us", "en-US"),
            ("en-GB", "en-GB"),
            ("zh-hant-tw", "zh-Hant-TW"),
        ] {
            assert_eq!(
                LangTag::parse(input).unwrap().as_str(),
                want,
                "{input}"
            );
        }
        for bad in ["", "f", "french!", "fr--FR", "12"] {
            assert!(LangTag::parse(bad).is_err(), "{bad:?} should fail");
        }
        assert!(LangTag::parse("en-US").unwrap().is("en"));
    }

    #[test]
    fn closed_lists_read_tbx_and_aliases() {
        use AdminStatus::*;
        for (s, want) in [
            ("preferred", Preferred),
            ("preferredTerm-admn-sts", Preferred),
            ("deprecatedTerm-admn-sts", Deprecated),
            ("Do not use", Deprecated),
            ("superseded", Superseded),
            ("admitted", Admitted),
        ] {
            assert_eq!(AdminStatus::parse(s), Some(want), "{s}");
        }
        assert_eq!(Gender::parse("f"), Some(Gender::Feminine));
        assert_eq!(Gender::parse("otherGender"), Some(Gender::Other));
        assert_eq!(
            PartOfSpeech::parse("properNoun"),
            Some(PartOfSpeech::ProperNoun)
        );
        assert_eq!(TermType::parse("fullForm"), Some(TermType::FullForm));
        assert_eq!(AdminStatus::parse("maybe"), None);
    }

    #[test]
    fn problems_lists_every_rule_broken() {
        let mut g = Glossary::new();
        let mut e = Entry::new("c1");
        e.terms.push(Term::new(LangTag::fr(), "puce"));
        g.entries.push(e.clone());
        g.entries.push(e);
        g.entries.push(Entry::new("1bad"));
        let msgs: Vec<String> =
            g.problems().iter().map(|e| e.to_string()).collect();
        assert!(msgs.iter().any(|m| m.contains("duplicate id")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("not a valid XML name")));
        assert!(msgs.iter().any(|m| m.contains("no terms")));
    }

    #[test]
    fn merge_dedups_and_renumbers() {
        let mut a = Glossary::new();
        let mut e = Entry::new("c1");
        e.terms.push(Term::new(LangTag::fr(), "puce"));
        e.terms.push(Term::new(LangTag::en(), "chip"));
        a.entries.push(e.clone());
        let mut b = Glossary::new();
        let mut same = e.clone();
        same.subject = "chips".into();
        b.entries.push(same);
        let mut other = Entry::new("c1");
        other.terms.push(Term::new(LangTag::fr(), "grappe"));
        b.entries.push(other);
        assert_eq!(a.merge(b), (1, 1));
        assert_eq!(a.entries[0].subject, "chips");
        assert_eq!(a.entries[1].id, "c2");
    }

    #[test]
    fn issue_14_item_6_text_rule_table() {
        for (text, term, ok) in [
            ("puce", true, true),
            ("centre de données — « IA »", true, true),
            ("pu\u{1}ce", true, false),
            ("pu\u{0}ce", false, false),
            ("a\u{7f}", true, false),
            ("a\u{85}", false, false),
            ("a\u{FFFE}", false, false),
            ("a\u{FFFF}", true, false),
            ("line\nbreak\tand\r\n", false, true),
            ("emoji 🧠 and U+FFFD \u{FFFD}", true, true),
        ] {
            assert_eq!(text_problem(text, term).is_none(), ok, "{text:?}");
        }
        let m = text_problem("ab\u{1b}", false).unwrap();
        assert!(m.contains("U+001B at character 3"), "{m}");
    }

    /// The merge as it was before issue 14 item 3 (quadratic: a scan of
    /// every entry per incoming entry), kept as the reference.
    fn merge_reference(g: &mut Glossary, other: Glossary) -> (usize, usize) {
        let (mut added, mut merged) = (0, 0);
        for mut e in other.entries {
            let key = term_key(&e);
            if let Some(x) = g.entries.iter_mut().find(|x| term_key(x) == key)
            {
                fill_empty(x, e);
                merged += 1;
                continue;
            }
            if e.id.is_empty() || g.get(&e.id).is_some() || !is_ncname(&e.id) {
                e.id = g.next_id();
            }
            g.entries.push(e);
            added += 1;
        }
        (added, merged)
    }

    fn arb_glossary() -> impl proptest::strategy::Strategy<Value = Glossary> {
        use proptest::prelude::*;
        let id = prop::sample::select(vec![
            "", "c1", "c2", "c3", "c10", "c007", "x", "1bad", "c",
        ]);
        let text = prop::sample::select(vec![
            "puce", "Puce", "PUCE ", "chip", "grappe", "cluster", "IA",
            "ΟΔΟΣ", "οδος", "Été",
        ]);
        let term = (any::<bool>(), text).prop_map(|(fr, t)| {
            Term::new(if fr { LangTag::fr() } else { LangTag::en() }, t)
        });
        let entry = (id, prop::collection::vec(term, 0..3), any::<bool>())
            .prop_map(|(id, terms, def)| {
                let mut e = Entry::new(id);
                e.terms = terms;
                if def {
                    e.definition = format!("def of {id}");
                }
                e
            });
        prop::collection::vec(entry, 0..12)
            .prop_map(|entries| Glossary { entries })
    }

    proptest::proptest! {
        /// Issue 14 item 3: import was quadratic in entries (20k TSV rows
        /// 31 s). The linear merge gives exactly what the old one gave.
        #[test]
        fn issue_14_item_3_linear_merge_matches_reference(
            a in arb_glossary(),
            b in arb_glossary(),
        ) {
            let (mut fast, mut slow) = (a.clone(), a);
            let n_fast = fast.merge(b.clone());
            let n_slow = merge_reference(&mut slow, b);
            proptest::prop_assert_eq!(n_fast, n_slow);
            proptest::prop_assert_eq!(fast, slow);
        }
    }
}

//! Fuzzy, inflection-aware term lookup that stays fast on a million-term
//! termbase (issue 3).
//!
//! An [`Index`] is built from a [`Glossary`] ([`Index::build`]) or opened
//! from its on-disk cache ([`Index::open`], [`Index::for_store`]) and
//! answers [`Index::lookup`] with ranked [`Hit`]s. The CLI (`glossa
//! lookup`), the language server and the web app all call this one API.
//!
//! # How a query matches
//!
//! | [`MatchKind`] | means | score |
//! |---|---|---|
//! | `Exact` | same words, same case and accents | 100 |
//! | `Folded` | same key ([`crate::text::key`]): case, accents, apostrophes | 92 |
//! | `Stemmed` | same Snowball stems ("puces" → "puce") | 84 |
//! | `Fuzzy { distance }` | 1 or 2 edits on the key, a transposition counts as one | 76, 68 |
//! | `Partial` | the query is inside a longer term, or a term is inside the query | 40–59 |
//!
//! Admitted terms score 2 less than preferred ones, deprecated and
//! superseded terms 4 less; these are shown with their replacement. A
//! leading elided article is ignored ("d’IA" looks up "IA"). Terms marked
//! `case_sensitive` match only with the same case and never fuzzily or by
//! stem; `exact_only` terms match only their exact or folded form.
//!
//! # Data structures
//!
//! One file holds three [`fst::Map`]s and flat tables, all read in place
//! from a memory map: `keys` (folded key, apostrophes squashed → posting
//! list of terms), `stems`
//! (`fr:`/`en:` + stem key → terms), `words` (each folded word → terms
//! containing it, for partial matches); then the postings (`u32`s), the
//! term and entry records (fixed size) and a string blob. Fuzzy matching
//! walks the `keys` transducer depth-first with one row of the
//! optimal-string-alignment (Damerau) distance per depth, pruning a branch
//! as soon as every cell of its row exceeds the allowed distance: no
//! automaton is built per query and the walk allocates nothing.
//!
//! The header carries a checksum of the whole file and a fingerprint of
//! the glossary files it was built from (paths, sizes, modification
//! times). [`Index::for_store`] rebuilds the cache when the fingerprint
//! differs or the checksum fails, so a stale or corrupt cache is never
//! used.
//!
//! Not covered: fuzzy matching on stems, and more than two edits.
//!
//! ```
//! use glossa::glossary::index::{Index, LookupOptions, MatchKind};
//! use glossa::formats::native;
//! let csv = "id,lang,term\nc1,fr,puce\nc1,en,chip\n";
//! let index = Index::build(&native::read(csv.as_bytes())?);
//! let hits = index.lookup("Puces", &LookupOptions::default())?;
//! assert_eq!(hits[0].term, "puce");
//! assert_eq!(hits[0].kind, MatchKind::Stemmed);
//! assert_eq!(hits[0].translations, ["chip"]);
//! # Ok::<(), glossa::Error>(())
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fst::raw::{Fst, Node};
use fst::{Map, MapBuilder};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::glossary::model::{AdminStatus, Entry, Glossary, ReviewState};
use crate::glossary::store::Store;
use crate::text::normalize::{canonical_char, fold_into, normalize};
use crate::text::stem::{Lang, WordStemmer, same_case};
use crate::text::tokenize::{Token, TokenKind, tokenize};

/// Longest accepted query, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Longest query key for which fuzzy matching is tried, in bytes.
const MAX_FUZZY_KEY: usize = 80;
/// At most this many tokens take part in "term inside the query" matches.
const MAX_QUERY_TOKENS: usize = 32;
/// Longest n-gram of the query tried as a whole term.
const MAX_NGRAM: usize = 10;
/// Partial matches of the query inside longer terms are searched only
/// when the rarest query word is in at most this many terms.
const MAX_PARTIAL_SCAN: usize = 200_000;
/// Cap on fuzzy keys collected per query.
const MAX_FUZZY_KEYS: usize = 4096;

const MAGIC: &[u8; 8] = b"GLOSSAIX";
const FORMAT_VERSION: u32 = 4;
const SECTIONS: usize = 10;
const HEADER_LEN: usize = 32 + SECTIONS * 16;
const TERM_REC: usize = 12;
const ENTRY_REC: usize = 12;

/// Which language(s) a lookup searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LangFilter {
    /// French terms only.
    Fr,
    /// English terms only.
    En,
    /// Every language.
    #[default]
    Any,
}

/// Options of [`Index::lookup`].
#[derive(Debug, Clone, Copy)]
pub struct LookupOptions {
    /// Languages to search.
    pub lang: LangFilter,
    /// Maximum number of hits.
    pub limit: usize,
}

impl Default for LookupOptions {
    fn default() -> LookupOptions {
        LookupOptions { lang: LangFilter::Any, limit: 10 }
    }
}

/// How a hit matched (ranked by the table at `RANKING`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Same words, case and accents.
    Exact,
    /// Same folded key (case, accents, apostrophes, spacing).
    Folded,
    /// Same stems: an inflected form.
    Stemmed,
    /// Within `distance` edits (a transposition is one edit).
    Fuzzy {
        /// Edit distance on the folded key.
        distance: u8,
    },
    /// The query is inside a longer term, or a term inside the query.
    Partial,
}

impl MatchKind {
    /// Lower-case name used in JSON and human output.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Stemmed => "inflected",
            MatchKind::Fuzzy { .. } => "fuzzy",
            MatchKind::Partial => "partial",
        }
    }
}

impl Serialize for MatchKind {
    fn serialize<S: serde::Serializer>(
        &self,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One lookup result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The matched term as written in the glossary.
    pub term: String,
    /// Its language tag.
    pub lang: String,
    /// Equivalents in the other language(s), preferred first; deprecated
    /// ones left out.
    pub translations: Vec<String>,
    /// 0–100, see the module table.
    pub score: u8,
    /// How it matched.
    pub kind: MatchKind,
    /// Edit distance for fuzzy matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance: Option<u8>,
    /// Id of the entry.
    pub entry_id: String,
    /// Status of the matched term (preferred, admitted, deprecated…).
    pub status: String,
    /// Review state of the entry: `approved`, or `proposed` (machine-made,
    /// awaiting `glossa review`).
    pub state: &'static str,
    /// For a deprecated or superseded term: the preferred term of the same
    /// entry and language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// One line: "'puces' matched 'puce' by stem".
    pub explanation: String,
}

/// Whether [`Index::for_store`] used the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheState {
    /// The cache matched the glossary files and its checksum.
    Fresh,
    /// The cache was (re)built; the reason says why.
    Rebuilt(String),
    /// Built in memory only (the cache could not be written).
    Unsaved(String),
}

/// The lookup index. Cheap to clone (shared bytes).
#[derive(Clone)]
pub struct Index {
    keys: Map<Slice>,
    stems: Map<Slice>,
    words: Map<Slice>,
    keys_post: Slice,
    stems_post: Slice,
    words_post: Slice,
    terms: Slice,
    entries: Slice,
    strings: Slice,
    langs: Vec<String>,
    fingerprint: u64,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("terms", &self.term_count())
            .field("entries", &self.entry_count())
            .finish()
    }
}

// ---------------------------------------------------------------------------
// Bytes: an owned buffer or a memory map, sliced without copying.

enum Bytes {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

#[derive(Clone)]
struct Slice {
    bytes: Arc<Bytes>,
    range: Range<usize>,
}

impl AsRef<[u8]> for Slice {
    fn as_ref(&self) -> &[u8] {
        &self.bytes[self.range.clone()]
    }
}

impl Slice {
    #[inline]
    fn u32_at(&self, i: usize) -> Option<u32> {
        let b = self.as_ref().get(i * 4..i * 4 + 4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }
}

// ---------------------------------------------------------------------------
// Checksum and fingerprint.

/// The cache's 64-bit checksum: XXH3 (a standard non-cryptographic hash
/// made for this, several GB/s). It detects truncation and corruption.
pub fn checksum(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Fingerprint of a store's glossary files: their
/// [`Store::files_digest`] (paths, sizes, modification times, inodes; the one
/// change detection of the embedded glossary) with the index format
/// version mixed in. Cheap: one `stat` per file.
pub fn fingerprint(store: &Store) -> Result<u64> {
    let v = store.files_digest()?;
    Ok(checksum(
        &[v.to_le_bytes(), u64::from(FORMAT_VERSION).to_le_bytes()].concat(),
    ))
}

// ---------------------------------------------------------------------------
// Building.

fn status_bits(s: AdminStatus) -> u8 {
    match s {
        AdminStatus::Preferred => 0,
        AdminStatus::Admitted => 1,
        AdminStatus::Deprecated => 2,
        AdminStatus::Superseded => 3,
    }
}

fn status_from_bits(b: u8) -> AdminStatus {
    match b & 3 {
        0 => AdminStatus::Preferred,
        1 => AdminStatus::Admitted,
        2 => AdminStatus::Deprecated,
        _ => AdminStatus::Superseded,
    }
}

const F_CASE: u8 = 4;
const F_EXACT: u8 = 8;
const F_FR: u8 = 16;
const F_EN: u8 = 32;
/// The term's entry is `proposed` (machine-made, not reviewed yet).
const F_PROPOSED: u8 = 64;

/// The tokens a term or query matches on: leading elisions ("d’", "l’")
/// are dropped when a word follows, so "d’IA" looks up "IA".
fn match_tokens(toks: &[Token]) -> &[Token] {
    let first = toks.iter().position(Token::is_content);
    match first {
        Some(i) => &toks[i..],
        None => toks,
    }
}

/// The key the `keys` map stores: folded tokens joined by one space, with
/// apostrophes squashed ("centre d' innovation" → "centre dinnovation",
/// "DeepSeek's" → "deepseeks"). A typo on an elision ("b'apprentissage",
/// "'eau", "ed'abonnement") then costs one edit, not three.
fn squash_key(toks: &[Token], out: &mut String) {
    out.clear();
    let mut glue = true;
    for t in toks {
        if !glue && t.kind != TokenKind::Possessive {
            out.push(' ');
        }
        out.extend(t.folded.chars().filter(|&c| c != '\''));
        glue = t.kind == TokenKind::Elision;
    }
}

fn stem_join(st: &WordStemmer, text: &str, toks: &[Token], out: &mut String) {
    out.clear();
    out.push_str(st.lang().code());
    out.push(':');
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&st.stem_token(text, t));
    }
}

/// [`stem_squash_key`] when `folded`, else [`stem_join`].
fn stem_key(
    st: &WordStemmer,
    text: &str,
    toks: &[Token],
    folded: bool,
    out: &mut String,
) {
    if folded {
        stem_squash_key(st, toks, out)
    } else {
        stem_join(st, text, toks, out)
    }
}

/// Like [`stem_join`] on the folded (accent-free) words: Snowball stems
/// "donnees" and "données" differently, so both spellings are indexed and
/// tried.
fn stem_squash_key(st: &WordStemmer, toks: &[Token], out: &mut String) {
    out.clear();
    out.push_str(st.lang().code());
    out.push(':');
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match t.kind {
            TokenKind::Word => out.push_str(&st.stem_word(&t.folded)),
            _ => out.push_str(&t.folded),
        }
    }
}

/// Sort and dedup `(key, term)` pairs, then group them into postings
/// (`count, terms…` as little-endian `u32`s); returns the fst (key →
/// offset of its posting in `u32` units) and the postings bytes.
fn build_map<K: AsRef<[u8]> + Ord>(
    mut pairs: Vec<(K, u32)>,
) -> (Vec<u8>, Vec<u8>) {
    pairs.sort_unstable();
    pairs.dedup();
    build_sorted(&pairs, |k| k.as_ref())
}

/// [`build_map`] over pairs already sorted and deduplicated, whose key
/// bytes come from `key` (word ids number words in sorted order, so they
/// sort as integers and name their bytes through the vocabulary).
fn build_sorted<'p, K: Eq>(
    pairs: &'p [(K, u32)],
    key: impl Fn(&'p K) -> &'p [u8],
) -> (Vec<u8>, Vec<u8>) {
    let mut postings: Vec<u8> = Vec::with_capacity(pairs.len() * 5);
    let mut b = MapBuilder::memory();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            j += 1;
        }
        let off = (postings.len() / 4) as u64;
        postings.extend_from_slice(&((j - i) as u32).to_le_bytes());
        for p in &pairs[i..j] {
            postings.extend_from_slice(&p.1.to_le_bytes());
        }
        // Keys are sorted and unique here, so insert cannot fail.
        b.insert(key(&pairs[i].0), off).expect("sorted unique keys");
        i = j;
    }
    (b.into_inner().expect("in-memory fst"), postings)
}

/// Snowball stems memoised per word: a termbase reuses a small
/// vocabulary, and stemming is the costly part of a build.
struct StemCache<'s> {
    st: &'s WordStemmer,
    map: HashMap<String, String>,
}

impl StemCache<'_> {
    fn stem(&mut self, word: &str) -> &str {
        if !self.map.contains_key(word) {
            let s = self.st.stem_word(word);
            self.map.insert(word.to_string(), s);
        }
        &self.map[word]
    }

    /// [`stem_join`] (`folded == false`) or [`stem_join_folded`].
    fn join(
        &mut self,
        text: &str,
        toks: &[Token],
        folded: bool,
        out: &mut String,
    ) {
        out.clear();
        out.push_str(self.st.lang().code());
        out.push(':');
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if t.kind != TokenKind::Word {
                out.push_str(&t.folded);
            } else if folded {
                let s = self.stem(&t.folded);
                out.push_str(s);
            } else {
                let s = self.stem(&text[t.span.clone()]);
                out.push_str(s);
            }
        }
    }
}

/// The searchable keys of a run of terms.
#[derive(Default)]
struct Analysis {
    keys: Vec<(String, u32)>,
    stems: Vec<(String, u32)>,
    /// Local word ids → words, and (word id, term) pairs.
    words: Vec<String>,
    word_pairs: Vec<(u32, u32)>,
}

/// Keys, stems and words of `terms` (text, language flags), numbered from
/// `first`.
fn analyze(terms: &[(&str, u8)], first: u32) -> Analysis {
    let fr = WordStemmer::new(Lang::Fr);
    let en = WordStemmer::new(Lang::En);
    let mut fr = StemCache { st: &fr, map: HashMap::new() };
    let mut en = StemCache { st: &en, map: HashMap::new() };
    let mut a = Analysis::default();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut toks: Vec<Token> = Vec::new();
    let mut buf = String::new();
    let mut buf2 = String::new();
    for (i, &(text, flags)) in terms.iter().enumerate() {
        let ti = first + i as u32;
        crate::text::tokenize::tokenize_into(text, &mut toks);
        let mt = match_tokens(&toks);
        if mt.is_empty() {
            continue;
        }
        squash_key(mt, &mut buf);
        a.keys.push((buf.clone(), ti));
        let cache = if flags & F_FR != 0 {
            Some(&mut fr)
        } else if flags & F_EN != 0 {
            Some(&mut en)
        } else {
            None
        };
        // Inflected forms for every term but exact-only ones (a
        // case-sensitive term is checked for case at lookup).
        if let Some(c) = cache
            && flags & F_EXACT == 0
        {
            c.join(text, mt, false, &mut buf);
            c.join(text, mt, true, &mut buf2);
            if buf2 != buf {
                a.stems.push((buf2.clone(), ti));
            }
            a.stems.push((buf.clone(), ti));
        }
        for tok in mt.iter().filter(|t| t.is_content()) {
            let id = match ids.get(tok.folded.as_str()) {
                Some(&id) => id,
                None => {
                    let id = a.words.len() as u32;
                    ids.insert(tok.folded.clone(), id);
                    a.words.push(tok.folded.clone());
                    id
                }
            };
            a.word_pairs.push((id, ti));
        }
    }
    a
}

/// Serialise the index of `g` (the cache file's bytes). Uses up to two
/// threads.
pub fn build_bytes(g: &Glossary, fingerprint: u64) -> Vec<u8> {
    let t = Tables::of(g);
    let maps = Maps::build(&t.texts);
    let mut lang_table = Vec::new();
    for l in &t.langs {
        lang_table.extend_from_slice(&(l.len() as u32).to_le_bytes());
        lang_table.extend_from_slice(l.as_bytes());
    }
    let sections: [&[u8]; SECTIONS] = [
        &maps.keys,
        &maps.stems,
        &maps.words,
        &maps.keys_post,
        &maps.stems_post,
        &maps.words_post,
        &t.terms,
        &t.entries,
        &t.strings,
        &lang_table,
    ];
    assemble(&sections, t.n_terms, fingerprint)
}

/// The entry, term, string and language tables of a glossary, and each
/// term's (text, flags) for analysis.
struct Tables<'g> {
    strings: Vec<u8>,
    terms: Vec<u8>,
    entries: Vec<u8>,
    langs: Vec<String>,
    lang_ids: HashMap<String, u8>,
    texts: Vec<(&'g str, u8)>,
    n_terms: u32,
}

impl<'g> Tables<'g> {
    fn of(g: &'g Glossary) -> Tables<'g> {
        let mut t = Tables {
            strings: Vec::new(),
            terms: Vec::new(),
            entries: Vec::new(),
            langs: Vec::new(),
            lang_ids: HashMap::new(),
            texts: Vec::new(),
            n_terms: 0,
        };
        for (ei, e) in g.entries.iter().enumerate() {
            let id = e.id.as_bytes();
            let id = &id[..id.len().min(u16::MAX as usize)];
            t.entries
                .extend_from_slice(&(t.strings.len() as u32).to_le_bytes());
            t.entries.extend_from_slice(&t.n_terms.to_le_bytes());
            t.entries.extend_from_slice(&(id.len() as u16).to_le_bytes());
            t.strings.extend_from_slice(id);
            let count = e.terms.len().min(u16::MAX as usize);
            t.entries.extend_from_slice(&(count as u16).to_le_bytes());
            for term in &e.terms[..count] {
                t.push_term(ei as u32, e, term);
            }
        }
        t
    }

    /// The language's number (at most 256 distinct tags; later ones share
    /// the last number).
    fn lang_id(&mut self, lang: &str) -> u8 {
        if let Some(&l) = self.lang_ids.get(lang) {
            return l;
        }
        let l = self.langs.len().min(255) as u8;
        if self.langs.len() < 256 {
            self.langs.push(lang.to_string());
        }
        self.lang_ids.insert(lang.to_string(), l);
        l
    }

    fn push_term(&mut self, ei: u32, e: &Entry, t: &'g crate::Term) {
        self.n_terms += 1;
        let mut text = t.text.as_str();
        if text.len() > u16::MAX as usize {
            let mut end = u16::MAX as usize;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text = &text[..end];
        }
        let lang = self.lang_id(t.lang.as_str());
        let mut flags = status_bits(t.status);
        if t.case_sensitive {
            flags |= F_CASE;
        }
        if t.exact_only {
            flags |= F_EXACT;
        }
        if e.state == ReviewState::Proposed {
            flags |= F_PROPOSED;
        }
        if t.lang.is("fr") {
            flags |= F_FR;
        } else if t.lang.is("en") {
            flags |= F_EN;
        }
        self.terms.extend_from_slice(&ei.to_le_bytes());
        self.terms
            .extend_from_slice(&(self.strings.len() as u32).to_le_bytes());
        self.terms.extend_from_slice(&(text.len() as u16).to_le_bytes());
        self.terms.push(lang);
        self.terms.push(flags);
        self.strings.extend_from_slice(text.as_bytes());
        self.texts.push((text, flags));
    }
}

/// The three maps (keys, stems, words) and their postings.
struct Maps {
    keys: Vec<u8>,
    keys_post: Vec<u8>,
    stems: Vec<u8>,
    stems_post: Vec<u8>,
    words: Vec<u8>,
    words_post: Vec<u8>,
}

impl Maps {
    /// Analyse in two halves, in parallel; then sort and build the three
    /// maps, keys and stems in parallel.
    fn build(texts: &[(&str, u8)]) -> Maps {
        let half = texts.len() / 2;
        let (a, b) = std::thread::scope(|s| {
            let h = s.spawn(|| analyze(&texts[half..], half as u32));
            let a = analyze(&texts[..half], 0);
            (a, h.join().expect("analysis thread"))
        });
        let Analysis { keys: mut key_pairs, stems: mut stem_pairs, .. } = a;
        key_pairs.extend(b.keys);
        stem_pairs.extend(b.stems);
        // Words: merge both halves' vocabularies, number words in sorted
        // order so the (word id, term) pairs sort like (word, term).
        let mut vocab: Vec<&str> =
            a.words.iter().chain(&b.words).map(|w| w.as_str()).collect();
        vocab.sort_unstable();
        vocab.dedup();
        let rank = |w: &str| vocab.binary_search(&w).expect("in vocab") as u32;
        let ra: Vec<u32> = a.words.iter().map(|w| rank(w)).collect();
        let rb: Vec<u32> = b.words.iter().map(|w| rank(w)).collect();
        let mut word_pairs: Vec<(u32, u32)> = a
            .word_pairs
            .iter()
            .map(|&(w, t)| (ra[w as usize], t))
            .chain(b.word_pairs.iter().map(|&(w, t)| (rb[w as usize], t)))
            .collect();
        let ((keys, keys_post), (stems, stems_post)) =
            std::thread::scope(|s| {
                let h = s.spawn(|| build_map(std::mem::take(&mut stem_pairs)));
                let k = build_map(std::mem::take(&mut key_pairs));
                (k, h.join().expect("build thread"))
            });
        word_pairs.sort_unstable();
        word_pairs.dedup();
        let (words, words_post) =
            build_sorted(&word_pairs, |&w| vocab[w as usize].as_bytes());
        Maps { keys, keys_post, stems, stems_post, words, words_post }
    }
}

/// Header (magic, version, term count, fingerprint, checksum, section
/// table) then the sections, each 8-byte aligned.
fn assemble(
    sections: &[&[u8]; SECTIONS],
    n_terms: u32,
    fingerprint: u64,
) -> Vec<u8> {
    let total: usize = sections.iter().map(|s| s.len() + 8).sum();
    let mut out = Vec::with_capacity(HEADER_LEN + total);
    out.resize(HEADER_LEN, 0);
    let mut table = Vec::with_capacity(SECTIONS * 16);
    for s in sections {
        while !out.len().is_multiple_of(8) {
            out.push(0);
        }
        table.extend_from_slice(&(out.len() as u64).to_le_bytes());
        table.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s);
    }
    out[..8].copy_from_slice(MAGIC);
    out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    out[12..16].copy_from_slice(&n_terms.to_le_bytes());
    out[16..24].copy_from_slice(&fingerprint.to_le_bytes());
    out[32..HEADER_LEN].copy_from_slice(&table);
    let sum = checksum(&out[32..]) ^ checksum(&out[..24]);
    out[24..32].copy_from_slice(&sum.to_le_bytes());
    out
}

// ---------------------------------------------------------------------------
// Opening.

fn corrupt(what: &str) -> Error {
    Error::input(format!("lookup index is corrupt: {what}"))
}

impl Index {
    /// Build an index of `g` in memory.
    pub fn build(g: &Glossary) -> Index {
        Index::from_bytes(build_bytes(g, 0))
            .expect("a freshly built index is valid")
    }

    /// Parse index bytes (as written by [`build_bytes`]), verifying the
    /// checksum and every section's bounds.
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Result<Index> {
        Index::parse(Arc::new(Bytes::Owned(bytes)))
    }

    /// Open a cache file by memory-mapping it, verifying its checksum.
    pub fn open(path: &Path) -> Result<Index> {
        let f = File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        // SAFETY: cache files are only ever replaced by an atomic rename,
        // never modified in place, so the mapped bytes cannot change
        // under us; a truncated or foreign file fails the checks below.
        let map = unsafe { memmap2::Mmap::map(&f) }
            .map_err(|e| Error::from(e).in_file(path))?;
        Index::parse(Arc::new(Bytes::Mapped(map))).map_err(|e| e.in_file(path))
    }

    fn parse(bytes: Arc<Bytes>) -> Result<Index> {
        let b: &[u8] = &bytes;
        if b.len() < HEADER_LEN || &b[..8] != MAGIC {
            return Err(corrupt("not a glossa index"));
        }
        let u64_at = |i: usize| {
            u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"))
        };
        let version = u32::from_le_bytes(b[8..12].try_into().expect("4"));
        if version != FORMAT_VERSION {
            return Err(corrupt("unknown format version"));
        }
        let fingerprint = u64_at(16);
        let want = u64_at(24);
        if checksum(&b[32..]) ^ checksum(&b[..24]) != want {
            return Err(corrupt("checksum mismatch"));
        }
        let mut ranges = Vec::with_capacity(SECTIONS);
        for s in 0..SECTIONS {
            let off = u64_at(32 + s * 16) as usize;
            let len = u64_at(40 + s * 16) as usize;
            let end = off.checked_add(len).filter(|&e| e <= b.len());
            let end = end.ok_or_else(|| corrupt("section out of bounds"))?;
            ranges.push(off..end);
        }
        let slice = |i: usize| Slice {
            bytes: bytes.clone(),
            range: ranges[i].clone(),
        };
        let map = |i: usize| {
            Fst::new(slice(i))
                .map(Map::from)
                .map_err(|e| corrupt(&e.to_string()))
        };
        let lang_bytes = slice(9);
        let mut langs = Vec::new();
        let mut lb = lang_bytes.as_ref();
        while lb.len() >= 4 {
            let n =
                u32::from_le_bytes(lb[..4].try_into().expect("4")) as usize;
            let s = lb.get(4..4 + n).ok_or_else(|| corrupt("lang table"))?;
            langs.push(String::from_utf8_lossy(s).into_owned());
            lb = &lb[4 + n..];
        }
        let index = Index {
            keys: map(0)?,
            stems: map(1)?,
            words: map(2)?,
            keys_post: slice(3),
            stems_post: slice(4),
            words_post: slice(5),
            terms: slice(6),
            entries: slice(7),
            strings: slice(8),
            langs,
            fingerprint,
        };
        if index.terms.as_ref().len() % TERM_REC != 0
            || index.entries.as_ref().len() % ENTRY_REC != 0
        {
            return Err(corrupt("record tables"));
        }
        Ok(index)
    }

    /// The fingerprint stored in the index (0 when built in memory).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Number of terms.
    pub fn term_count(&self) -> usize {
        self.terms.as_ref().len() / TERM_REC
    }

    /// Number of entries.
    pub fn entry_count(&self) -> usize {
        self.entries.as_ref().len() / ENTRY_REC
    }

    /// Where the cache of `store` lives: `.glossa/lookup.idx` beside the
    /// writable glossary file.
    pub(crate) fn cache_path(store: &Store) -> PathBuf {
        let w = store.writable();
        let dir = match w.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        dir.join(".glossa").join("lookup.idx")
    }

    /// The index of `store`'s glossary files: the cache when it is fresh
    /// and intact, else rebuilt from the files and saved (atomically) as
    /// the new cache.
    pub fn for_store(store: &Store) -> Result<(Index, CacheState)> {
        let fp = fingerprint(store)?;
        let path = Index::cache_path(store);
        // Temp files of killed processes (a cache save, a glossary
        // save) go on the next run; fresh ones may be a save running now.
        if let Some(dir) = path.parent() {
            super::store::remove_stale_temps(dir, CACHE_TEMP_PREFIX);
        }
        if let Some(dir) = store.writable().parent() {
            let dir =
                if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
            super::store::remove_stale_temps(dir, super::store::TEMP_PREFIX);
        }
        let reason = match Index::open(&path) {
            Ok(ix) if ix.fingerprint == fp => {
                return Ok((ix, CacheState::Fresh));
            }
            Ok(_) => "glossary changed".to_string(),
            Err(e) if path.exists() => e.to_string(),
            Err(_) => "no cache yet".to_string(),
        };
        let g = store.load()?;
        let bytes = build_bytes(&g, fp);
        drop(g);
        let state = match save_cache(&path, &bytes) {
            Ok(()) => CacheState::Rebuilt(reason),
            Err(e) => CacheState::Unsaved(e.to_string()),
        };
        Ok((Index::from_bytes(bytes)?, state))
    }
}

/// The name prefix of the lookup cache's temp files.
const CACHE_TEMP_PREFIX: &str = ".lookup-tmp-";

fn save_cache(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().ok_or_else(|| Error::input("no cache dir"))?;
    let glossary_dir = dir.parent().unwrap_or(Path::new("."));
    if !glossary_dir.as_os_str().is_empty() && !glossary_dir.is_dir() {
        return Err(Error::input("glossary directory does not exist"));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::from(e).in_file(dir))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(CACHE_TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::from(e).in_file(dir))?;
    tmp.write_all(bytes).map_err(|e| Error::from(e).in_file(path))?;
    // Temp files are private (0600); the cache is as readable as the
    // glossary beside it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perm = std::fs::Permissions::from_mode(0o644);
        let _ = tmp.as_file().set_permissions(perm);
    }
    tmp.persist(path).map_err(|e| Error::from(e.error).in_file(path))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Records.

#[derive(Debug, Clone, Copy)]
struct TermRec<'a> {
    entry: u32,
    text: &'a str,
    lang: u8,
    flags: u8,
}

impl TermRec<'_> {
    fn status(&self) -> AdminStatus {
        status_from_bits(self.flags)
    }
    fn is_fr(&self) -> bool {
        self.flags & F_FR != 0
    }
    fn is_en(&self) -> bool {
        self.flags & F_EN != 0
    }
    fn case_sensitive(&self) -> bool {
        self.flags & F_CASE != 0
    }
    fn strict(&self) -> bool {
        self.flags & (F_CASE | F_EXACT) != 0
    }
    fn proposed(&self) -> bool {
        self.flags & F_PROPOSED != 0
    }
}

struct Posting<'a>(&'a [u8]);

impl<'a> Posting<'a> {
    fn len(&self) -> usize {
        self.0.len() / 4
    }
    #[inline]
    fn get(&self, i: usize) -> u32 {
        u32::from_le_bytes(self.0[i * 4..i * 4 + 4].try_into().expect("4"))
    }
    fn iter(&self) -> impl Iterator<Item = u32> + 'a {
        self.0
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
    }
    fn contains(&self, t: u32) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(&t) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

impl Index {
    fn posting<'a>(&self, sec: &'a Slice, off: u64) -> Posting<'a> {
        let off = off as usize;
        let p = sec.as_ref();
        let n = sec.u32_at(off).unwrap_or(0) as usize;
        let start = (off + 1) * 4;
        match p.get(start..start.saturating_add(n * 4)) {
            Some(s) => Posting(s),
            None => Posting(&[]),
        }
    }

    fn term(&self, i: u32) -> Option<TermRec<'_>> {
        let r = self.terms.as_ref();
        let r = r.get(i as usize * TERM_REC..(i as usize + 1) * TERM_REC)?;
        let entry = u32::from_le_bytes(r[0..4].try_into().ok()?);
        let off = u32::from_le_bytes(r[4..8].try_into().ok()?) as usize;
        let len = u16::from_le_bytes(r[8..10].try_into().ok()?) as usize;
        let text = self.strings.as_ref().get(off..off + len)?;
        let text = std::str::from_utf8(text).ok()?;
        Some(TermRec { entry, text, lang: r[10], flags: r[11] })
    }

    /// (id, first term, term count) of entry `i`.
    fn entry(&self, i: u32) -> Option<(&str, u32, u32)> {
        let r = self.entries.as_ref();
        let r = r.get(i as usize * ENTRY_REC..(i as usize + 1) * ENTRY_REC)?;
        let off = u32::from_le_bytes(r[0..4].try_into().ok()?) as usize;
        let first = u32::from_le_bytes(r[4..8].try_into().ok()?);
        let id_len = u16::from_le_bytes(r[8..10].try_into().ok()?) as usize;
        let n = u16::from_le_bytes(r[10..12].try_into().ok()?) as u32;
        let id = self.strings.as_ref().get(off..off + id_len)?;
        Some((std::str::from_utf8(id).ok()?, first, n))
    }

    fn lang_tag(&self, i: u8) -> &str {
        self.langs.get(i as usize).map_or("und", |s| s.as_str())
    }

    fn lang_ok(&self, t: &TermRec<'_>, f: LangFilter) -> bool {
        match f {
            LangFilter::Any => true,
            LangFilter::Fr => t.is_fr(),
            LangFilter::En => t.is_en(),
        }
    }
}

// ---------------------------------------------------------------------------
// Fuzzy walk over the keys transducer.

struct FuzzyWalk<'q, 'o> {
    q: &'q [u8],
    k: u8,
    /// Row `d` of the DP table at `rows[d * (m + 1)..]`.
    rows: Vec<u8>,
    path: Vec<u8>,
    out: &'o mut Vec<(u64, u8)>,
}

impl FuzzyWalk<'_, '_> {
    fn run<D: AsRef<[u8]>>(&mut self, fst: &Fst<D>) {
        let m = self.q.len();
        let max_depth = m + self.k as usize;
        self.rows.clear();
        self.rows.resize((max_depth + 1) * (m + 1), 0);
        for j in 0..=m {
            self.rows[j] = j as u8;
        }
        self.path.clear();
        self.path.resize(max_depth + 1, 0);
        self.walk(fst, fst.root(), 0, 0);
    }

    fn walk<D: AsRef<[u8]>>(
        &mut self,
        fst: &Fst<D>,
        node: Node<'_>,
        depth: usize,
        acc: u64,
    ) {
        let m = self.q.len();
        let w = m + 1;
        if depth + 1 >= self.path.len() || self.out.len() >= MAX_FUZZY_KEYS {
            return;
        }
        for t in node.transitions() {
            let b = t.inp;
            self.path[depth] = b;
            let (before, after) = self.rows.split_at_mut((depth + 1) * w);
            let prev = &before[depth * w..];
            let pprev = if depth > 0 {
                Some(&before[(depth - 1) * w..depth * w])
            } else {
                None
            };
            let cur = &mut after[..w];
            // Only the diagonal band |i - j| <= k can hold a value <= k;
            // one sentinel (k + 1) on each side keeps the next row honest.
            let i = depth + 1;
            let k = usize::from(self.k);
            let sentinel = self.k + 1;
            let lo = i.saturating_sub(k).max(1);
            let hi = (i + k).min(m);
            cur[0] = i.min(250) as u8;
            if lo > 1 {
                cur[lo - 1] = sentinel;
            }
            let mut min = cur[0];
            for j in lo..=hi {
                let qc = self.q[j - 1];
                let cost = u8::from(qc != b);
                let mut v = (prev[j] + 1).min(cur[j - 1] + 1);
                v = v.min(prev[j - 1] + cost);
                if let Some(pp) = pprev
                    && j >= 2
                    && b == self.q[j - 2]
                    && self.path[depth - 1] == qc
                    && qc != b
                {
                    v = v.min(pp[j - 2] + 1);
                }
                cur[j] = v.min(sentinel);
                min = min.min(cur[j]);
            }
            if hi < m {
                cur[hi + 1] = sentinel;
            }
            if min > self.k {
                continue;
            }
            let d = if hi == m && lo <= m { cur[m] } else { sentinel };
            let next = fst.node(t.addr);
            let acc2 = acc + t.out.value();
            if next.is_final() && d <= self.k && d > 0 {
                self.out.push((acc2 + next.final_output().value(), d));
            }
            self.walk(fst, next, depth + 1, acc2);
        }
    }
}

/// Damerau (optimal string alignment) distance allowed for a key of
/// `len` bytes: none under 4, one under 8, else two.
fn max_edits(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

// ---------------------------------------------------------------------------
// Lookup.

/// Check a query: not empty, not too long, no control characters.
/// Returns it trimmed.
pub fn check_query(query: &str) -> Result<&str> {
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::input("empty query: give a term to look up"));
    }
    if q.len() > MAX_QUERY_BYTES {
        return Err(Error::input(format!(
            "query too long ({} bytes; at most {MAX_QUERY_BYTES})",
            q.len()
        )));
    }
    if let Some((i, c)) = q.char_indices().find(|(_, c)| c.is_control()) {
        return Err(Error::input(format!(
            "query has a control character U+{:04X} at byte {i}",
            c as u32
        )));
    }
    if crate::text::key(q).is_empty() {
        return Err(Error::input(format!(
            "query {q:?} has no letters or digits to look up"
        )));
    }
    Ok(q)
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    kind: MatchKind,
    /// Partial: share of the longer side that matched (0..=100).
    coverage: u8,
    /// Partial: true when the term is inside the query.
    term_in_query: bool,
}

impl Cand {
    fn whole(kind: MatchKind) -> Cand {
        Cand { kind, coverage: 100, term_in_query: false }
    }
}

// ---------------------------------------------------------------------------
// Ranking: the one scoring function and its table.

/// Lookup's ranking table, best kind first. `base` is the score a hit of
/// that kind shows (a percentage); a fuzzy hit loses `per_edit` for each
/// edit beyond the first, a partial one gains up to `coverage_bonus` with
/// the share of the longer side that matched.
///
/// | row | kind      | base | per edit | coverage bonus |
/// |-----|-----------|------|----------|----------------|
/// | 0   | exact     | 100  |          |                |
/// | 1   | folded    |  92  |          |                |
/// | 2   | inflected |  84  |          |                |
/// | 3   | fuzzy     |  76  | −8       |                |
/// | 4   | partial   |  40  |          | +19 × coverage |
///
/// Then, for every kind, the entry's status and review state:
/// preferred −0, admitted −2, deprecated or superseded −4; proposed
/// (unreviewed) −3, so it ranks below an approved entry of the same kind
/// and status.
///
/// Hits are ordered by [`Rank`], whose fields are compared in this order:
/// score (higher first), kind row, fuzzy distance (fewer edits first),
/// coverage (higher first), closeness to the query as typed, entry, term.
const RANKING: [(MatchKind, u8); 5] = [
    (MatchKind::Exact, 100),
    (MatchKind::Folded, 92),
    (MatchKind::Stemmed, 84),
    (MatchKind::Fuzzy { distance: 1 }, 76),
    (MatchKind::Partial, 40),
];
const PER_EDIT: u8 = 8;
const COVERAGE_BONUS: u16 = 19;
const STATUS_PENALTY: [(AdminStatus, u8); 4] = [
    (AdminStatus::Preferred, 0),
    (AdminStatus::Admitted, 2),
    (AdminStatus::Deprecated, 4),
    (AdminStatus::Superseded, 4),
];
const UNREVIEWED_PENALTY: u8 = 3;

/// A candidate's place in the ranking: smaller is better (fields compared
/// in order, see [`RANKING`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    score: std::cmp::Reverse<u8>,
    row: usize,
    distance: u8,
    coverage: std::cmp::Reverse<u8>,
    /// Closeness to the query as typed: edit distance on the folded text
    /// ("pateint" prefers "patient" to "patent"), or for partial hits,
    /// possibly many, the length difference.
    tie: usize,
    entry: u32,
    term: u32,
}

/// Where a ranked candidate comes from: the term's status and review
/// state, its closeness to the query, its entry and term numbers. `None`
/// compares two candidates for the same term (same status, closeness
/// and numbers), so only their kind and coverage count.
struct Placed {
    status: AdminStatus,
    proposed: bool,
    tie: usize,
    entry: u32,
    term: u32,
}

/// The row of `kind` in [`RANKING`].
fn row(kind: MatchKind) -> usize {
    RANKING
        .iter()
        .position(|(k, _)| {
            std::mem::discriminant(k) == std::mem::discriminant(&kind)
        })
        .unwrap_or(RANKING.len())
}

/// The one scoring function: the [`Rank`] of `c` by [`RANKING`].
fn rank(c: &Cand, at: Option<&Placed>) -> Rank {
    let row = row(c.kind);
    let base = RANKING.get(row).map_or(0, |r| r.1);
    let (distance, adjusted) = match c.kind {
        MatchKind::Fuzzy { distance } => (
            distance,
            base.saturating_sub(PER_EDIT * distance.saturating_sub(1)),
        ),
        MatchKind::Partial => {
            (0, base + (u16::from(c.coverage) * COVERAGE_BONUS / 100) as u8)
        }
        _ => (0, base),
    };
    let penalty = at.map_or(0, |p| {
        let status = STATUS_PENALTY.iter().find(|s| s.0 == p.status);
        status.map_or(0, |s| s.1)
            + if p.proposed { UNREVIEWED_PENALTY } else { 0 }
    });
    Rank {
        score: std::cmp::Reverse(adjusted.saturating_sub(penalty)),
        row,
        distance,
        coverage: std::cmp::Reverse(c.coverage),
        tie: at.map_or(0, |p| p.tie),
        entry: at.map_or(0, |p| p.entry),
        term: at.map_or(0, |p| p.term),
    }
}

/// Keep the better of two candidates for term `t`.
fn add(cands: &mut HashMap<u32, Cand>, t: u32, c: Cand) {
    cands
        .entry(t)
        .and_modify(|old| {
            if rank(&c, None) < rank(old, None) {
                *old = c;
            }
        })
        .or_insert(c);
}

/// A query prepared once for every step of [`Index::lookup`].
struct Query<'q> {
    text: &'q str,
    /// Its tokens, English possessives left out.
    all: Vec<Token>,
    /// A possessive was left out: the best kind is "inflected".
    inflected: bool,
    /// The `keys` map's key of the query ([`squash_key`]).
    key: String,
    /// Its [`exact_form`].
    exact: String,
    stemmers: Vec<WordStemmer>,
}

impl<'q> Query<'q> {
    fn new(text: &'q str, lang: LangFilter) -> Query<'q> {
        // An English possessive ("data center's", "GPU’s") is inflection:
        // it is left out of the match, and what matches is at best
        // "inflected".
        let mut all = tokenize(text);
        let n_all = all.len();
        all.retain(|t| t.kind != TokenKind::Possessive);
        let inflected = all.len() != n_all;
        let mut key = String::with_capacity(text.len());
        squash_key(match_tokens(&all), &mut key);
        let mut exact = String::with_capacity(text.len());
        exact_form(text, match_tokens(&all), &mut exact);
        let stemmers = match lang {
            LangFilter::Fr => vec![WordStemmer::new(Lang::Fr)],
            LangFilter::En => vec![WordStemmer::new(Lang::En)],
            LangFilter::Any => {
                vec![WordStemmer::new(Lang::Fr), WordStemmer::new(Lang::En)]
            }
        };
        Query { text, all, inflected, key, exact, stemmers }
    }

    fn toks(&self) -> &[Token] {
        match_tokens(&self.all)
    }

    /// Each stemmer twice: on the words as typed, then folded.
    fn stem_keys(&self) -> impl Iterator<Item = (&WordStemmer, bool)> {
        self.stemmers.iter().flat_map(|s| [(s, false), (s, true)])
    }
}

/// Scratch buffers reused across a lookup's steps.
#[derive(Default)]
struct Scratch {
    text: String,
    toks: Vec<Token>,
}

/// The normalised original words of `toks` joined by one space (case and
/// accents kept): what "exact" compares.
fn exact_form(text: &str, toks: &[Token], out: &mut String) {
    out.clear();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(
            normalize(&text[t.span.clone()]).chars().map(canonical_char),
        );
    }
}

/// Number of word-like runs in `text` (ASCII letters and digits, any
/// non-ASCII byte): a cheap sort key, close to `words_of(fold(text))`.
fn rough_word_count(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let w = b.is_ascii_alphanumeric() || b >= 0x80;
        n += usize::from(w && !in_word);
        in_word = w;
    }
    n
}

/// Split folded text into alphanumeric runs.
fn words_of(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

impl Index {
    /// Look `query` up. Errors only for a bad query (see [`check_query`]).
    ///
    /// The steps, each adding candidates (the better kind kept per term):
    /// whole key (exact, folded), stem keys (inflected), fuzzy keys, the
    /// query inside a longer term, a term inside the query; then
    /// [`rank`].
    pub fn lookup(
        &self,
        query: &str,
        opts: &LookupOptions,
    ) -> Result<Vec<Hit>> {
        let query = check_query(query)?;
        let q = Query::new(query, opts.lang);
        let mut cands: HashMap<u32, Cand> = HashMap::new();
        let mut scratch = Scratch::default();
        self.find_whole(&q, opts, &mut scratch, &mut cands);
        self.find_stemmed(&q, &mut cands);
        self.find_fuzzy(&q, opts, &mut cands);
        // Partial matches rank below every other kind: skip them when the
        // page is already full.
        if cands.len() < opts.limit {
            self.find_query_in_terms(&q, opts, &mut cands);
            self.find_terms_in_query(&q, opts, &mut scratch, &mut cands);
        }
        Ok(self.ranked(query, &cands, opts.limit))
    }

    /// Exact and folded: the whole key.
    fn find_whole(
        &self,
        q: &Query<'_>,
        opts: &LookupOptions,
        scratch: &mut Scratch,
        cands: &mut HashMap<u32, Cand>,
    ) {
        let Some(off) = self.keys.get(&q.key) else { return };
        for ti in self.posting(&self.keys_post, off).iter() {
            let Some(t) = self.term(ti) else { continue };
            if !self.lang_ok(&t, opts.lang) {
                continue;
            }
            crate::text::tokenize::tokenize_into(t.text, &mut scratch.toks);
            exact_form(t.text, match_tokens(&scratch.toks), &mut scratch.text);
            let kind = if scratch.text == q.exact {
                if q.inflected { MatchKind::Stemmed } else { MatchKind::Exact }
            } else if t.case_sensitive() {
                continue;
            } else if q.inflected {
                MatchKind::Stemmed
            } else {
                MatchKind::Folded
            };
            add(cands, ti, Cand::whole(kind));
        }
    }

    /// Terms of `st`'s language whose stem key is `skey` and that may
    /// inflect as `toks` of the query.
    fn stem_hits<'a>(
        &'a self,
        st: &'a WordStemmer,
        skey: &str,
        query: &'a str,
        toks: &'a [Token],
    ) -> impl Iterator<Item = u32> + 'a {
        let posting = self.stems.get(skey).map(|off| {
            self.posting(&self.stems_post, off).iter().collect::<Vec<_>>()
        });
        posting.into_iter().flatten().filter(move |&ti| {
            self.term(ti).is_some_and(|t| {
                let lang_match = match st.lang() {
                    Lang::Fr => t.is_fr(),
                    Lang::En => t.is_en(),
                };
                lang_match && self.inflects_as(&t, query, toks)
            })
        })
    }

    /// Inflected: the stem key, per language.
    fn find_stemmed(&self, q: &Query<'_>, cands: &mut HashMap<u32, Cand>) {
        let mut skey = String::new();
        for (st, folded) in q.stem_keys() {
            stem_key(st, q.text, q.toks(), folded, &mut skey);
            for ti in self.stem_hits(st, &skey, q.text, q.toks()) {
                add(cands, ti, Cand::whole(MatchKind::Stemmed));
            }
        }
    }

    /// Fuzzy: up to two edits on the key (two only when one does not fill
    /// the page).
    fn find_fuzzy(
        &self,
        q: &Query<'_>,
        opts: &LookupOptions,
        cands: &mut HashMap<u32, Cand>,
    ) {
        let k = max_edits(q.key.len());
        if k == 0 || q.key.len() > MAX_FUZZY_KEY {
            return;
        }
        let mut found: Vec<(u64, u8)> = Vec::new();
        let mut walk = FuzzyWalk {
            q: q.key.as_bytes(),
            k: 1,
            rows: Vec::new(),
            path: Vec::new(),
            out: &mut found,
        };
        walk.run(self.keys.as_fst());
        if k == 2 && walk.out.len() + cands.len() < opts.limit {
            walk.out.clear();
            walk.k = 2;
            walk.run(self.keys.as_fst());
        }
        for &(off, d) in &found {
            for ti in self.posting(&self.keys_post, off).iter() {
                let Some(t) = self.term(ti) else { continue };
                if !self.lang_ok(&t, opts.lang) || t.strict() {
                    continue;
                }
                add(cands, ti, Cand::whole(MatchKind::Fuzzy { distance: d }));
            }
        }
    }

    /// Partial, query inside a longer term: every query word is in the
    /// term, contiguously and in order.
    fn find_query_in_terms(
        &self,
        q: &Query<'_>,
        opts: &LookupOptions,
        cands: &mut HashMap<u32, Cand>,
    ) {
        let qwords: Vec<&str> =
            q.toks().iter().flat_map(|t| words_of(&t.folded)).collect();
        let mut lists: Vec<Posting<'_>> = Vec::new();
        for w in &qwords {
            match self.words.get(w) {
                Some(off) => lists.push(self.posting(&self.words_post, off)),
                None => return,
            }
        }
        lists.sort_by_key(Posting::len);
        if lists.first().is_none_or(|l| l.len() > MAX_PARTIAL_SCAN) {
            return;
        }
        // Candidates holding every query word, shortest first (the best
        // coverage), then verified until the page is full: a one-word
        // query such as "réseau" may hit 50,000 terms.
        let mut pool: Vec<(usize, u32)> = Vec::new();
        for ti in lists[0].iter() {
            if !lists[1..].iter().all(|l| l.contains(ti)) {
                continue;
            }
            let Some(t) = self.term(ti) else { continue };
            if !self.lang_ok(&t, opts.lang) || t.case_sensitive() {
                continue;
            }
            pool.push((rough_word_count(t.text), ti));
        }
        pool.sort_unstable();
        let mut folded = String::new();
        let (mut found, mut last_n) = (0, 0);
        for &(rough, ti) in &pool {
            if found >= opts.limit && rough > last_n {
                break;
            }
            let Some(t) = self.term(ti) else { continue };
            folded.clear();
            fold_into(t.text, &mut folded);
            let tw: Vec<&str> = words_of(&folded).collect();
            let n = tw.len();
            if n <= qwords.len()
                || !tw.windows(qwords.len()).any(|w| w == &qwords[..])
            {
                continue;
            }
            found += 1;
            last_n = rough;
            let coverage = (qwords.len() * 100 / n) as u8;
            let c = Cand { coverage, ..Cand::whole(MatchKind::Partial) };
            add(cands, ti, c);
        }
    }

    /// Partial, a term inside the query: every run of query tokens (not
    /// the whole query), by key and by stem.
    fn find_terms_in_query(
        &self,
        q: &Query<'_>,
        opts: &LookupOptions,
        scratch: &mut Scratch,
        cands: &mut HashMap<u32, Cand>,
    ) {
        let toks = q.toks();
        let n = toks.len().min(MAX_QUERY_TOKENS);
        let (mut gram, mut skey) = (String::new(), String::new());
        for i in (0..n).filter(|&i| toks[i].is_content()) {
            for j in i + 1..=n.min(i + MAX_NGRAM) {
                if j - i == toks.len() {
                    continue;
                }
                let span = &toks[i..j];
                let c = Cand {
                    kind: MatchKind::Partial,
                    coverage: ((j - i) * 100 / toks.len()) as u8,
                    term_in_query: true,
                };
                squash_key(span, &mut gram);
                if let Some(off) = self.keys.get(&gram) {
                    for ti in self.posting(&self.keys_post, off).iter() {
                        let Some(t) = self.term(ti) else { continue };
                        if self.lang_ok(&t, opts.lang)
                            && (!t.case_sensitive()
                                || self.same_exact(&t, q.text, span, scratch))
                        {
                            add(cands, ti, c);
                        }
                    }
                }
                for (st, folded) in q.stem_keys() {
                    stem_key(st, q.text, span, folded, &mut skey);
                    for ti in self.stem_hits(st, &skey, q.text, span) {
                        add(cands, ti, c);
                    }
                }
            }
        }
    }

    /// Is term `t` written exactly as `span` of `query` (case and accents)?
    fn same_exact(
        &self,
        t: &TermRec<'_>,
        query: &str,
        span: &[Token],
        scratch: &mut Scratch,
    ) -> bool {
        crate::text::tokenize::tokenize_into(t.text, &mut scratch.toks);
        exact_form(t.text, match_tokens(&scratch.toks), &mut scratch.text);
        let mut want = String::new();
        exact_form(query, span, &mut want);
        scratch.text == want
    }

    /// The best `limit` candidates as hits, in [`rank`] order.
    fn ranked(
        &self,
        query: &str,
        cands: &HashMap<u32, Cand>,
        limit: usize,
    ) -> Vec<Hit> {
        let qfold = crate::text::fold(query);
        let mut tfold = String::new();
        let mut ranked: Vec<(Rank, u32)> = cands
            .iter()
            .filter_map(|(&ti, c)| {
                let t = self.term(ti)?;
                tfold.clear();
                fold_into(t.text, &mut tfold);
                let tie = if c.kind == MatchKind::Partial {
                    tfold.len().abs_diff(qfold.len())
                } else {
                    strsim::osa_distance(&qfold, &tfold)
                };
                let at = Placed {
                    status: t.status(),
                    proposed: t.proposed(),
                    tie,
                    entry: t.entry,
                    term: ti,
                };
                Some((rank(c, Some(&at)), ti))
            })
            .collect();
        ranked.sort_unstable();
        ranked.truncate(limit);
        ranked
            .into_iter()
            .filter_map(|(r, ti)| {
                self.hit(query, ti, cands.get(&ti)?, r.score.0)
            })
            .collect()
    }

    /// May `toks` of `query` match term `t` as an inflected form? Not for
    /// an `exact_only` term (the entry forbids inflection); a
    /// case-sensitive term needs the letter case it is written with
    /// (`GPUs` finds `GPU`, `gpus` does not).
    fn inflects_as(
        &self,
        t: &TermRec<'_>,
        query: &str,
        toks: &[Token],
    ) -> bool {
        if t.flags & F_EXACT != 0 {
            return false;
        }
        if !t.case_sensitive() {
            return true;
        }
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
            return false;
        };
        same_case(&query[first.span.start..last.span.end], t.text)
    }

    fn hit(&self, query: &str, ti: u32, c: &Cand, score: u8) -> Option<Hit> {
        let t = self.term(ti)?;
        let (id, first, n) = self.entry(t.entry)?;
        let lang = self.lang_tag(t.lang).to_string();
        let primary = lang.split('-').next().unwrap_or("").to_string();
        let mut others: Vec<(u8, u32, &str)> = Vec::new();
        let mut replacement: Option<(u8, &str)> = None;
        for j in first..first.saturating_add(n) {
            let Some(o) = self.term(j) else { continue };
            let olang = self.lang_tag(o.lang);
            let same = olang.split('-').next() == Some(primary.as_str());
            let st = status_bits(o.status());
            if st >= 2 {
                continue;
            }
            if same {
                if j != ti && replacement.is_none_or(|r| st < r.0) {
                    replacement = Some((st, o.text));
                }
            } else {
                others.push((st, j, o.text));
            }
        }
        others.sort();
        let status = t.status();
        let discouraged = status_bits(status) >= 2;
        let replacement = if discouraged {
            replacement.map(|r| r.1.to_string())
        } else {
            None
        };
        let mut explanation = match c.kind {
            MatchKind::Exact => format!("'{query}' is exactly '{}'", t.text),
            MatchKind::Folded => format!(
                "'{query}' matched '{}' ignoring case and accents",
                t.text
            ),
            MatchKind::Stemmed => {
                format!("'{query}' matched '{}' by stem", t.text)
            }
            MatchKind::Fuzzy { distance } => format!(
                "'{query}' matched '{}' with {distance} edit{}",
                t.text,
                if distance == 1 { "" } else { "s" }
            ),
            MatchKind::Partial if c.term_in_query => {
                format!("'{}' appears in '{query}'", t.text)
            }
            MatchKind::Partial => format!("'{query}' is part of '{}'", t.text),
        };
        if discouraged {
            explanation.push_str(&format!("; '{}' is {}", t.text, status));
            if let Some(r) = &replacement {
                explanation.push_str(&format!(", use '{r}'"));
            }
        }
        Some(Hit {
            term: t.text.to_string(),
            lang,
            translations: others
                .into_iter()
                .map(|o| o.2.to_string())
                .collect(),
            score,
            kind: c.kind,
            distance: match c.kind {
                MatchKind::Fuzzy { distance } => Some(distance),
                _ => None,
            },
            entry_id: id.to_string(),
            status: status.as_str().to_string(),
            state: if t.proposed() { "proposed" } else { "approved" },
            replacement,
            explanation,
        })
    }
}

#[cfg(test)]
/// The key of a text as the index stores it (leading elisions dropped).
pub(crate) fn index_key(text: &str) -> String {
    let toks = tokenize(text);
    let mut s = String::new();
    squash_key(match_tokens(&toks), &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::native;

    /// The lookup fixture, shared with tests/lookup.rs.
    const CSV: &str = include_str!("../../tests/data/lookup.csv");

    fn index() -> Index {
        Index::build(&native::read(CSV.as_bytes()).unwrap())
    }

    fn opts(lang: LangFilter) -> LookupOptions {
        LookupOptions { lang, limit: 10 }
    }

    use LangFilter::{Any, En, Fr};
    use MatchKind::*;

    /// (query, languages, first hit's term, its kind, its entry).
    const CASES: &[(&str, LangFilter, &str, MatchKind, &str)] = &[
        ("puce", Any, "puce", Exact, "c1"),
        ("PUCE", Any, "puce", Folded, "c1"),
        ("Puces", Any, "puce", Stemmed, "c1"),
        ("puces", Fr, "puce", Stemmed, "c1"),
        ("centre de donnees", Any, "centre de données", Folded, "c2"),
        ("centres de donnees", Any, "centre de données", Stemmed, "c2"),
        ("d\u{2019}IA", Any, "IA", Exact, "c4"),
        ("d'IA", Any, "IA", Exact, "c4"),
        (
            "cnetre de données",
            Any,
            "centre de données",
            Fuzzy { distance: 1 },
            "c2",
        ),
        (
            "rseau de neurones",
            Any,
            "réseau de neurones",
            Fuzzy { distance: 1 },
            "c8",
        ),
        ("fond spéculatifs", Any, "fonds spéculatif", Stemmed, "c6"),
        (
            "grape de centres de données",
            Any,
            "grappes de centres de données",
            Fuzzy { distance: 2 },
            "c3",
        ),
        ("data center", En, "data center", Exact, "c2"),
        ("data centers", Any, "data center", Stemmed, "c2"),
        ("neural netwrok", En, "neural network", Fuzzy { distance: 1 }, "c8"),
        ("hedge funds", Any, "hedge fund", Stemmed, "c6"),
        ("GPU", Any, "GPU", Exact, "c5"),
        (
            "centre d\u{2019}innovation",
            Any,
            "centre d'innovation",
            Exact,
            "c10",
        ),
        ("centre dinnovation", Any, "centre d'innovation", Folded, "c10"),
        (
            "centre b'innovation",
            Any,
            "centre d'innovation",
            Fuzzy { distance: 1 },
            "c10",
        ),
        (
            "centre 'innovation",
            Any,
            "centre d'innovation",
            Fuzzy { distance: 1 },
            "c10",
        ),
        (
            "centr ed'innovation",
            Any,
            "centre d'innovation",
            Fuzzy { distance: 1 },
            "c10",
        ),
        ("les puces d'IA", Any, "puce", Partial, "c1"),
        ("apprentissage", Any, "apprentissage automatique", Partial, "c7"),
    ];

    #[test]
    fn issue_3_match_kinds() {
        let ix = index();
        for &(q, lang, term, kind, id) in CASES {
            let hits = ix.lookup(q, &opts(lang)).unwrap();
            let first = hits.first().unwrap_or_else(|| panic!("{q}: no hit"));
            assert_eq!(
                (first.term.as_str(), first.kind, first.entry_id.as_str()),
                (term, kind, id),
                "{q}: {hits:#?}"
            );
            assert_eq!(first.distance.is_some(), matches!(kind, Fuzzy { .. }));
        }
    }

    #[test]
    fn issue_3_partial_both_ways() {
        let ix = index();
        // The query inside a longer term.
        let hits = ix.lookup("centres de données", &opts(Fr)).unwrap();
        assert_eq!(hits[0].term, "centre de données");
        let p = hits.iter().find(|h| h.entry_id == "c3").expect("c3");
        assert_eq!(p.kind, Partial);
        assert!(p.explanation.contains("is part of"), "{}", p.explanation);
        // Terms inside the query.
        let hits = ix.lookup("les puces d'IA", &opts(Any)).unwrap();
        let ia = hits.iter().find(|h| h.term == "IA").expect("IA");
        assert_eq!(ia.kind, Partial);
        assert!(ia.explanation.contains("appears in"), "{}", ia.explanation);
    }

    #[test]
    fn issue_3_case_sensitive_and_exact_only() {
        let ix = index();
        // Case-sensitive: another case never matches, not even partially.
        for q in ["ia", "Ia", "d'ia", "les puces d'ia", "gpu", "Gpu"] {
            let hits = ix.lookup(q, &opts(Any)).unwrap();
            assert!(
                !hits.iter().any(|h| h.term == "IA" || h.term == "GPU"),
                "{q}: {hits:#?}"
            );
        }
        // Exact-only: no inflection, no typo.
        for q in ["GPUs", "GPUU", "GPV"] {
            let hits = ix.lookup(q, &opts(Any)).unwrap();
            assert!(!hits.iter().any(|h| h.term == "GPU"), "{q}: {hits:#?}");
        }
    }

    #[test]
    fn issue_3_explanations_and_translations() {
        let ix = index();
        let h = &ix.lookup("puces", &opts(Any)).unwrap()[0];
        assert_eq!(h.explanation, "'puces' matched 'puce' by stem");
        assert_eq!(h.translations, ["chip"]);
        assert_eq!(h.score, 84);
        // EN → FR: translations are the French terms.
        let h = &ix.lookup("data centre", &opts(En)).unwrap()[0];
        assert_eq!((h.term.as_str(), h.kind), ("data centre", Exact));
        assert_eq!(h.translations, ["centre de données"]);
        assert_eq!(h.status, "admitted");
        assert_eq!(h.score, 98);
        // FR → EN: preferred first, admitted after.
        let h = &ix.lookup("centre de données", &opts(Fr)).unwrap()[0];
        assert_eq!(h.translations, ["data center", "data centre"]);
        let h = &ix.lookup("cnetre de données", &opts(Fr)).unwrap()[0];
        assert_eq!(
            h.explanation,
            "'cnetre de données' matched 'centre de données' with 1 edit"
        );
    }

    #[test]
    fn issue_3_deprecated_with_replacement() {
        let ix = index();
        let h = &ix.lookup("apprentissage machine", &opts(Any)).unwrap()[0];
        assert_eq!(
            (h.term.as_str(), h.kind),
            ("apprentissage machine", Exact)
        );
        assert_eq!(h.status, "deprecated");
        assert_eq!(
            h.replacement.as_deref(),
            Some("apprentissage automatique")
        );
        assert_eq!(h.translations, ["machine learning"]);
        assert!(h.explanation.contains("use 'apprentissage automatique'"));
        assert_eq!(h.score, 96);
    }

    #[test]
    fn ranking_kind_then_status() {
        let ix = index();
        let hits = ix.lookup("centre de données", &opts(Any)).unwrap();
        let kinds: Vec<MatchKind> = hits.iter().map(|h| h.kind).collect();
        let mut sorted = kinds.clone();
        sorted.sort_by_key(|&k| row(k));
        assert_eq!(kinds, sorted);
        let scores: Vec<u8> = hits.iter().map(|h| h.score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    }

    #[test]
    fn lang_filter() {
        let ix = index();
        let hits = ix.lookup("GPU", &opts(En)).unwrap();
        assert!(hits.iter().all(|h| h.lang == "en"));
        let hits = ix.lookup("chip", &opts(Fr)).unwrap();
        assert!(hits.is_empty(), "{hits:#?}");
    }

    #[test]
    fn transposition_is_one_edit() {
        let ix = index();
        for (q, d) in [
            ("centre de donénes", 1),
            ("ecntre de données", 1),
            ("cnetre de dnonées", 2),
        ] {
            let h = &ix.lookup(q, &opts(Fr)).unwrap()[0];
            assert_eq!(h.kind, Fuzzy { distance: d }, "{q}");
        }
    }

    #[test]
    fn bad_queries() {
        let ix = index();
        let long = "a".repeat(1 << 20);
        for q in ["", "   ", "\u{a0}\t", "a\u{7}b", "…", "x\u{0}", &long] {
            let e = ix.lookup(q, &opts(Any)).unwrap_err();
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn corrupt_bytes_are_rejected() {
        let g = native::read(CSV.as_bytes()).unwrap();
        let bytes = build_bytes(&g, 7);
        assert!(Index::from_bytes(bytes.clone()).is_ok());
        for i in
            [0, 9, 20, 40, HEADER_LEN + 3, bytes.len() / 2, bytes.len() - 1]
        {
            let mut b = bytes.clone();
            b[i] ^= 0x40;
            assert!(Index::from_bytes(b).is_err(), "flip at {i}");
        }
        assert!(Index::from_bytes(bytes[..bytes.len() - 5].to_vec()).is_err());
        assert!(Index::from_bytes(Vec::new()).is_err());
    }

    /// The banded trie walk finds exactly the keys a brute-force OSA
    /// distance finds.
    #[test]
    fn fuzzy_walk_equals_brute_force() {
        let g = crate::synth::generate(1200, 3);
        let mut keys: Vec<String> = g
            .entries
            .iter()
            .flat_map(|e| e.terms.iter().map(|t| index_key(&t.text)))
            .filter(|k| k.is_ascii())
            .collect();
        keys.sort();
        keys.dedup();
        let map = Map::from_iter(
            keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u64)),
        )
        .unwrap();
        let mut rng = crate::synth::Rng::new(5);
        let mut hits = 0;
        for n in 0..60 {
            let q =
                crate::synth::perturb(&keys[rng.below(keys.len())], &mut rng);
            let q =
                if n % 7 == 0 { q[..q.len().min(5)].to_string() } else { q };
            if !q.is_ascii() {
                continue;
            }
            let dists: Vec<u8> = keys
                .iter()
                .map(|key| strsim::osa_distance(&q, key).min(9) as u8)
                .collect();
            for k in [1u8, 2] {
                let mut found = Vec::new();
                FuzzyWalk {
                    q: q.as_bytes(),
                    k,
                    rows: Vec::new(),
                    path: Vec::new(),
                    out: &mut found,
                }
                .run(map.as_fst());
                found.sort();
                let want: Vec<(u64, u8)> = dists
                    .iter()
                    .enumerate()
                    .filter(|&(_, &d)| d > 0 && d <= k)
                    .map(|(i, &d)| (i as u64, d))
                    .collect();
                hits += found.len();
                assert_eq!(found, want, "{q:?} k={k}");
            }
        }
        assert!(hits > 30, "the walk found too little to test: {hits}");
    }

    #[test]
    fn empty_glossary() {
        let ix = Index::build(&Glossary::new());
        assert!(ix.lookup("puce", &opts(Any)).unwrap().is_empty());
    }
}

//! Property tests for the text pipeline (issue 3): normalisation is
//! idempotent and every token span slices the original text on char
//! boundaries.

use glossa::text::{fold, key, normalize, tokenize};
use proptest::prelude::*;

/// Text mixing the characters the rules care about: accents (precomposed
/// and combining), apostrophes, spaces, dashes, ligatures, digits.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "É",
        "e\u{301}",
        "’",
        "'",
        "ʼ",
        "`",
        "\u{a0}",
        "\u{202f}",
        " ",
        "-",
        "\u{2011}",
        "—",
        "œ",
        "Æ",
        "ß",
        "3",
        ",",
        ".",
        "d’",
        "l'",
        "qu'",
        "IA",
        "puces",
        "aujourd'hui",
        "«",
        "»",
        "\u{301}",
        "İ",
        "ﬁ",
        "s",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn fold_is_idempotent(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn fold_is_idempotent_on_tricky_text(s in tricky()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn normalize_is_idempotent(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalize_is_idempotent_on_tricky_text(s in tricky()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn key_is_idempotent(s in tricky()) {
        let once = key(&s);
        prop_assert_eq!(key(&once), once);
    }

    #[test]
    fn key_is_idempotent_any(s in any::<String>()) {
        let once = key(&s);
        prop_assert_eq!(key(&once), once);
    }

    #[test]
    fn spans_slice_on_char_boundaries(s in any::<String>()) {
        for t in tokenize(&s) {
            prop_assert!(t.span.start < t.span.end);
            prop_assert!(s.is_char_boundary(t.span.start));
            prop_assert!(s.is_char_boundary(t.span.end));
            prop_assert!(s.get(t.span.clone()).is_some());
        }
    }

    #[test]
    fn spans_are_ordered_and_fold_to_token(s in tricky()) {
        let toks = tokenize(&s);
        let mut last = 0;
        for t in &toks {
            prop_assert!(s.is_char_boundary(t.span.start));
            prop_assert!(s.is_char_boundary(t.span.end));
            prop_assert!(t.span.start >= last);
            last = t.span.end;
            if t.is_content() {
                prop_assert_eq!(fold(&s[t.span.clone()]), t.folded.clone());
            }
        }
    }
}

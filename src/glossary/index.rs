//! Fuzzy, inflection-aware lookup index (issue 3).

//! Sentence splitting (TODO: issue 4).

//! Sentence and term alignment (issue 4).

//! One-pass term scanner for drafts (issue 5).

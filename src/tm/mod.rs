//! Translation memory (issue 6).

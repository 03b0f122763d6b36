//! Language server (issue 5).

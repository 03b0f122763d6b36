//! Team accounts (issue 17): who may do what on a shared glossary, and
//! how a person or a script proves who they are.
//!
//! | right | translator | terminologist | admin |
//! |---|---|---|---|
//! | read: look up, search, check, export | ✓ | ✓ | ✓ |
//! | propose: add an entry (as `proposed`) | ✓ | ✓ | ✓ |
//! | edit: approve, reject, edit, deprecate, restore, import | | ✓ | ✓ |
//! | manage users | | | ✓ |
//!
//! Accounts live in the team database ([`super::Pg`]): passwords as
//! Argon2id PHC strings, sign-in sessions and API tokens as SHA-256
//! digests of 256-bit random secrets (a stolen database yields no usable
//! credential).

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// A role, from least to most rights.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Looks up, searches, checks and proposes.
    Translator,
    /// Also approves, edits, deprecates and imports.
    Terminologist,
    /// Also manages users.
    Admin,
}

/// What a request needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    /// Read the glossary and memory (lookup, search, check, export).
    Read,
    /// Add an entry as a proposal.
    Propose,
    /// Change approved content: approve, reject, edit, restore, import.
    Edit,
    /// Add users and hand out tokens.
    ManageUsers,
}

impl Role {
    /// Every role, in order.
    pub const ALL: [Role; 3] =
        [Role::Translator, Role::Terminologist, Role::Admin];

    /// The role's name (`translator`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Translator => "translator",
            Role::Terminologist => "terminologist",
            Role::Admin => "admin",
        }
    }

    /// The role named `s`.
    pub fn parse(s: &str) -> Result<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            Error::input(format!(
                "unknown role {s:?} (translator, terminologist or admin)"
            ))
        })
    }

    /// The rights table above, written once.
    pub fn may(self, right: Right) -> bool {
        match right {
            Right::Read | Right::Propose => true,
            Right::Edit => self >= Role::Terminologist,
            Right::ManageUsers => self == Role::Admin,
        }
    }
}

/// A signed-in person (or a script with their token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The account name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

/// Check an account name: 1–64 letters, digits, `.`, `_` or `-`.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::input(format!(
            "bad user name {name:?}: 1–64 letters, digits, '.', '_' or '-'"
        )))
    }
}

/// The Argon2id PHC string of `password` (a random salt each time);
/// passwords shorter than 8 characters are refused.
pub fn hash_password(password: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    if password.chars().count() < 8 {
        return Err(Error::input("a password needs at least 8 characters"));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| Error::input(format!("no random source: {e}")))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| Error::input(format!("salt: {e}")))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::input(format!("hashing the password: {e}")))
}

/// True if `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A new secret (256 random bits, hex) with its prefix: `glt_` for API
/// tokens, `gls_` for sign-in sessions.
pub fn new_secret(prefix: &str) -> Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b)
        .map_err(|e| Error::input(format!("no random source: {e}")))?;
    let hex: String = b.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{prefix}{hex}"))
}

/// What the database keeps of a secret.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rights_table() {
        use Right::*;
        let table: Vec<(Role, Vec<bool>)> = Role::ALL
            .into_iter()
            .map(|r| {
                (
                    r,
                    [Read, Propose, Edit, ManageUsers]
                        .map(|x| r.may(x))
                        .to_vec(),
                )
            })
            .collect();
        assert_eq!(
            table,
            [
                (Role::Translator, vec![true, true, false, false]),
                (Role::Terminologist, vec![true, true, true, false]),
                (Role::Admin, vec![true, true, true, true]),
            ]
        );
        assert_eq!(Role::parse("admin").unwrap(), Role::Admin);
        assert!(Role::parse("Admin").is_err());
    }

    #[test]
    fn passwords_and_secrets() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("correct hors", &h));
        assert!(!verify_password("correct horse", "not a hash"));
        assert_ne!(hash_password("correct horse").unwrap(), h, "salted");
        assert!(hash_password("short").is_err());
        let (a, b) =
            (new_secret("glt_").unwrap(), new_secret("glt_").unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(digest("abc").len(), 64);
        assert!(check_name("ana.b-1_x").is_ok());
        assert!(check_name("ana b").is_err() && check_name("").is_err());
    }
}

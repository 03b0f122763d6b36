//! What every connection to a TM database shares, below both the unit
//! store ([`super::store`]) and the word associations ([`super::assoc`])
//! so neither imports the other back: the writers' busy timeout and the
//! stable hash of stored keys.

use std::time::Duration;

/// How long a writer waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(600);

/// FNV-1a 64: stable across versions and platforms (its values are
/// stored in the database), and plenty for telling keys apart.
pub(crate) struct Fnv(pub(crate) u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

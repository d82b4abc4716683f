//! Session tokens: 256 random bits, base64url; stores only ever see their SHA-256.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The bearer token a client holds. Only its [`TokenHash`] is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    /// A fresh token from the operating system's random source.
    pub fn generate() -> Result<SessionToken, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(SessionToken(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A token a client sent.
    pub fn from_client(value: &str) -> SessionToken {
        SessionToken(value.to_owned())
    }

    /// The text to hand the client.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key under which the session is stored.
    pub fn hash(&self) -> TokenHash {
        TokenHash(hex(&Sha256::digest(self.0.as_bytes())))
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

/// The SHA-256 of a token, as 64 lower-case hex digits: what stores key sessions by.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct TokenHash(String);

impl TokenHash {
    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A hash read back from a store.
    pub fn from_stored(hex: String) -> TokenHash {
        TokenHash(hex)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_hash_to_hex() {
        let a = SessionToken::generate().unwrap();
        let b = SessionToken::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(URL_SAFE_NO_PAD.decode(a.as_str()).unwrap().len(), 32);
        assert_eq!(a.hash().as_str().len(), 64);
        assert_eq!(a.hash(), SessionToken::from_client(a.as_str()).hash());
        assert_ne!(a.hash().as_str(), a.as_str());
    }
}

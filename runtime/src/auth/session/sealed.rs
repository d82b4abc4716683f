//! Platform secrets sealed at rest: with `[auth] secret_key` set, the WeChat `session_key`,
//! Alipay's tokens and the shared WeChat `access_token` are stored AES-256-GCM encrypted.
//!
//! The threat it covers is a copy of the store without the app: a Redis dump, replica or
//! backup, a SQLite file or its backups, someone with read access to either. Session
//! tokens are already stored only as SHA-256 hashes; with a key, the platform credentials
//! beside them are useless too. It does not cover an attacker who can read the app's
//! memory or environment, where the key is.
//!
//! Each value is bound to what it belongs to (the session's user, or the shared value's
//! name) as associated data, so a stored value moved to another record does not open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::config::{ConfigError, Secret};

const PREFIX: &str = "enc:v1:";
const NONCE_BYTES: usize = 12;

/// Seals and opens stored secrets; without a key it stores them as they are.
#[derive(Clone, Default)]
pub struct SecretBox {
    cipher: Option<Aes256Gcm>,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretBox")
            .field("sealing", &self.cipher.is_some())
            .finish()
    }
}

impl SecretBox {
    /// From `[auth] secret_key`: base64 of 32 random bytes, or empty for none.
    pub(crate) fn from_key(key: &Secret) -> Result<SecretBox, ConfigError> {
        if key.is_empty() {
            return Ok(SecretBox::default());
        }
        let bad = || ConfigError {
            source: "auth.secret_key (env BFFKIT_SESSION_SECRET_KEY)".to_owned(),
            detail: "expected base64 of 32 random bytes (e.g. `openssl rand -base64 32`)"
                .to_owned(),
        };
        let bytes = STANDARD.decode(key.expose().trim()).map_err(|_| bad())?;
        let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|_| bad())?;
        Ok(SecretBox {
            cipher: Some(cipher),
        })
    }

    /// `value` as stored: sealed when there is a key. `context` names its owner.
    pub(crate) fn seal(&self, value: &str, context: &str) -> Result<String, getrandom::Error> {
        let Some(cipher) = &self.cipher else {
            return Ok(value.to_owned());
        };
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce)?;
        let payload = Payload {
            msg: value.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption only fails for messages beyond GCM's 64 GiB limit.
        let sealed = cipher
            .encrypt(&Nonce::from(nonce), payload)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", STANDARD.encode(out)))
    }

    /// The value behind `stored`; `None` if it is sealed and cannot be opened here (no key,
    /// another key, or moved from another owner).
    pub(crate) fn open(&self, stored: &str, context: &str) -> Option<String> {
        let Some(sealed) = stored.strip_prefix(PREFIX) else {
            // Stored before a key was configured.
            return Some(stored.to_owned());
        };
        let opened = self.cipher.as_ref().and_then(|cipher| {
            let bytes = STANDARD.decode(sealed).ok()?;
            if bytes.len() < NONCE_BYTES {
                return None;
            }
            let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
            let nonce: [u8; NONCE_BYTES] = nonce.try_into().ok()?;
            let payload = Payload {
                msg: ciphertext,
                aad: context.as_bytes(),
            };
            let plain = cipher.decrypt(&Nonce::from(nonce), payload).ok()?;
            String::from_utf8(plain).ok()
        });
        if opened.is_none() {
            tracing::warn!(
                "a stored platform secret cannot be opened (auth.secret_key missing or changed)"
            );
        }
        opened
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed() -> SecretBox {
        SecretBox::from_key(&Secret::new(STANDARD.encode([7u8; 32]))).unwrap()
    }

    #[test]
    fn sealed_values_open_only_for_their_owner_and_key() {
        let b = boxed();
        let sealed = b.seal("SESSIONKEY", "wechat:o1").unwrap();
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("SESSIONKEY"));
        assert_ne!(
            sealed,
            b.seal("SESSIONKEY", "wechat:o1").unwrap(),
            "fresh nonce"
        );
        assert_eq!(b.open(&sealed, "wechat:o1").as_deref(), Some("SESSIONKEY"));
        assert_eq!(b.open(&sealed, "wechat:o2"), None, "moved to another user");
        let other = SecretBox::from_key(&Secret::new(STANDARD.encode([8u8; 32]))).unwrap();
        assert_eq!(other.open(&sealed, "wechat:o1"), None);
        assert_eq!(SecretBox::default().open(&sealed, "wechat:o1"), None);
        assert_eq!(b.open("plain", "x").as_deref(), Some("plain"));
        assert_eq!(SecretBox::default().seal("plain", "x").unwrap(), "plain");
    }

    #[test]
    fn a_bad_key_names_the_setting() {
        let err = SecretBox::from_key(&Secret::new("c2hvcnQ=")).unwrap_err();
        assert!(err.source.starts_with("auth.secret_key"), "{}", err.source);
    }
}

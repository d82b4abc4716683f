//! Sessions: the app's own opaque tokens, stored hashed, with absolute and idle expiry.

mod memory;
mod observed;
#[cfg(feature = "auth-redis")]
mod redis;
mod sealed;
#[cfg(feature = "auth-sqlite")]
mod sqlite;
mod store;
mod token;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

pub use self::memory::MemoryStore;
#[cfg(feature = "auth-redis")]
pub use self::redis::RedisStore;
#[cfg(feature = "auth-sqlite")]
pub use self::sqlite::SqliteStore;
pub(crate) use sealed::SecretBox;
pub use store::{SessionRecord, SessionStore, SessionUser, StoreError, StoreFuture};
pub use token::{SessionToken, TokenHash};

/// What a client gets on sign-in or refresh.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedSession {
    /// The bearer token: send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// Absolute expiry, Unix seconds.
    pub expires_at: i64,
    /// Expiry if unused, Unix seconds; each use pushes it forward.
    pub idle_expires_at: i64,
}

/// Issues, checks, rotates and revokes sessions in a [`SessionStore`]. Cheap to clone.
#[derive(Clone)]
pub struct Sessions {
    store: Arc<dyn SessionStore>,
    ttl: i64,
    idle_ttl: i64,
    secrets: SecretBox,
}

/// Why a session operation failed.
#[derive(Debug)]
pub enum SessionError {
    /// The store failed.
    Store(StoreError),
    /// The system random source failed.
    Random(getrandom::Error),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::Store(e) => write!(f, "{e}"),
            SessionError::Random(e) => write!(f, "no random source: {e}"),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<StoreError> for SessionError {
    fn from(e: StoreError) -> Self {
        SessionError::Store(e)
    }
}

/// The current time in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Sessions {
    /// Sessions in `store`, living `ttl` at most and `idle_ttl` without use.
    pub fn new(store: Arc<dyn SessionStore>, ttl: Duration, idle_ttl: Duration) -> Sessions {
        Sessions {
            // Spans, error counts and outage logs for every store (see `observed`).
            store: Arc::new(observed::Observed::new(store)),
            ttl: ttl.as_secs().max(1) as i64,
            idle_ttl: idle_ttl.as_secs().max(1) as i64,
            secrets: SecretBox::default(),
        }
    }

    /// Seals platform secrets with `secrets` before they reach the store.
    pub(crate) fn sealing(mut self, secrets: SecretBox) -> Sessions {
        self.secrets = secrets;
        self
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn SessionStore> {
        &self.store
    }

    /// Signs `user` in: a new session and its token. `platform_secret` stays server-side.
    pub async fn start(
        &self,
        user: SessionUser,
        platform_secret: Option<String>,
    ) -> Result<IssuedSession, SessionError> {
        let token = SessionToken::generate().map_err(SessionError::Random)?;
        let now = now();
        let platform_secret = platform_secret
            .map(|s| self.secrets.seal(&s, &owner(&user)))
            .transpose()
            .map_err(SessionError::Random)?;
        let record = SessionRecord {
            token_hash: token.hash(),
            user,
            platform_secret,
            created_at: now,
            expires_at: now + self.ttl,
            idle_expires_at: (now + self.idle_ttl).min(now + self.ttl),
        };
        self.store.create(&record).await?;
        Ok(issued(&token, &record))
    }

    /// The valid session for `token`, extending its idle expiry; `None` if there is none or
    /// it has expired (an expired one is deleted).
    pub async fn validate(
        &self,
        token: &SessionToken,
    ) -> Result<Option<SessionRecord>, SessionError> {
        let hash = token.hash();
        let Some(mut record) = self.store.get(&hash).await? else {
            return Ok(None);
        };
        let now = now();
        if !record.is_valid_at(now) {
            self.store.revoke(&hash).await?;
            return Ok(None);
        }
        let idle = self.idle_expiry(now, &record);
        // Writing on every request is wasteful; a minute's (or a tenth of the idle TTL's)
        // staleness in the idle expiry is not.
        if idle - record.idle_expires_at >= (self.idle_ttl / 10).clamp(1, 60) {
            if !self.store.touch(&hash, idle).await? {
                return Ok(None);
            }
            record.idle_expires_at = idle;
        }
        record.platform_secret = record
            .platform_secret
            .take()
            .and_then(|s| self.secrets.open(&s, &owner(&record.user)));
        Ok(Some(record))
    }

    /// Signs out: the token stops working. `false` if there was no session.
    pub async fn revoke(&self, token: &SessionToken) -> Result<bool, SessionError> {
        Ok(self.store.revoke(&token.hash()).await?)
    }

    /// Swaps a valid token for a new one; the old one stops working. `None` if the token
    /// has no valid session.
    pub async fn rotate(
        &self,
        token: &SessionToken,
    ) -> Result<Option<IssuedSession>, SessionError> {
        if self.validate(token).await?.is_none() {
            return Ok(None);
        }
        let new = SessionToken::generate().map_err(SessionError::Random)?;
        let now = now();
        let idle = now + self.idle_ttl;
        let Some(mut record) = self.store.rotate(&token.hash(), &new.hash(), idle).await? else {
            return Ok(None);
        };
        let capped = self.idle_expiry(now, &record);
        if capped != record.idle_expires_at {
            record.idle_expires_at = capped;
            self.store.touch(&record.token_hash, capped).await?;
        }
        Ok(Some(issued(&new, &record)))
    }

    /// Replaces the platform secret of the session `token` opens (after the platform renewed
    /// its tokens); `false` if there is no such session.
    pub async fn set_platform_secret(
        &self,
        token: &SessionToken,
        user: &SessionUser,
        secret: Option<&str>,
    ) -> Result<bool, SessionError> {
        let sealed = secret
            .map(|s| self.secrets.seal(s, &owner(user)))
            .transpose()
            .map_err(SessionError::Random)?;
        Ok(self
            .store
            .set_platform_secret(&token.hash(), sealed.as_deref())
            .await?)
    }

    /// Deletes expired sessions; how many went.
    pub async fn delete_expired(&self) -> Result<u64, SessionError> {
        Ok(self.store.delete_expired(now()).await?)
    }

    fn idle_expiry(&self, now: i64, record: &SessionRecord) -> i64 {
        (now + self.idle_ttl).min(record.expires_at)
    }
}

/// What a sealed platform secret is bound to: its session's user.
fn owner(user: &SessionUser) -> String {
    format!("{}:{}", user.provider, user.user_id)
}

fn issued(token: &SessionToken, record: &SessionRecord) -> IssuedSession {
    IssuedSession {
        token: token.as_str().to_owned(),
        expires_at: record.expires_at,
        idle_expires_at: record.idle_expires_at,
    }
}

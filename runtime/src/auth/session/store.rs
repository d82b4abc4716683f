//! `SessionStore`: where sessions live, keyed by token hash. Memory, SQLite and Redis
//! implement it; the same test suite runs against each.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

use super::token::TokenHash;

/// A store operation in flight.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    /// `wechat`, `alipay`, or what the app passed to `Sessions::start`.
    pub provider: String,
    /// The platform's user id: WeChat `openid`, Alipay `user_id`.
    pub user_id: String,
    /// WeChat `unionid`, when the app is bound to an Open Platform account.
    pub unionid: Option<String>,
}

/// One stored session. Times are Unix seconds.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// SHA-256 of the token.
    pub token_hash: TokenHash,
    /// Its owner.
    pub user: SessionUser,
    /// The platform's credential for this user (WeChat `session_key`, Alipay access token):
    /// kept server-side, never answered.
    pub platform_secret: Option<String>,
    /// When it was created.
    pub created_at: i64,
    /// Absolute expiry: no use extends it.
    pub expires_at: i64,
    /// Idle expiry: each use pushes it forward, up to `expires_at`.
    pub idle_expires_at: i64,
}

impl SessionRecord {
    /// When it stops being valid: the earlier of the two expiries.
    pub fn valid_until(&self) -> i64 {
        self.expires_at.min(self.idle_expires_at)
    }

    /// Whether it is still valid at `now`.
    pub fn is_valid_at(&self, now: i64) -> bool {
        now < self.valid_until()
    }
}

impl fmt::Debug for SessionRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionRecord")
            .field("token_hash", &self.token_hash)
            .field("user", &self.user)
            .field(
                "platform_secret",
                &self.platform_secret.as_ref().map(|_| "***"),
            )
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .field("idle_expires_at", &self.idle_expires_at)
            .finish()
    }
}

/// A store could not do what was asked (it is down, or its data is unreadable).
#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "session store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// Where sessions live.
///
/// Stores keep what they are given; [`Sessions`](super::Sessions) decides validity. A store
/// may forget expired sessions on its own (Redis does).
pub trait SessionStore: Send + Sync + 'static {
    /// Saves a new session.
    fn create<'a>(&'a self, record: &'a SessionRecord) -> StoreFuture<'a, ()>;
    /// The session stored under `hash`, if any.
    fn get<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, Option<SessionRecord>>;
    /// Moves the idle expiry; `false` when there is no such session.
    fn touch<'a>(&'a self, hash: &'a TokenHash, idle_expires_at: i64) -> StoreFuture<'a, bool>;
    /// Deletes the session; `false` when there was none.
    fn revoke<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, bool>;
    /// Moves the session from `old` to `new` in one step (the old token stops working) and
    /// sets its idle expiry; `None` when there was no session under `old`.
    fn rotate<'a>(
        &'a self,
        old: &'a TokenHash,
        new: &'a TokenHash,
        idle_expires_at: i64,
    ) -> StoreFuture<'a, Option<SessionRecord>>;
    /// Deletes sessions no longer valid at `now`; how many went.
    fn delete_expired(&self, now: i64) -> StoreFuture<'_, u64>;
    /// Replaces the session's platform secret (renewed platform tokens); `false` when there
    /// is no such session.
    fn set_platform_secret<'a>(
        &'a self,
        hash: &'a TokenHash,
        secret: Option<&'a str>,
    ) -> StoreFuture<'a, bool>;
    /// Whether the store answers, for `/readyz`. Stores in the process always do.
    fn ping(&self) -> StoreFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }
    /// A value every instance sharing the store sees (a platform's server-side access
    /// token), if it is set and not past its `expires_at`. By default nothing is shared.
    fn get_shared<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        let _ = key;
        Box::pin(async { Ok(None) })
    }
    /// Sets a shared value until `expires_at` (Unix seconds).
    fn put_shared<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        let _ = (key, value, expires_at);
        Box::pin(async { Ok(()) })
    }
    /// Takes the lock `key` for `ttl_ms` unless another holder has it: `true` when taken.
    /// It keeps instances from fetching the same shared value at once. By default every
    /// caller gets it.
    fn try_lock<'a>(&'a self, key: &'a str, ttl_ms: u64) -> StoreFuture<'a, bool> {
        let _ = (key, ttl_ms);
        Box::pin(async { Ok(true) })
    }
    /// Releases a lock taken with [`try_lock`](SessionStore::try_lock).
    fn unlock<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        let _ = key;
        Box::pin(async { Ok(()) })
    }
}

//! [`Observed`]: any store, watched. Each operation is a span (inside a request), a failure
//! counts in `bffkit_session_store_errors_total`, and failures and recovery go to one
//! [`FailureLog`], so a store outage reads as a few log lines, not one per request.

use std::sync::Arc;

use super::store::{SessionRecord, SessionStore, StoreFuture};
use super::token::TokenHash;
use crate::ops::{metrics, FailureLog};

/// The session store, as a dependency whose outages are logged.
pub(crate) static STORE: FailureLog = FailureLog::new("session store");

/// Wraps the app's store (see the module docs).
pub(crate) struct Observed {
    inner: Arc<dyn SessionStore>,
}

impl Observed {
    pub(crate) fn new(inner: Arc<dyn SessionStore>) -> Observed {
        Observed { inner }
    }

    fn watch<'a, T: Send + 'a>(
        &'a self,
        operation: &'static str,
        future: StoreFuture<'a, T>,
    ) -> StoreFuture<'a, T> {
        Box::pin(async move {
            let result = crate::ops::traces::in_span(operation, future).await;
            match &result {
                Ok(_) => STORE.success(),
                Err(e) => {
                    metrics::session_store_error();
                    STORE.failure(e);
                }
            }
            result
        })
    }
}

impl SessionStore for Observed {
    fn create<'a>(&'a self, record: &'a SessionRecord) -> StoreFuture<'a, ()> {
        self.watch("session_store create", self.inner.create(record))
    }
    fn get<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, Option<SessionRecord>> {
        self.watch("session_store get", self.inner.get(hash))
    }
    fn touch<'a>(&'a self, hash: &'a TokenHash, idle_expires_at: i64) -> StoreFuture<'a, bool> {
        self.watch(
            "session_store touch",
            self.inner.touch(hash, idle_expires_at),
        )
    }
    fn revoke<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, bool> {
        self.watch("session_store revoke", self.inner.revoke(hash))
    }
    fn rotate<'a>(
        &'a self,
        old: &'a TokenHash,
        new: &'a TokenHash,
        idle_expires_at: i64,
    ) -> StoreFuture<'a, Option<SessionRecord>> {
        self.watch(
            "session_store rotate",
            self.inner.rotate(old, new, idle_expires_at),
        )
    }
    fn delete_expired(&self, now: i64) -> StoreFuture<'_, u64> {
        self.watch(
            "session_store delete_expired",
            self.inner.delete_expired(now),
        )
    }
    fn set_platform_secret<'a>(
        &'a self,
        hash: &'a TokenHash,
        secret: Option<&'a str>,
    ) -> StoreFuture<'a, bool> {
        self.watch(
            "session_store set_platform_secret",
            self.inner.set_platform_secret(hash, secret),
        )
    }
    fn ping(&self) -> StoreFuture<'_, ()> {
        self.watch("session_store ping", self.inner.ping())
    }
    fn get_shared<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        self.watch("session_store get_shared", self.inner.get_shared(key))
    }
    fn put_shared<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        self.watch(
            "session_store put_shared",
            self.inner.put_shared(key, value, expires_at),
        )
    }
    fn try_lock<'a>(&'a self, key: &'a str, ttl_ms: u64) -> StoreFuture<'a, bool> {
        self.watch("session_store try_lock", self.inner.try_lock(key, ttl_ms))
    }
    fn unlock<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        self.watch("session_store unlock", self.inner.unlock(key))
    }
}

//! `MemoryStore`: sessions in the process, for tests and development.

use std::collections::HashMap;
use std::sync::Mutex;

use super::store::{SessionRecord, SessionStore, StoreError, StoreFuture};
use super::token::TokenHash;

/// Sessions in a map: lost on restart and not shared between instances.
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<HashMap<TokenHash, SessionRecord>>,
    /// Shared values and locks: (value, expiry in Unix milliseconds).
    shared: Mutex<HashMap<String, (String, i64)>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut HashMap<TokenHash, SessionRecord>) -> T,
    ) -> Result<T, StoreError> {
        let mut map = self
            .sessions
            .lock()
            .map_err(|_| StoreError("memory store lock poisoned".to_owned()))?;
        Ok(f(&mut map))
    }

    fn with_shared<T>(
        &self,
        f: impl FnOnce(&mut HashMap<String, (String, i64)>, i64) -> T,
    ) -> Result<T, StoreError> {
        let mut map = self
            .shared
            .lock()
            .map_err(|_| StoreError("memory store lock poisoned".to_owned()))?;
        let now_ms = super::now_ms();
        map.retain(|_, (_, expires_ms)| *expires_ms > now_ms);
        Ok(f(&mut map, now_ms))
    }
}

impl SessionStore for MemoryStore {
    fn create<'a>(&'a self, record: &'a SessionRecord) -> StoreFuture<'a, ()> {
        let result = self.with(|m| {
            m.insert(record.token_hash.clone(), record.clone());
        });
        Box::pin(async move { result })
    }

    fn get<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, Option<SessionRecord>> {
        let result = self.with(|m| m.get(hash).cloned());
        Box::pin(async move { result })
    }

    fn touch<'a>(&'a self, hash: &'a TokenHash, idle_expires_at: i64) -> StoreFuture<'a, bool> {
        let result = self.with(|m| match m.get_mut(hash) {
            Some(record) => {
                record.idle_expires_at = idle_expires_at;
                true
            }
            None => false,
        });
        Box::pin(async move { result })
    }

    fn revoke<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, bool> {
        let result = self.with(|m| m.remove(hash).is_some());
        Box::pin(async move { result })
    }

    fn rotate<'a>(
        &'a self,
        old: &'a TokenHash,
        new: &'a TokenHash,
        idle_expires_at: i64,
    ) -> StoreFuture<'a, Option<SessionRecord>> {
        let result = self.with(|m| {
            let mut record = m.remove(old)?;
            record.token_hash = new.clone();
            record.idle_expires_at = idle_expires_at;
            m.insert(new.clone(), record.clone());
            Some(record)
        });
        Box::pin(async move { result })
    }

    fn set_platform_secret<'a>(
        &'a self,
        hash: &'a TokenHash,
        secret: Option<&'a str>,
    ) -> StoreFuture<'a, bool> {
        let result = self.with(|m| match m.get_mut(hash) {
            Some(record) => {
                record.platform_secret = secret.map(str::to_owned);
                true
            }
            None => false,
        });
        Box::pin(async move { result })
    }

    fn get_shared<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        let result = self.with_shared(|m, _| m.get(key).map(|(v, _)| v.clone()));
        Box::pin(async move { result })
    }

    fn put_shared<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        let result = self.with_shared(|m, _| {
            m.insert(key.to_owned(), (value.to_owned(), expires_at * 1000));
        });
        Box::pin(async move { result })
    }

    fn try_lock<'a>(&'a self, key: &'a str, ttl_ms: u64) -> StoreFuture<'a, bool> {
        let result = self.with_shared(|m, now_ms| {
            if m.contains_key(key) {
                return false;
            }
            m.insert(key.to_owned(), (String::new(), now_ms + ttl_ms as i64));
            true
        });
        Box::pin(async move { result })
    }

    fn unlock<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        let result = self.with_shared(|m, _| {
            m.remove(key);
        });
        Box::pin(async move { result })
    }

    fn delete_expired(&self, now: i64) -> StoreFuture<'_, u64> {
        let result = self.with(|m| {
            let before = m.len();
            m.retain(|_, r| r.is_valid_at(now));
            (before - m.len()) as u64
        });
        Box::pin(async move { result })
    }
}

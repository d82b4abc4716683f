//! `MemoryStore`: sessions in the process, for tests and development.

use std::collections::HashMap;
use std::sync::Mutex;

use super::store::{SessionRecord, SessionStore, StoreError, StoreFuture};
use super::token::TokenHash;

/// Sessions in a map: lost on restart and not shared between instances.
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<HashMap<TokenHash, SessionRecord>>,
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

    fn delete_expired(&self, now: i64) -> StoreFuture<'_, u64> {
        let result = self.with(|m| {
            let before = m.len();
            m.retain(|_, r| r.is_valid_at(now));
            (before - m.len()) as u64
        });
        Box::pin(async move { result })
    }
}

//! `RedisStore`: sessions in Redis, shared by every instance. Each key carries Redis's own
//! expiry (`SET … EXAT`), so Redis forgets expired sessions by itself.

use std::sync::Mutex;
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use redis::{AsyncCommands, RedisError};

use super::store::{SessionRecord, SessionStore, StoreError, StoreFuture};
use super::token::TokenHash;

const KEY_PREFIX: &str = "bffkit:session:";
const SHARED_PREFIX: &str = "bffkit:shared:";

/// Sessions as JSON values under `bffkit:session:<token hash>`.
pub struct RedisStore {
    client: redis::Client,
    /// Shared by all requests; dropped when it breaks, so the next call reconnects.
    conn: Mutex<Option<MultiplexedConnection>>,
}

impl RedisStore {
    /// A store for `url` (`redis://host:port/db`); connects on first use.
    pub fn open(url: &str) -> Result<RedisStore, StoreError> {
        let client =
            redis::Client::open(url).map_err(|e| StoreError(format!("invalid Redis URL: {e}")))?;
        Ok(RedisStore {
            client,
            conn: Mutex::new(None),
        })
    }

    pub(crate) async fn conn(&self) -> Result<MultiplexedConnection, StoreError> {
        if let Some(conn) = self.conn.lock().ok().and_then(|slot| slot.clone()) {
            return Ok(conn);
        }
        let connect = self.client.get_multiplexed_async_connection();
        let conn = tokio::time::timeout(Duration::from_secs(5), connect)
            .await
            .map_err(|_| StoreError("redis: connecting timed out".to_owned()))?
            .map_err(redis_error)?;
        if let Ok(mut slot) = self.conn.lock() {
            *slot = Some(conn.clone());
        }
        Ok(conn)
    }

    /// The error for a failed command; a broken connection is dropped for the next call.
    pub(crate) fn failed(&self, e: RedisError) -> StoreError {
        if e.is_io_error() || e.is_connection_dropped() || e.is_unrecoverable_error() {
            if let Ok(mut slot) = self.conn.lock() {
                *slot = None;
            }
        }
        redis_error(e)
    }

    async fn set(
        &self,
        conn: &mut MultiplexedConnection,
        record: &SessionRecord,
        only_if_present: bool,
    ) -> Result<(), StoreError> {
        let value = serde_json::to_string(record).map_err(|e| StoreError(e.to_string()))?;
        let mut cmd = redis::cmd("SET");
        cmd.arg(key(&record.token_hash))
            .arg(value)
            .arg("EXAT")
            .arg(record.valid_until().max(1));
        if only_if_present {
            // XX: a touch racing a logout must not bring the session back.
            cmd.arg("XX");
        }
        cmd.query_async::<Option<String>>(conn)
            .await
            .map(|_| ())
            .map_err(|e| self.failed(e))
    }
}

fn key(hash: &TokenHash) -> String {
    format!("{KEY_PREFIX}{}", hash.as_str())
}

fn redis_error(e: RedisError) -> StoreError {
    StoreError(format!("redis: {e}"))
}

fn parse(value: Option<String>) -> Result<Option<SessionRecord>, StoreError> {
    value
        .map(|v| serde_json::from_str(&v).map_err(|e| StoreError(format!("bad record: {e}"))))
        .transpose()
}

impl SessionStore for RedisStore {
    fn create<'a>(&'a self, record: &'a SessionRecord) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            self.set(&mut conn, record, false).await
        })
    }

    fn get<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let value: Option<String> = conn.get(key(hash)).await.map_err(|e| self.failed(e))?;
            parse(value)
        })
    }

    fn touch<'a>(&'a self, hash: &'a TokenHash, idle_expires_at: i64) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let value: Option<String> = conn.get(key(hash)).await.map_err(|e| self.failed(e))?;
            let Some(mut record) = parse(value)? else {
                return Ok(false);
            };
            record.idle_expires_at = idle_expires_at;
            self.set(&mut conn, &record, true).await?;
            Ok(true)
        })
    }

    fn revoke<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let removed: u64 = conn.del(key(hash)).await.map_err(|e| self.failed(e))?;
            Ok(removed > 0)
        })
    }

    fn rotate<'a>(
        &'a self,
        old: &'a TokenHash,
        new: &'a TokenHash,
        idle_expires_at: i64,
    ) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            // GETDEL: of two concurrent rotations of one token, only one gets the record.
            let value: Option<String> = redis::cmd("GETDEL")
                .arg(key(old))
                .query_async(&mut conn)
                .await
                .map_err(|e| self.failed(e))?;
            let Some(mut record) = parse(value)? else {
                return Ok(None);
            };
            record.token_hash = new.clone();
            record.idle_expires_at = idle_expires_at;
            self.set(&mut conn, &record, false).await?;
            Ok(Some(record))
        })
    }

    fn set_platform_secret<'a>(
        &'a self,
        hash: &'a TokenHash,
        secret: Option<&'a str>,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let value: Option<String> = conn.get(key(hash)).await.map_err(|e| self.failed(e))?;
            let Some(mut record) = parse(value)? else {
                return Ok(false);
            };
            record.platform_secret = secret.map(str::to_owned);
            self.set(&mut conn, &record, true).await?;
            Ok(true)
        })
    }

    fn ping(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            // A connection broken while Redis was away fails once and is dropped; the
            // second attempt reconnects, so a recovered Redis is reported at once.
            let mut last = None;
            for _ in 0..2 {
                let mut conn = self.conn().await?;
                match redis::cmd("PING").query_async::<String>(&mut conn).await {
                    Ok(_) => return Ok(()),
                    Err(e) => last = Some(self.failed(e)),
                }
            }
            Err(last.unwrap_or_else(|| StoreError("redis: PING failed".to_owned())))
        })
    }

    fn get_shared<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            conn.get(format!("{SHARED_PREFIX}{key}"))
                .await
                .map_err(|e| self.failed(e))
        })
    }

    fn put_shared<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            redis::cmd("SET")
                .arg(format!("{SHARED_PREFIX}{key}"))
                .arg(value)
                .arg("EXAT")
                .arg(expires_at.max(1))
                .query_async::<Option<String>>(&mut conn)
                .await
                .map(|_| ())
                .map_err(|e| self.failed(e))
        })
    }

    fn try_lock<'a>(&'a self, key: &'a str, ttl_ms: u64) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            // SET NX PX: one holder across every instance, freed by Redis if it crashes.
            let taken: Option<String> = redis::cmd("SET")
                .arg(format!("{SHARED_PREFIX}{key}"))
                .arg("1")
                .arg("NX")
                .arg("PX")
                .arg(ttl_ms.max(1))
                .query_async(&mut conn)
                .await
                .map_err(|e| self.failed(e))?;
            Ok(taken.is_some())
        })
    }

    fn unlock<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            conn.del::<_, ()>(format!("{SHARED_PREFIX}{key}"))
                .await
                .map_err(|e| self.failed(e))
        })
    }

    fn delete_expired(&self, _now: i64) -> StoreFuture<'_, u64> {
        // Every key carries its own EXAT; Redis has already dropped them.
        Box::pin(async { Ok(0) })
    }
}

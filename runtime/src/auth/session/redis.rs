//! `RedisStore`: sessions in Redis, shared by every instance. Each key carries Redis's own
//! expiry (`SET … EXAT`), so Redis forgets expired sessions by itself.

use redis::aio::MultiplexedConnection;
use redis::AsyncCommands;
use tokio::sync::OnceCell;

use super::store::{SessionRecord, SessionStore, StoreError, StoreFuture};
use super::token::TokenHash;

const KEY_PREFIX: &str = "bffkit:session:";

/// Sessions as JSON values under `bffkit:session:<token hash>`.
pub struct RedisStore {
    client: redis::Client,
    conn: OnceCell<MultiplexedConnection>,
}

impl RedisStore {
    /// A store for `url` (`redis://host:port/db`); connects on first use.
    pub fn open(url: &str) -> Result<RedisStore, StoreError> {
        let client =
            redis::Client::open(url).map_err(|e| StoreError(format!("invalid Redis URL: {e}")))?;
        Ok(RedisStore {
            client,
            conn: OnceCell::new(),
        })
    }

    async fn conn(&self) -> Result<MultiplexedConnection, StoreError> {
        self.conn
            .get_or_try_init(|| self.client.get_multiplexed_async_connection())
            .await
            .cloned()
            .map_err(redis_error)
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
            .map_err(redis_error)
    }
}

fn key(hash: &TokenHash) -> String {
    format!("{KEY_PREFIX}{}", hash.as_str())
}

fn redis_error(e: redis::RedisError) -> StoreError {
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
            let value: Option<String> = conn.get(key(hash)).await.map_err(redis_error)?;
            parse(value)
        })
    }

    fn touch<'a>(&'a self, hash: &'a TokenHash, idle_expires_at: i64) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut conn = self.conn().await?;
            let value: Option<String> = conn.get(key(hash)).await.map_err(redis_error)?;
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
            let removed: u64 = conn.del(key(hash)).await.map_err(redis_error)?;
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
                .map_err(redis_error)?;
            let Some(mut record) = parse(value)? else {
                return Ok(None);
            };
            record.token_hash = new.clone();
            record.idle_expires_at = idle_expires_at;
            self.set(&mut conn, &record, false).await?;
            Ok(Some(record))
        })
    }

    fn delete_expired(&self, _now: i64) -> StoreFuture<'_, u64> {
        // Every key carries its own EXAT; Redis has already dropped them.
        Box::pin(async { Ok(0) })
    }
}

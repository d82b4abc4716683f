//! `SqliteStore`: sessions in a SQLite file, the embedded default that survives restarts.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension};

use super::store::{SessionRecord, SessionStore, SessionUser, StoreError, StoreFuture};
use super::token::TokenHash;

/// Sessions in one table of a SQLite file; blocking calls run on tokio's blocking pool.
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS bffkit_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    provider TEXT NOT NULL,
    user_id TEXT NOT NULL,
    unionid TEXT,
    platform_secret TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    idle_expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS bffkit_sessions_expiry ON bffkit_sessions (expires_at, idle_expires_at);
CREATE TABLE IF NOT EXISTS bffkit_shared (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
";

impl SqliteStore {
    /// Opens (creating if needed) the file and its table.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref();
        let conn = Connection::open(path)
            .map_err(|e| StoreError(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .and_then(|()| conn.execute_batch("PRAGMA journal_mode = WAL;"))
            .and_then(|()| conn.execute_batch(SCHEMA))
            .map_err(|e| StoreError(format!("cannot set up {}: {e}", path.display())))?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn run<'a, T: Send + 'static>(
        &'a self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> StoreFuture<'a, T> {
        let conn = Arc::clone(&self.conn);
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let conn = conn
                    .lock()
                    .map_err(|_| StoreError("sqlite connection lock poisoned".to_owned()))?;
                f(&conn).map_err(|e| StoreError(e.to_string()))
            })
            .await
            .map_err(|e| StoreError(e.to_string()))?
        })
    }
}

fn read_record(conn: &Connection, hash: &str) -> rusqlite::Result<Option<SessionRecord>> {
    conn.query_row(
        "SELECT token_hash, provider, user_id, unionid, platform_secret, created_at, expires_at, idle_expires_at
         FROM bffkit_sessions WHERE token_hash = ?1",
        params![hash],
        |row| {
            Ok(SessionRecord {
                token_hash: TokenHash::from_stored(row.get(0)?),
                user: SessionUser {
                    provider: row.get(1)?,
                    user_id: row.get(2)?,
                    unionid: row.get(3)?,
                },
                platform_secret: row.get(4)?,
                created_at: row.get(5)?,
                expires_at: row.get(6)?,
                idle_expires_at: row.get(7)?,
            })
        },
    )
    .optional()
}

impl SessionStore for SqliteStore {
    fn create<'a>(&'a self, record: &'a SessionRecord) -> StoreFuture<'a, ()> {
        let r = record.clone();
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO bffkit_sessions
                 (token_hash, provider, user_id, unionid, platform_secret, created_at, expires_at, idle_expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    r.token_hash.as_str(),
                    r.user.provider,
                    r.user.user_id,
                    r.user.unionid,
                    r.platform_secret,
                    r.created_at,
                    r.expires_at,
                    r.idle_expires_at
                ],
            )
            .map(|_| ())
        })
    }

    fn get<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, Option<SessionRecord>> {
        let hash = hash.as_str().to_owned();
        self.run(move |conn| read_record(conn, &hash))
    }

    fn touch<'a>(&'a self, hash: &'a TokenHash, idle_expires_at: i64) -> StoreFuture<'a, bool> {
        let hash = hash.as_str().to_owned();
        self.run(move |conn| {
            conn.execute(
                "UPDATE bffkit_sessions SET idle_expires_at = ?2 WHERE token_hash = ?1",
                params![hash, idle_expires_at],
            )
            .map(|n| n > 0)
        })
    }

    fn revoke<'a>(&'a self, hash: &'a TokenHash) -> StoreFuture<'a, bool> {
        let hash = hash.as_str().to_owned();
        self.run(move |conn| {
            conn.execute(
                "DELETE FROM bffkit_sessions WHERE token_hash = ?1",
                params![hash],
            )
            .map(|n| n > 0)
        })
    }

    fn rotate<'a>(
        &'a self,
        old: &'a TokenHash,
        new: &'a TokenHash,
        idle_expires_at: i64,
    ) -> StoreFuture<'a, Option<SessionRecord>> {
        let (old, new) = (old.as_str().to_owned(), new.as_str().to_owned());
        self.run(move |conn| {
            let changed = conn.execute(
                "UPDATE bffkit_sessions SET token_hash = ?2, idle_expires_at = ?3 WHERE token_hash = ?1",
                params![old, new, idle_expires_at],
            )?;
            if changed == 0 {
                return Ok(None);
            }
            read_record(conn, &new)
        })
    }

    fn set_platform_secret<'a>(
        &'a self,
        hash: &'a TokenHash,
        secret: Option<&'a str>,
    ) -> StoreFuture<'a, bool> {
        let (hash, secret) = (hash.as_str().to_owned(), secret.map(str::to_owned));
        self.run(move |conn| {
            conn.execute(
                "UPDATE bffkit_sessions SET platform_secret = ?2 WHERE token_hash = ?1",
                params![hash, secret],
            )
            .map(|n| n > 0)
        })
    }

    fn ping(&self) -> StoreFuture<'_, ()> {
        // Reads the table, so a file that went missing or bad is noticed, not just the handle.
        self.run(|conn| {
            conn.query_row("SELECT count(*) FROM bffkit_sessions LIMIT 1", [], |_| {
                Ok(())
            })
        })
    }

    fn get_shared<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        let key = key.to_owned();
        self.run(move |conn| {
            conn.query_row(
                "SELECT value FROM bffkit_shared WHERE key = ?1 AND expires_at_ms > ?2",
                params![key, super::now_ms()],
                |row| row.get(0),
            )
            .optional()
        })
    }

    fn put_shared<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        expires_at: i64,
    ) -> StoreFuture<'a, ()> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO bffkit_shared (key, value, expires_at_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = ?2, expires_at_ms = ?3",
                params![key, value, expires_at * 1000],
            )
            .map(|_| ())
        })
    }

    fn try_lock<'a>(&'a self, key: &'a str, ttl_ms: u64) -> StoreFuture<'a, bool> {
        let key = key.to_owned();
        self.run(move |conn| {
            let now = super::now_ms();
            // One statement, so two processes on the file cannot both take it.
            conn.execute(
                "INSERT INTO bffkit_shared (key, value, expires_at_ms) VALUES (?1, '', ?2)
                 ON CONFLICT (key) DO UPDATE SET expires_at_ms = ?2
                 WHERE bffkit_shared.expires_at_ms <= ?3",
                params![key, now + ttl_ms as i64, now],
            )
            .map(|n| n > 0)
        })
    }

    fn unlock<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        let key = key.to_owned();
        self.run(move |conn| {
            conn.execute("DELETE FROM bffkit_shared WHERE key = ?1", params![key])
                .map(|_| ())
        })
    }

    fn delete_expired(&self, now: i64) -> StoreFuture<'_, u64> {
        self.run(move |conn| {
            conn.execute(
                "DELETE FROM bffkit_sessions WHERE expires_at <= ?1 OR idle_expires_at <= ?1",
                params![now],
            )
            .map(|n| n as u64)
        })
    }
}

//! The database: SQLite by default, PostgreSQL when `DATABASE_URL` says so, behind one
//! `AnyPool` so the queries in [`todos`] are the same for both.

pub mod todos;

use std::borrow::Cow;

use sqlx::any::{Any, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Pool};

pub use todos::{Todo, TodoChange};

/// Where the todos live when `DATABASE_URL` is not set: a file beside the working directory,
/// created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://todo.db?mode=rwc";

/// A handle on the pool; cheap to clone, shared by every handler through `State<Db>`.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
}

/// Which SQL dialect the migrations are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn of(url: &str) -> Result<Backend, String> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err("DATABASE_URL: expected a sqlite: or postgres: URL".to_owned())
        }
    }

    /// The migrations, compiled into the binary.
    fn migrator(self) -> Migrator {
        let sql = match self {
            Backend::Sqlite => include_str!("../../migrations/sqlite/0001_todos.sql"),
            Backend::Postgres => include_str!("../../migrations/postgres/0001_todos.sql"),
        };
        Migrator {
            migrations: Cow::Owned(vec![Migration::new(
                1,
                Cow::Borrowed("todos"),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                false,
            )]),
            ..Migrator::DEFAULT
        }
    }
}

impl Db {
    /// Connects to `url` (creating a SQLite file if needed) and applies the migrations.
    pub async fn open(url: &str) -> Result<Db, String> {
        let backend = Backend::of(url)?;
        sqlx::any::install_default_drivers();
        let pool: Pool<Any> = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 1 } else { 8 })
            .connect(url)
            .await
            .map_err(|e| format!("DATABASE_URL: cannot connect: {e}"))?;
        backend
            .migrator()
            .run(&pool)
            .await
            .map_err(|e| format!("DATABASE_URL: migrations failed: {e}"))?;
        Ok(Db { pool })
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), String> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

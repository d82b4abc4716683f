//! The todo queries. Plain, portable SQL (`$n` placeholders, `RETURNING`) that SQLite and
//! PostgreSQL both run; `done` is stored as an integer so both decode it the same way.

use bffkit::{code, ApiError};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::Db;

/// A todo, as the API returns it.
#[bffkit::schema]
pub struct Todo {
    /// Unique across all users.
    pub id: i64,
    /// What to do.
    pub content: String,
    /// Whether it is done.
    pub done: bool,
    /// When it was added, Unix seconds.
    pub created_at: i64,
}

/// A change to a todo: each field that is present replaces the stored one.
pub struct TodoChange {
    /// The new content.
    pub content: Option<String>,
    /// The new state.
    pub done: Option<bool>,
}

const COLUMNS: &str = "id, content, done, created_at";

fn todo(row: &AnyRow) -> Result<Todo, sqlx::Error> {
    Ok(Todo {
        id: row.try_get("id")?,
        content: row.try_get("content")?,
        done: row.try_get::<i64, _>("done")? != 0,
        created_at: row.try_get("created_at")?,
    })
}

/// Database failures are the server's problem: logged with the request id, hidden in release.
fn failed(error: sqlx::Error) -> ApiError {
    ApiError::internal(error)
}

/// The answer for an id that is not the user's (or does not exist): the same either way, so
/// ids of other users cannot be probed.
pub fn not_found(id: i64) -> ApiError {
    ApiError::new(code::NOT_FOUND, format!("todo {id} not found"))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Db {
    /// The owner's todos, oldest first.
    pub async fn list(&self, owner: &str) -> Result<Vec<Todo>, ApiError> {
        let sql = format!("SELECT {COLUMNS} FROM todos WHERE owner = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(owner)
            .fetch_all(&self.pool)
            .await
            .map_err(failed)?;
        rows.iter()
            .map(todo)
            .collect::<Result<_, _>>()
            .map_err(failed)
    }

    /// Adds a todo for the owner.
    pub async fn add(&self, owner: &str, content: &str) -> Result<Todo, ApiError> {
        let sql = format!(
            "INSERT INTO todos (owner, content, done, created_at) VALUES ($1, $2, 0, $3) RETURNING {COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(owner)
            .bind(content)
            .bind(now())
            .fetch_one(&self.pool)
            .await
            .map_err(failed)?;
        todo(&row).map_err(failed)
    }

    /// Applies `change` to the owner's todo `id`.
    pub async fn update(&self, owner: &str, id: i64, change: TodoChange) -> Result<Todo, ApiError> {
        let current = self.get(owner, id).await?;
        let sql = format!(
            "UPDATE todos SET content = $1, done = $2 WHERE id = $3 AND owner = $4 RETURNING {COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(change.content.unwrap_or(current.content))
            .bind(i64::from(change.done.unwrap_or(current.done)))
            .bind(id)
            .bind(owner)
            .fetch_optional(&self.pool)
            .await
            .map_err(failed)?
            .ok_or_else(|| not_found(id))?;
        todo(&row).map_err(failed)
    }

    /// Deletes the owner's todo `id`.
    pub async fn remove(&self, owner: &str, id: i64) -> Result<(), ApiError> {
        let result = sqlx::query("DELETE FROM todos WHERE id = $1 AND owner = $2")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        if result.rows_affected() == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    async fn get(&self, owner: &str, id: i64) -> Result<Todo, ApiError> {
        let sql = format!("SELECT {COLUMNS} FROM todos WHERE id = $1 AND owner = $2");
        let row = sqlx::query(&sql)
            .bind(id)
            .bind(owner)
            .fetch_optional(&self.pool)
            .await
            .map_err(failed)?
            .ok_or_else(|| not_found(id))?;
        todo(&row).map_err(failed)
    }
}

//! `POST /api/todo {"title": ..}`: an app-defined error code. `TodoError` converts into
//! `ApiError`, so `?` turns a duplicate title into 409 `{"code": 21001, ...}`, which
//! `errors: [TODO_EXISTS]` declares: the manifest lists it and the generated client types it.

use std::sync::Mutex;

use axum::http::StatusCode;
use bffkit::{ApiError, ErrorCode};

/// App codes live outside the built-in ranges (see the README's code table).
pub const TODO_EXISTS: ErrorCode = ErrorCode::new(21001, StatusCode::CONFLICT, "TODO_EXISTS");

static TITLES: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[bffkit::schema]
pub struct NewTodo {
    pub title: String,
}

#[bffkit::schema]
pub struct Todo {
    pub id: usize,
    pub title: String,
}

/// The app's own failure type.
pub enum TodoError {
    Exists(String),
}

impl From<TodoError> for ApiError {
    fn from(error: TodoError) -> ApiError {
        match error {
            TodoError::Exists(title) => ApiError::new(
                TODO_EXISTS,
                format!("a todo titled `{title}` already exists"),
            )
            .with_data(serde_json::json!({ "title": title })),
        }
    }
}

fn insert(title: String) -> Result<usize, TodoError> {
    let mut titles = TITLES.lock().unwrap_or_else(|p| p.into_inner());
    if titles.contains(&title) {
        return Err(TodoError::Exists(title));
    }
    titles.push(title);
    Ok(titles.len())
}

/// Adds a todo; a title that exists already is a 409.
#[bffkit::api(match = {
    request: { data: NewTodo },
    response: Todo,
    errors: [TODO_EXISTS],
})]
pub async fn post(data: NewTodo) -> Result<Todo, ApiError> {
    let id = insert(data.title.clone())?;
    Ok(Todo {
        id,
        title: data.title,
    })
}

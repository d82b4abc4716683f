//! `PATCH /api/todos/{id}`: change a todo. `DELETE /api/todos/{id}`: remove it.
//!
//! An update whose content is empty removes the todo by calling `delete` below as an
//! ordinary function: lambdas compose like any Rust code (seed 003, section 7.4).

use bffkit::auth::CurrentUser;
use bffkit::{ApiError, State};

use crate::store::{Db, Todo, TodoChange};

/// Which todo.
#[bffkit::schema]
pub struct TodoId {
    /// The todo's id.
    pub id: i64,
}

/// The fields to change; absent ones stay as they are.
#[bffkit::schema]
pub struct TodoPatch {
    /// New content; an empty string removes the todo.
    #[schemars(length(max = 500))]
    pub content: Option<String>,
    /// Mark done or not done.
    pub done: Option<bool>,
}

/// What an update did: the changed todo, or `null` when it was removed.
#[bffkit::schema]
pub struct Updated {
    /// The todo after the change; `null` when an empty content removed it.
    pub todo: Option<Todo>,
    /// Whether the todo was removed.
    pub removed: bool,
}

/// What a removal did.
#[bffkit::schema]
pub struct Removed {
    /// The removed todo's id.
    pub id: i64,
    /// Always `true`: a todo that is not there is a 404.
    pub removed: bool,
}

/// Updates a todo.
#[bffkit::api(match = {
    request: { params: TodoId, data: TodoPatch },
    response: Updated,
    description: "Changes the content and/or the done state. An empty `content` removes the todo (the same as DELETE). 404 when the todo is not the signed-in user's.",
})]
pub async fn patch(
    params: TodoId,
    data: TodoPatch,
    user: CurrentUser,
    db: State<Db>,
) -> Result<Updated, ApiError> {
    if data.content.as_deref().is_some_and(|c| c.trim().is_empty()) {
        delete(params, user, db).await?;
        return Ok(Updated {
            todo: None,
            removed: true,
        });
    }
    let change = TodoChange {
        content: data.content,
        done: data.done,
    };
    let todo = db.0.update(&user.user_id, params.id, change).await?;
    Ok(Updated {
        todo: Some(todo),
        removed: false,
    })
}

/// Removes a todo.
#[bffkit::api(match = {
    request: { params: TodoId },
    response: Removed,
    description: "Removes the todo. 404 when it is not the signed-in user's.",
})]
pub async fn delete(
    params: TodoId,
    user: CurrentUser,
    State(db): State<Db>,
) -> Result<Removed, ApiError> {
    db.remove(&user.user_id, params.id).await?;
    Ok(Removed {
        id: params.id,
        removed: true,
    })
}

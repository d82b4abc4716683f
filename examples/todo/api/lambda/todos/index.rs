//! `GET /api/todos`: the signed-in user's todos. `POST /api/todos`: add one.

use bffkit::auth::CurrentUser;
use bffkit::{ApiError, State};

use crate::store::{Db, Todo};

/// A new todo.
#[bffkit::schema]
pub struct NewTodo {
    /// What to do; not blank.
    #[schemars(length(min = 1, max = 500))]
    pub content: String,
}

/// Lists the todos.
#[bffkit::api(match = {
    request: {},
    response: Vec<Todo>,
    description: "The signed-in user's todos, oldest first. Each user sees only their own.",
})]
pub async fn get(user: CurrentUser, State(db): State<Db>) -> Result<Vec<Todo>, ApiError> {
    db.list(&user.user_id).await
}

/// Adds a todo.
#[bffkit::api(match = {
    request: { data: NewTodo },
    response: Todo,
    description: "Adds a todo for the signed-in user; it starts not done.",
})]
pub async fn post(
    data: NewTodo,
    user: CurrentUser,
    State(db): State<Db>,
) -> Result<Todo, ApiError> {
    db.add(&user.user_id, &data.content).await
}

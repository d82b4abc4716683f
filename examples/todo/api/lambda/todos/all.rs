//! `GET /api/todos/all`: the first version's list route, kept for old clients.

use bffkit::auth::CurrentUser;
use bffkit::{ApiError, State};

use crate::store::{Db, Todo};

/// Lists the todos (old route).
#[bffkit::api(match = {
    request: {},
    response: Vec<Todo>,
    description: "The same list as `GET /api/todos`.",
    deprecated: "use GET /api/todos",
})]
pub async fn get(user: CurrentUser, db: State<Db>) -> Result<Vec<Todo>, ApiError> {
    super::index::get(user, db).await
}

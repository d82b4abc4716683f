//! `GET /api/user/{id}`: `[id]` in a file name is a dynamic segment, handed to the
//! handler as its first argument and parsed into its type (`/api/user/abc` is a 400).

use bffkit::ApiError;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct User {
    pub id: u32,
    pub name: String,
}

const USERS: [&str; 2] = ["Ada", "Grace"];

/// Reads one user; ids start at 1.
#[bffkit::get]
pub async fn get(id: u32) -> Result<User, ApiError> {
    let name = id
        .checked_sub(1)
        .and_then(|index| USERS.get(index as usize))
        .ok_or_else(|| ApiError::not_found(format!("user {id} does not exist")))?;
    Ok(User {
        id,
        name: (*name).to_owned(),
    })
}

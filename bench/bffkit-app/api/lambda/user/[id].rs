//! `GET /api/user/{id}?fields=name,email`: a small JSON object.

use bffkit::RequestOption;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, JsonSchema)]
pub struct Fields {
    /// Comma-separated fields to include (`name`, `email`); both when absent.
    pub fields: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct User {
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[bffkit::get]
pub async fn get(id: u64, RequestOption { query, .. }: RequestOption<Fields>) -> User {
    let fields = query.fields.as_deref().unwrap_or("name,email");
    let wants = |field: &str| fields.split(',').any(|f| f == field);
    User {
        id,
        name: wants("name").then(|| format!("User {id}")),
        email: wants("email").then(|| format!("user{id}@example.com")),
    }
}

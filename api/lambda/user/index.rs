//! `GET /api/user`: the signed-out user's view.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "users": ["alice", "bob"] })
}

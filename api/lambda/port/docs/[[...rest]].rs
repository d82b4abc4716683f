//! `GET /api/port/docs` and `GET /api/port/docs/{*rest}`: an optional catch-all matches
//! zero or more segments; the handler gets the rest as a string, empty when absent.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get(rest: String) -> Value {
    json!({ "rest": rest })
}

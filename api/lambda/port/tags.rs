//! `GET /api/port/tags?tag=a&tag=b&id=1&id=2`: arrays in the query string, as repeated
//! keys (`style: form, explode: true`), the way the TypeScript client sends them.

use bffkit::RequestOption;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize, schemars::JsonSchema)]
pub struct TagQuery {
    /// No `tag` key at all is an empty array: that is how `[]` is sent.
    pub tag: Vec<String>,
    pub id: Option<Vec<u32>>,
}

#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<TagQuery>) -> Value {
    json!({ "tag": query.tag, "id": query.id })
}

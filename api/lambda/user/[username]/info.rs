//! `GET /api/user/{username}/info`: a dynamic folder.

use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct Info {
    pub username: String,
    pub greeting: String,
}

#[bffkit::get]
pub async fn get(username: String) -> Info {
    Info { greeting: super::super::super::_utils::greet(&username), username }
}

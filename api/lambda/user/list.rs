//! `GET /api/user/list?page=1&size=10`.

use bffkit::RequestOption;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, JsonSchema)]
pub struct Page {
    pub page: u32,
    #[serde(default = "default_size")]
    pub size: u32,
}

fn default_size() -> u32 {
    10
}

#[derive(Serialize, JsonSchema)]
pub struct UserList {
    pub page: u32,
    pub size: u32,
    pub users: Vec<String>,
}

#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<Page>) -> UserList {
    // Saturating: a huge page or size is an empty or short page, never an overflow.
    let first = query.page.saturating_sub(1).saturating_mul(query.size);
    let last = first.saturating_add(query.size.min(3));
    UserList { page: query.page, size: query.size, users: (first..last).map(|i| format!("user{i}")).collect() }
}

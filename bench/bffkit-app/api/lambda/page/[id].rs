//! `GET /api/page/{id}`, endpoint (d): what a BFF spends its time on. The user, their
//! orders and recommendations come from three upstream services (`bffkit.toml`), called at
//! once and merged into one typed answer; any failure is bffkit's upstream error
//! (`502`, code `30000`, with the upstream's status and body).

use bffkit::upstream::Upstreams;
use bffkit::ApiError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, JsonSchema)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
}

#[derive(Deserialize, Serialize, JsonSchema)]
pub struct Order {
    pub id: u64,
    pub total_cents: u64,
    pub status: String,
}

#[derive(Deserialize, Serialize, JsonSchema)]
pub struct Pick {
    pub sku: String,
    pub title: String,
    pub price_cents: u64,
}

#[derive(Serialize, JsonSchema)]
pub struct Page {
    pub user: User,
    pub orders: Vec<Order>,
    pub orders_total_cents: u64,
    pub recommendations: Vec<Pick>,
}

#[bffkit::get]
pub async fn get(id: u64, upstreams: Upstreams) -> Result<Page, ApiError> {
    let (users, orders, recommendations) = (
        upstreams.get("users")?,
        upstreams.get("orders")?,
        upstreams.get("recommendations")?,
    );
    let (user_path, orders_path, recommendations_path) = (
        format!("/users/{id}"),
        format!("/orders?user={id}"),
        format!("/recommendations?user={id}"),
    );
    let (user, orders, recommendations) = tokio::join!(
        users.get_json::<User>(&user_path),
        orders.get_json::<Vec<Order>>(&orders_path),
        recommendations.get_json::<Vec<Pick>>(&recommendations_path),
    );
    // The first failure in the order user, orders, recommendations is the answer.
    let (user, orders, recommendations) = (user?, orders?, recommendations?);
    Ok(Page {
        user,
        orders_total_cents: orders.iter().map(|o| o.total_cents).sum(),
        orders,
        recommendations,
    })
}

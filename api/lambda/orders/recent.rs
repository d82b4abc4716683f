//! `GET /api/orders/recent`: recent orders with their buyers. Each order asks the loader
//! for its user; the loader sends the distinct ids to the `users` service in one call.

use std::collections::HashMap;

use bffkit::upstream::{Loader, Upstreams};
use bffkit::ApiError;
use serde::Serialize;

use super::super::_upstream::{Order, User};

#[derive(Serialize)]
pub struct RecentOrder {
    #[serde(flatten)]
    pub order: Order,
    pub buyer: Option<String>,
}

#[bffkit::get]
pub async fn get(upstreams: Upstreams) -> Result<Vec<RecentOrder>, ApiError> {
    let orders: Vec<Order> = upstreams.get("orders")?.get_json("/orders/recent").await?;
    let users = upstreams.get("users")?;
    let loader = Loader::new(move |ids: Vec<u32>| {
        let users = users.clone();
        async move {
            let ids: Vec<String> = ids.iter().map(u32::to_string).collect();
            let found: Vec<User> = users
                .get_json(&format!("/users?ids={}", ids.join(",")))
                .await?;
            Ok(found
                .into_iter()
                .map(|u| (u.id, u))
                .collect::<HashMap<_, _>>())
        }
    });
    let buyers = loader.load_many(orders.iter().map(|o| o.user_id)).await;
    orders
        .into_iter()
        .zip(buyers)
        .map(|(order, buyer)| {
            Ok(RecentOrder {
                order,
                buyer: buyer?.map(|u| u.name),
            })
        })
        .collect()
}

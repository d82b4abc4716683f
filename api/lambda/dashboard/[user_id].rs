//! `GET /api/dashboard/{user_id}`: one screen's data from two upstreams, fetched in
//! parallel. The user is required (its failure is the answer); the orders are optional,
//! so their failure is reported in place and the page still renders.

use bffkit::upstream::{Settled, Upstreams};
use bffkit::ApiError;
use serde::Serialize;

use super::super::_upstream::{Order, User};

#[derive(Serialize)]
pub struct Dashboard {
    pub user: User,
    pub orders: Settled<Vec<Order>>,
}

#[bffkit::get]
pub async fn get(user_id: u32, upstreams: Upstreams) -> Result<Dashboard, ApiError> {
    let users = upstreams.get("users")?;
    let orders = upstreams.get("orders")?;
    let (user_path, orders_path) = (
        format!("/users/{user_id}"),
        format!("/orders?user={user_id}"),
    );
    let (user, orders) = tokio::join!(
        users.get_json::<User>(&user_path),
        orders.get_json::<Vec<Order>>(&orders_path),
    );
    Ok(Dashboard {
        user: user?,
        orders: orders.into(),
    })
}

//! The shapes the demo's upstream services answer with.

use serde::{Deserialize, Serialize};

/// From the `users` service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: u32,
    pub name: String,
}

/// From the `orders` service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub id: u32,
    pub user_id: u32,
    pub total: f64,
}

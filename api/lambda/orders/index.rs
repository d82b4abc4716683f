//! `POST /api/orders`: places an order with the `orders` service. POST is not
//! idempotent, so a failed call is reported, never retried.

use bffkit::upstream::Upstreams;
use bffkit::{ApiError, RequestOption};
use serde_json::Value;

#[bffkit::post]
pub async fn post(
    upstreams: Upstreams,
    RequestOption { data, .. }: RequestOption<(), Value>,
) -> Result<Value, ApiError> {
    Ok(upstreams.get("orders")?.post_json("/orders", &data).await?)
}

//! `GET /api/ticks/countdown?from=3`: a plain (not `match`) streaming lambda: `3, 2, 1, 0`.
//! `from` over 100 is refused with a 400 before any event is sent.

use bffkit::stream::EventStream;
use bffkit::{ApiError, RequestOption};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Deserialize, JsonSchema)]
pub struct From {
    /// Where to start; at most 100 (the handler checks it too, for clarity of the 400).
    #[schemars(range(max = 100))]
    pub from: u32,
}

/// Counts down to zero.
#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<From>) -> Result<EventStream<u32>, ApiError> {
    if query.from > 100 {
        return Err(ApiError::bad_request("`from` must be at most 100"));
    }
    Ok(EventStream::new(futures_util::stream::iter((0..=query.from).rev())))
}

//! `match` routes answering a stream (`response: EventStream<T>`): each item must fit
//! `T`'s schema before it is sent. One that doesn't is a server bug: the stream ends with
//! an error event, `RESPONSE_VALIDATION_FAILED` naming the path and the rule (logged;
//! release builds send a generic message).

use axum::response::Response;
use futures_util::StreamExt;
use schemars::JsonSchema;
use serde::Serialize;

use super::respond::PendingStream;
use super::EventStream;
use crate::context::AppContext;
use crate::error::{code, ApiError};
use crate::response::CheckedResponse;
use crate::schema::{summary, CompiledSchema, SchemaCell};

impl<T: Serialize + JsonSchema + Send + 'static> CheckedResponse for EventStream<T> {
    fn respond_checked(self, cell: &'static SchemaCell, _ctx: &AppContext) -> Response {
        let first_id = self.first_id;
        let items = self.items.map(move |item| {
            let schema = cell.get::<T>()?;
            check_item(schema, &item?)
        });
        PendingStream::response(items.boxed(), first_id)
    }
}

/// The item as JSON when it fits `schema`.
fn check_item<T: Serialize>(schema: &CompiledSchema, item: &T) -> Result<Vec<u8>, ApiError> {
    let serialize = |e: serde_json::Error| {
        ApiError::internal(format!("failed to serialize a stream item: {e}"))
    };
    if schema.accepts_value(item) {
        return serde_json::to_vec(item).map_err(serialize);
    }
    let value = serde_json::to_value(item).map_err(serialize)?;
    if schema.is_valid(&value) {
        return serde_json::to_vec(&value).map_err(serialize);
    }
    let violations = schema.violations("item", &value);
    Err(ApiError::new(
        code::RESPONSE_VALIDATION_FAILED,
        format!("a stream item breaks its schema: {}", summary(&violations)),
    )
    .with_data(serde_json::json!({ "errors": violations })))
}

//! Answering a `match` route: the handler's value must fit its `response` schema before
//! it is sent. A value that doesn't is a server bug: 500 `RESPONSE_VALIDATION_FAILED`
//! naming the path and the rule (release builds log it and send a generic message).

use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;

use super::json;
use crate::context::AppContext;
use crate::error::{code, ApiError};
use crate::schema::{summary, SchemaCell};

/// Validates and answers a handler's outcome.
pub fn respond_checked<T: CheckedResponse>(
    cell: &'static SchemaCell,
    outcome: Result<T, ApiError>,
    ctx: &AppContext,
) -> Response {
    match outcome {
        Ok(value) => value.respond_checked(cell, ctx),
        Err(error) => error.into_response(),
    }
}

/// What a `match` route's `response` can be: a value checked before it is sent, or a
/// stream whose items are checked one by one ([`EventStream`](crate::stream::EventStream)).
pub trait CheckedResponse {
    /// Validates against the schema in `cell` and answers.
    fn respond_checked(self, cell: &'static SchemaCell, ctx: &AppContext) -> Response;
}

impl<T: Serialize + JsonSchema> CheckedResponse for T {
    fn respond_checked(self, cell: &'static SchemaCell, ctx: &AppContext) -> Response {
        check_value(self, cell, ctx)
    }
}

fn check_value<T: Serialize + JsonSchema>(
    value: T,
    cell: &'static SchemaCell,
    ctx: &AppContext,
) -> Response {
    let schema = match cell.get::<T>() {
        Ok(schema) => schema,
        Err(error) => return error.into_response(),
    };
    if schema.accepts_value(&value) {
        return json(&value, ctx);
    }
    let value = match serde_json::to_value(&value) {
        Ok(value) => value,
        Err(e) => {
            return ApiError::internal(format!("failed to serialize the response: {e}"))
                .into_response()
        }
    };
    if schema.is_valid(&value) {
        return json(&value, ctx);
    }
    let violations = schema.violations("response", &value);
    ApiError::new(
        code::RESPONSE_VALIDATION_FAILED,
        format!(
            "the handler's response breaks its schema: {}",
            summary(&violations)
        ),
    )
    .with_data(serde_json::json!({ "errors": violations }))
    .into_response()
}

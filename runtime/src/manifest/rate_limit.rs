//! A rate-limited operation in the manifest: it answers 429 (with `Retry-After` and the
//! `RateLimit` fields of draft-ietf-httpapi-ratelimit-headers-10) and lists its limits
//! under `x-bffkit-rate-limit`, which `bffkit diff` compares. `crate::rate_limit` knows
//! which limits cover which operation; this file only writes them.

use std::collections::BTreeMap;

use bffkit_contract::manifest::{Operation, RateLimitEntry};
use schemars::json_schema;
use serde::Serialize;
use serde_json::Value;

use super::responses::api_error;
use super::schemas;

/// An OpenAPI Header Object.
#[derive(Serialize)]
struct Header {
    description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<bool>,
    schema: Value,
}

/// Declares `limits` on `op`: its 429 and the extension, and a 503 when the limit store
/// being down refuses requests (`on_store_error = "closed"`).
pub(crate) fn declare(op: &mut Operation, limits: Vec<RateLimitEntry>, store_closed: bool) {
    if limits.is_empty() {
        return;
    }
    // Another 429 of the route (a platform's limit, a folder's own) sends no Retry-After.
    let shared = op.responses.contains_key("429");
    let response = op.responses.entry("429".to_owned()).or_insert_with(|| {
        api_error("Too many requests: a rate limit of x-bffkit-rate-limit was reached")
    });
    if shared {
        response
            .description
            .push_str("; or a rate limit of x-bffkit-rate-limit was reached");
    }
    let text = |description| Header {
        description,
        required: None,
        schema: schemas::string(),
    };
    let headers = BTreeMap::from([
        (
            "Retry-After",
            Header {
                description: "Seconds until a request is admitted again",
                required: Some(!shared),
                schema: json_schema!({ "type": "string", "pattern": "^[0-9]+$" }).to_value(),
            },
        ),
        (
            "RateLimit",
            text("draft-ietf-httpapi-ratelimit-headers-10: `<policy>;r=<remaining>;t=<seconds>`"),
        ),
        (
            "RateLimit-Policy",
            text("draft-ietf-httpapi-ratelimit-headers-10: `<policy>;q=<requests>;w=<seconds>`"),
        ),
    ]);
    response.other.insert(
        "headers".to_owned(),
        serde_json::to_value(headers).unwrap_or_default(),
    );
    if store_closed {
        op.responses.entry("503".to_owned()).or_insert_with(|| {
            api_error("The rate limit store is unavailable (on_store_error = \"closed\")")
        });
    }
    op.rate_limits = limits;
}

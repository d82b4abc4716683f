//! The limits in the manifest: each limited operation answers 429 (with `Retry-After` and
//! the `RateLimit` fields) and lists its limits under `x-bffkit-rate-limit`, which
//! `bffkit diff` compares. Laid over the finished document, so the manifest builder only
//! calls [`document`].

use bffkit_contract::manifest::extension;
use serde_json::{json, Value};

use super::RateLimits;
use crate::app::ResolvedRoute;
use crate::config::Config;
use crate::middleware::Built;

/// Adds the limits of `routes` (and of the sign-in routes, when `sign_in`) to `doc`.
pub(crate) fn document(
    doc: &mut Value,
    routes: &[ResolvedRoute],
    config: &Config,
    keys: Option<&super::AppKeys>,
    sign_in: bool,
) {
    let Ok(limits) = RateLimits::from_config(config, keys, false) else {
        return;
    };
    if !limits.enabled {
        return;
    }
    let mut built = Built::default();
    for route in routes {
        let Ok(method) = http::Method::from_bytes(route.method.as_str().as_bytes()) else {
            continue;
        };
        let applied: Vec<Value> = limits
            .applied(&route.path, route.middleware, &mut built)
            .iter()
            .filter(|a| a.methods.as_ref().is_none_or(|m| m.contains(&method)))
            .map(|a| a.limit.describe())
            .collect();
        let path = route.path.replace("{*", "{");
        let key = route.method.openapi_key();
        if let Some(op) = doc.pointer_mut(&format!("/paths/{}/{key}", pointer(&path))) {
            declare(op, applied, limits.redis_closed);
        }
    }
    if sign_in {
        let prefix = &config.routes.prefix;
        for route in ["/wechat/login", "/alipay/login", "/refresh"] {
            let path = bffkit_contract::prefix::join(prefix, &format!("/auth{route}"));
            if let Some(op) = doc.pointer_mut(&format!("/paths/{}/post", pointer(&path))) {
                declare(op, vec![limits.sign_in.describe()], limits.redis_closed);
            }
        }
    }
}

/// A JSON pointer segment for a path.
fn pointer(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

fn declare(op: &mut Value, applied: Vec<Value>, redis_closed: bool) {
    if applied.is_empty() {
        return;
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    // Another 429 of the route (a platform's limit, a folder's own) sends no Retry-After.
    let shared = responses.contains_key("429");
    let response = responses.entry("429").or_insert_with(|| {
        json!({
            "description": "Too many requests: a rate limit of x-bffkit-rate-limit was reached",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApiError" } } }
        })
    });
    if shared {
        if let Some(Value::String(description)) = response.get_mut("description") {
            description.push_str("; or a rate limit of x-bffkit-rate-limit was reached");
        }
    }
    let text =
        |description: &str| json!({ "description": description, "schema": { "type": "string" } });
    response["headers"] = json!({
        "Retry-After": {
            "description": "Seconds until a request is admitted again",
            "required": !shared,
            "schema": { "type": "string", "pattern": "^[0-9]+$" }
        },
        "RateLimit": text("draft-ietf-httpapi-ratelimit-headers-10: `<policy>;r=<remaining>;t=<seconds>`"),
        "RateLimit-Policy": text("draft-ietf-httpapi-ratelimit-headers-10: `<policy>;q=<requests>;w=<seconds>`"),
    });
    if redis_closed {
        responses.entry("503").or_insert_with(|| {
            json!({
                "description": "The rate limit store is unavailable (on_store_error = \"closed\")",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApiError" } } }
            })
        });
    }
    op[extension::RATE_LIMIT] = Value::Array(applied);
}

//! The built-in endpoints beside the lambdas: `GET _manifest` (this document), `GET
//! _docs` (an HTML page), `POST _batch` (a JSON body of calls, answered as a JSON array
//! or, with `accept: application/x-ndjson`, one line per call), and the operations
//! endpoints `/healthz`, `/readyz`, `/metrics`.

use std::collections::BTreeMap;

use bffkit_contract::manifest::{Operation, RequestBody, Response};
use schemars::json_schema;
use serde_json::Value;

use super::request_body::media;
use super::responses::{self, Responses};
use super::statuses::{self, Statuses};
use super::{operation_id, schemas, Internal, ManifestInfo};
use crate::schema::BodyKind;

/// The tag of the health, readiness and metrics endpoints.
pub(super) const OPERATIONS_TAG: &str = "operations";

/// What the tag groups.
pub(super) const OPERATIONS_TAG_DESCRIPTION: &str =
    "Health, readiness and metrics, for orchestrators and monitoring";

/// What a built-in endpoint does, as its summary says.
fn summary(endpoint: Internal) -> &'static str {
    match endpoint {
        Internal::Manifest => "This document",
        Internal::Docs => "The docs playground: every route, its schemas, and a form to call it",
        Internal::Batch => {
            "Runs several calls through the same router; NDJSON stream with accept: application/x-ndjson"
        }
        Internal::Health => "Liveness: the process answers",
        Internal::Readiness => "Readiness: every store the app depends on answers",
        Internal::Metrics => "Prometheus metrics",
    }
}

pub(super) fn operation(endpoint: Internal, path: &str, info: &ManifestInfo) -> Operation {
    let mut op = Operation {
        operation_id: Some(operation_id::operation_id(
            endpoint.method().as_str(),
            path,
            info.prefix,
        )),
        summary: Some(summary(endpoint).to_owned()),
        internal: true,
        ..Operation::default()
    };
    let mut responses = Responses::default();
    let mut statuses = Statuses::default();
    if endpoint.is_operations() {
        // Merged outside the lambdas' router, so a wrong method is axum's bare 405.
        op.tags = vec![OPERATIONS_TAG.to_owned()];
        statuses::around_a_merged_route(&mut statuses);
        responses.insert(200, operations_success(endpoint));
        if endpoint == Internal::Readiness {
            responses.insert(
                503,
                responses::with_body(
                    "A check failed or timed out",
                    "application/json",
                    readiness_checks(),
                ),
            );
        }
    } else {
        statuses::around_a_lambda(&mut statuses);
        let success = match endpoint {
            Internal::Batch => {
                statuses.rejection::<crate::extract::BodyRejection>();
                op.request_body = Some(RequestBody {
                    required: true,
                    content: BTreeMap::from([(
                        BodyKind::Json.media_type().to_owned(),
                        media(batch_request_schema()),
                    )]),
                    other: BTreeMap::new(),
                });
                batch_success()
            }
            Internal::Docs => {
                responses::with_body("The docs playground", "text/html", schemas::string())
            }
            _ => responses::with_body("Success", "application/json", schemas::object()),
        };
        responses.insert(200, success);
    }
    statuses.iter().for_each(|s| responses.error(s));
    op.responses = responses.into_map();
    op
}

fn operations_success(endpoint: Internal) -> Response {
    match endpoint {
        Internal::Health => {
            let ok = json_schema!({
                "type": "object", "required": ["status"], "properties": { "status": { "const": "ok" } }
            });
            responses::with_body("The process answers", "application/json", ok.to_value())
        }
        Internal::Readiness => {
            responses::with_body("Every check passed", "application/json", readiness_checks())
        }
        _ => responses::with_body(
            "Metrics in the Prometheus text format",
            "text/plain",
            schemas::string(),
        ),
    }
}

fn readiness_checks() -> Value {
    json_schema!({
        "type": "object",
        "required": ["status", "checks"],
        "properties": {
            "status": { "enum": ["ready", "not ready"] },
            "checks": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["ok"],
                    "properties": { "ok": { "type": "boolean" }, "error": { "type": "string" } }
                }
            }
        }
    })
    .to_value()
}

fn batch_success() -> Response {
    let result = json_schema!({
        "type": "object",
        "required": ["index", "status"],
        "properties": {
            "index": { "type": "integer", "minimum": 0 },
            "status": { "type": "integer" },
            "body": { "description": "Absent when the call answered with an empty body" }
        }
    })
    .to_value();
    let array = json_schema!({ "type": "array", "items": result }).to_value();
    Response {
        description: "One result per call".to_owned(),
        content: BTreeMap::from([
            ("application/json".to_owned(), media(array)),
            ("application/x-ndjson".to_owned(), media(result)),
        ]),
        ..Response::default()
    }
}

/// `{"calls": [{method, path, query?, body?}]}`, as `batch::call::parse` checks it:
/// methods in any case, ASCII URI paths without a query string.
fn batch_request_schema() -> Value {
    let method: Vec<String> = crate::batch::METHODS
        .iter()
        .map(|m| {
            m.chars()
                .map(|c| format!("[{c}{}]", c.to_ascii_lowercase()))
                .collect()
        })
        .collect();
    let method = format!("^({})$", method.join("|"));
    json_schema!({
        "type": "object",
        "required": ["calls"],
        "additionalProperties": false,
        "properties": {
            "calls": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["method", "path"],
                    "additionalProperties": false,
                    "properties": {
                        "method": { "type": "string", "pattern": method },
                        "path": { "type": "string", "pattern": "^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$" },
                        "query": {
                            "type": ["object", "null"],
                            "additionalProperties": {
                                "oneOf": [
                                    { "type": ["string", "number", "boolean"] },
                                    { "type": "array", "items": { "type": ["string", "number", "boolean"] } }
                                ]
                            }
                        },
                        "body": {}
                    }
                }
            }
        }
    })
    .to_value()
}

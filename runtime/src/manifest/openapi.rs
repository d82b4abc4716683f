//! Assembles the OpenAPI 3.1 document from each route's `OperationDoc`.

use schemars::generate::SchemaSettings;
use schemars::Schema;
use serde_json::{json, Map, Value};

use super::operation_id;
use crate::app::ResolvedRoute;
use crate::error::code;
use crate::schema::{BodyKind, OperationDoc};

/// Facts about the app that the document records.
pub struct ManifestInfo<'a> {
    /// The package name.
    pub title: &'a str,
    /// The package version.
    pub version: &'a str,
    /// The route prefix.
    pub prefix: &'a str,
    /// Whether successes are wrapped in `{data, msg, code}`.
    pub envelope: bool,
    /// The built-in endpoints that are switched on.
    pub internal: Vec<Internal>,
}

/// A built-in endpoint, documented beside the lambdas and marked `x-bffkit-internal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Internal {
    /// `GET {prefix}/_manifest`: this document.
    Manifest,
    /// `GET {prefix}/_docs`: the docs playground, an HTML page.
    Docs,
    /// `POST {prefix}/_batch`: several calls through the same router.
    Batch,
}

impl Internal {
    /// The method it answers.
    pub fn method(self) -> &'static str {
        match self {
            Internal::Manifest | Internal::Docs => "GET",
            Internal::Batch => "POST",
        }
    }

    /// Its path below the prefix.
    pub fn route(self) -> &'static str {
        match self {
            Internal::Manifest => "/_manifest",
            Internal::Docs => "/_docs",
            Internal::Batch => "/_batch",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            Internal::Manifest => "This document",
            Internal::Docs => "The docs playground: every route, its schemas, and a form to call it",
            Internal::Batch => {
                "Runs several calls through the same router; NDJSON stream with accept: application/x-ndjson"
            }
        }
    }
}

const COMPONENTS: &str = "#/components/schemas/";

/// The whole document.
pub fn document(routes: &[ResolvedRoute], info: &ManifestInfo) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let mut ids: Vec<String> = routes
        .iter()
        .map(|r| operation_id::operation_id(r.method.as_str(), &r.path, info.prefix))
        .collect();
    operation_id::dedupe(&mut ids);

    let mut operations: Vec<(String, String, Value)> = Vec::new();
    for (route, id) in routes.iter().zip(&ids) {
        let mut doc = OperationDoc::new(&mut generator);
        (route.describe)(&mut doc);
        let summary = doc.summary.take();
        let description = doc.description.take();
        let deprecated = doc.deprecated.take();
        let requires_auth = doc.requires_auth;
        let calls_upstreams = doc.calls_upstreams;
        let declared = std::mem::take(&mut doc.errors);
        let path_params = std::mem::take(&mut doc.path_params);
        let parts = [
            ("query", doc.query.take()),
            ("header", doc.headers.take()),
            ("cookie", doc.cookies.take()),
        ];
        let body = doc.body.take();
        let response = doc.response.take();
        let stream_item = doc.stream_item.take();
        let websocket = doc.websocket;
        let definitions = generator.definitions().clone();

        let mut op = Map::new();
        op.insert("operationId".into(), json!(id));
        if let Some(s) = summary {
            op.insert("summary".into(), json!(s));
        }
        if let Some(d) = description {
            op.insert("description".into(), json!(d));
        }
        if let Some(reason) = deprecated {
            op.insert("deprecated".into(), json!(true));
            op.insert("x-bffkit-deprecated".into(), json!(reason));
        }
        let mut parameters = Vec::new();
        for (name, schema) in path_params {
            let catch_all = route.path.contains(&format!("{{*{name}}}"));
            let mut p = json!({ "name": name, "in": "path", "required": true, "schema": schema });
            if catch_all {
                p["x-bffkit-catch-all"] = json!(true);
            }
            parameters.push(p);
        }
        for (location, schema) in parts {
            if let Some(schema) = schema {
                parameters.extend(object_parameters(&schema, location, &definitions));
            }
        }
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some((kind, schema)) = &body {
            let required = body_required(*kind, schema.as_value(), &definitions);
            op.insert(
                "requestBody".into(),
                json!({ "required": required, "content": { kind.media_type(): { "schema": schema } } }),
            );
        }
        let success = response.map(Value::from).unwrap_or_else(|| json!({}));
        let success = if info.envelope {
            envelope_schema(success)
        } else {
            success
        };
        let mut responses = Map::new();
        if websocket {
            // Generated clients leave it out: fetch cannot upgrade.
            op.insert("x-bffkit-websocket".into(), json!(true));
            responses.insert(
                "101".into(),
                json!({ "description": "Switching Protocols: the connection becomes a WebSocket carrying JSON messages" }),
            );
        } else {
            let ok = match stream_item {
                Some(item) => stream_response(Value::from(item)),
                None => {
                    json!({ "description": "Success", "content": { "application/json": { "schema": success } } })
                }
            };
            responses.insert("200".into(), ok);
        }
        let failures = Failures {
            body: body.as_ref().map(|b| b.0),
            requires_auth,
            calls_upstreams,
            declared: &declared,
        };
        for (status, meaning, body) in error_statuses(&failures) {
            responses.insert(status.to_string(), error_response(meaning, body));
        }
        op.insert("responses".into(), Value::Object(responses));
        operations.push((
            route.path.clone(),
            route.method.as_str().to_ascii_lowercase(),
            Value::Object(op),
        ));
    }

    let mut paths = Map::new();
    for (path, method, op) in operations {
        let entry = paths
            .entry(openapi_path(&path))
            .or_insert_with(|| json!({}));
        entry[method] = op;
    }
    for &endpoint in &info.internal {
        let path = format!("{}{}", info.prefix.trim_end_matches('/'), endpoint.route());
        let entry = paths.entry(path.clone()).or_insert_with(|| json!({}));
        entry[endpoint.method().to_ascii_lowercase()] = internal_operation(endpoint, &path, info);
    }

    let mut schemas = generator.take_definitions(true);
    schemas.insert(
        "ApiError".into(),
        json!({
            "type": "object",
            "description": "Every error: a numeric `code`, a message, and optional data.",
            "required": ["code", "msg"],
            "properties": {
                "code": { "type": "integer", "description": "See the error code table" },
                "msg": { "type": "string" },
                "data": {}
            }
        }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": info.title,
            "version": info.version,
            "x-bffkit": {
                "prefix": info.prefix,
                "envelope": info.envelope,
                "batchPath": format!("{}/_batch", info.prefix.trim_end_matches('/')),
                "errorCodes": code::ALL.iter().map(|c| json!({ "code": c.code, "status": c.status.as_u16(), "name": c.name })).collect::<Vec<_>>()
            }
        },
        "paths": paths,
        "components": { "schemas": schemas }
    })
}

/// `GET _manifest` (this document), `GET _docs` (an HTML page) or `POST _batch` (a JSON body
/// of calls, answered as a JSON array or, with `accept: application/x-ndjson`, one line per
/// call).
fn internal_operation(endpoint: Internal, path: &str, info: &ManifestInfo) -> Value {
    let is_batch = endpoint == Internal::Batch;
    let mut op = json!({
        "operationId": operation_id::operation_id(endpoint.method(), path, info.prefix),
        "summary": endpoint.summary(),
        "x-bffkit-internal": true,
    });
    let success = if is_batch {
        op["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": batch_request_schema() } }
        });
        let result = json!({
            "type": "object",
            "required": ["index", "status"],
            "properties": {
                "index": { "type": "integer", "minimum": 0 },
                "status": { "type": "integer" },
                "body": { "description": "Absent when the call answered with an empty body" }
            }
        });
        json!({
            "description": "One result per call",
            "content": {
                "application/json": { "schema": { "type": "array", "items": result } },
                "application/x-ndjson": { "schema": result }
            }
        })
    } else if endpoint == Internal::Docs {
        json!({ "description": "The docs playground", "content": { "text/html": { "schema": { "type": "string" } } } })
    } else {
        json!({ "description": "Success", "content": { "application/json": { "schema": { "type": "object" } } } })
    };
    let mut responses = Map::new();
    responses.insert("200".into(), success);
    let failures = Failures {
        body: is_batch.then_some(BodyKind::Json),
        requires_auth: false,
        calls_upstreams: false,
        declared: &[],
    };
    for (status, meaning, body) in error_statuses(&failures) {
        responses.insert(status.to_string(), error_response(meaning, body));
    }
    op["responses"] = Value::Object(responses);
    op
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
    json!({
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
}

/// A stream of events (see `crate::stream`). OpenAPI 3.1 has no way to say what each
/// event of a sequential media type holds; 3.2 adds `itemSchema` beside `schema`. This
/// 3.1 document writes it as the extension `x-itemSchema`, in the same place: the JSON
/// each event carries (`data:` in SSE, `data` of each NDJSON line). The SSE `schema` is
/// one event as tools such as Schemathesis read it (`{data, event?, id?}`, the data a JSON
/// text: an item, the `api-error` event's error, or the `end` event's `null`), so they can
/// check every event.
fn stream_response(item: Value) -> Value {
    let data =
        json!({ "anyOf": [item, { "$ref": format!("{COMPONENTS}ApiError") }, { "type": "null" }] });
    let event = json!({
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": { "type": "string", "contentMediaType": "application/json", "contentSchema": data },
            "event": { "enum": ["message", "api-error", "end"] },
            "id": { "type": "string" },
            "retry": { "type": "integer" }
        }
    });
    json!({
        "description": "A stream of events, one per item: Server-Sent Events, or NDJSON with `accept: application/x-ndjson`. \
                        A failed item ends it with an `api-error` event ({code, msg, data?, status}); a finished one with `end`.",
        "content": {
            "text/event-stream": { "schema": event, "x-itemSchema": item },
            "application/x-ndjson": { "schema": { "type": "string" }, "x-itemSchema": item }
        }
    })
}

/// axum's `{*rest}` is OpenAPI's `{rest}`.
fn openapi_path(path: &str) -> String {
    path.replace("{*", "{")
}

/// `{"data": T, "msg": "Success!", "code": 10000}`.
fn envelope_schema(data: Value) -> Value {
    json!({
        "type": "object",
        "required": ["data", "msg", "code"],
        "properties": { "data": data, "msg": { "type": "string" }, "code": { "const": code::SUCCESS } },
        "x-bffkit-envelope": true
    })
}

/// What a route's doc says about the ways it can fail.
struct Failures<'a> {
    body: Option<BodyKind>,
    requires_auth: bool,
    calls_upstreams: bool,
    /// Statuses the handler declares (`match = { errors: [409] }`).
    declared: &'a [u16],
}

/// How an error status is answered.
enum ErrorBody {
    /// `{code, msg}` as JSON.
    ApiError,
    /// No body: hyper answers before any route runs.
    Empty,
}

/// The statuses a route may answer with besides 200: what the framework itself sends for
/// this route (limits, parsing, extractors) plus what the handler declares, so every
/// status a client can see is listed.
fn error_statuses(f: &Failures) -> Vec<(u16, &'static str, ErrorBody)> {
    let mut out = vec![
        (400, "Bad request or failed validation", ErrorBody::ApiError),
        (404, "Not found", ErrorBody::ApiError),
        (405, "Method not allowed", ErrorBody::ApiError),
        (408, "The request took too long", ErrorBody::ApiError),
        (414, "Query string over its limit", ErrorBody::ApiError),
        (
            431,
            "Request head over its limit (answered before routing, no body)",
            ErrorBody::Empty,
        ),
        (500, "Server error", ErrorBody::ApiError),
    ];
    if f.requires_auth {
        out.push((401, "No valid session", ErrorBody::ApiError));
        out.push((503, "The session store is unavailable", ErrorBody::ApiError));
    }
    if f.body.is_some() {
        out.push((413, "Body over its limit", ErrorBody::ApiError));
        out.push((415, "Unsupported content type", ErrorBody::ApiError));
    }
    if f.calls_upstreams {
        out.push((502, "An upstream service failed", ErrorBody::ApiError));
        out.push((
            504,
            "An upstream service did not answer in time",
            ErrorBody::ApiError,
        ));
    }
    for &status in f.declared {
        if !out.iter().any(|(s, ..)| *s == status) {
            let reason = http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            out.push((status, reason, ErrorBody::ApiError));
        }
    }
    out.sort_by_key(|(status, ..)| *status);
    out
}

fn error_response(meaning: &str, body: ErrorBody) -> Value {
    match body {
        ErrorBody::ApiError => api_error_response(meaning),
        ErrorBody::Empty => json!({ "description": meaning }),
    }
}

fn api_error_response(meaning: &str) -> Value {
    json!({
        "description": meaning,
        "content": { "application/json": { "schema": { "$ref": format!("{COMPONENTS}ApiError") } } }
    })
}

/// Whether a request without a body is refused. An empty body is read as the empty text
/// (`text/plain`) or as JSON `null`, so it is accepted exactly when the schema accepts those.
fn body_required(kind: BodyKind, schema: &Value, definitions: &Map<String, Value>) -> bool {
    match kind {
        BodyKind::Text => false,
        BodyKind::Json => !accepts_null(schema, definitions, 0),
        BodyKind::Multipart | BodyKind::FormUrlencoded => true,
    }
}

/// Whether `null` passes `schema`: `true`, `{}`, `type: [.., "null"]`, or a nullable
/// branch of `anyOf`/`oneOf` (`Option<T>`).
fn accepts_null(schema: &Value, definitions: &Map<String, Value>, depth: u8) -> bool {
    let schema = resolve(schema, definitions);
    match schema {
        Value::Bool(b) => *b,
        Value::Object(o) if depth < 8 => {
            let by_type = match o.get("type") {
                None => true,
                Some(Value::String(t)) => t == "null",
                Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
                Some(_) => false,
            };
            let by_const = o.get("const").is_none_or(Value::is_null);
            let by_enum = o
                .get("enum")
                .and_then(Value::as_array)
                .is_none_or(|values| values.iter().any(Value::is_null));
            let by_branches = ["anyOf", "oneOf"].iter().all(|key| {
                o.get(*key)
                    .and_then(Value::as_array)
                    .is_none_or(|all| all.iter().any(|s| accepts_null(s, definitions, depth + 1)))
            });
            by_type && by_const && by_enum && by_branches
        }
        _ => false,
    }
}

/// One parameter per property of an object schema (following a `$ref`).
fn object_parameters(
    schema: &Schema,
    location: &str,
    definitions: &Map<String, Value>,
) -> Vec<Value> {
    let resolved = resolve(schema.as_value(), definitions);
    let required: Vec<&str> = resolved
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = resolved.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, schema)| {
            let mut p = json!({
                "name": name,
                "in": location,
                "required": required.contains(&name.as_str()),
                "schema": schema,
            });
            if let Some(d) = schema.get("description") {
                p["description"] = d.clone();
            }
            p
        })
        .collect()
}

fn resolve<'a>(schema: &'a Value, definitions: &'a Map<String, Value>) -> &'a Value {
    match schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(COMPONENTS))
    {
        Some(name) => definitions.get(name).unwrap_or(schema),
        None => schema,
    }
}

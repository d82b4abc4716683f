//! Assembles the OpenAPI 3.1 document from each route's `OperationDoc`.

use schemars::generate::SchemaSettings;
use schemars::Schema;
use serde_json::{json, Map, Value};

use bffkit_contract::manifest::extension;
use bffkit_contract::Method;

use super::operation_id;
use crate::error::{code, DeclaredError};
use crate::routes::{path_param_names, MergedRoute, ResolvedRoute, RouteDoc};
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
    /// Sign-in, when the app has it (`App::auth`): its routes and security schemes.
    pub sign_in: Option<super::SignInDoc>,
    /// Routes of routers merged with `App::merge_routes`; the described ones are listed.
    pub merged: &'a [MergedRoute],
}

/// A built-in endpoint, documented beside the lambdas and marked [`extension::INTERNAL`].
pub use bffkit_contract::manifest::BuiltinEndpoint as Internal;

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

const COMPONENTS: &str = "#/components/schemas/";

/// The whole document.
pub fn document(routes: &[ResolvedRoute], info: &ManifestInfo) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let mut entries: Vec<Entry> = routes
        .iter()
        .map(|r| Entry {
            method: r.method,
            path: &r.path,
            describe: Describer::Lambda(r.describe),
            middleware: r.middleware,
        })
        .collect();
    entries.extend(info.merged.iter().filter_map(|m| {
        Some(Entry {
            method: m.method,
            path: &m.path,
            describe: Describer::Merged(m.doc.as_ref()?),
            middleware: &[],
        })
    }));
    let mut ids: Vec<String> = entries
        .iter()
        .map(|e| operation_id::operation_id(e.method.as_str(), e.path, info.prefix))
        .collect();
    operation_id::dedupe(&mut ids);

    let mut operations: Vec<(String, Method, Value)> = Vec::new();
    let mut middleware = crate::middleware::Built::default();
    let mut security_schemes = Map::new();
    for (route, id) in entries.iter().zip(&ids) {
        let mut doc = OperationDoc::new(&mut generator);
        route.describe.fill(&mut doc, route.path);
        if matches!(route.describe, Describer::Merged(_)) && doc.path_params.is_empty() {
            // A merged route that does not describe its path parameters: they are strings.
            doc.path_params = path_param_names(route.path)
                .map(|name| {
                    (
                        name.to_owned(),
                        schemars::json_schema!({ "type": "string" }),
                    )
                })
                .collect();
        }
        let summary = doc.summary.take();
        let description = doc.description.take();
        let deprecated = doc.deprecated.take();
        let requires_auth = doc.requires_auth;
        let requires_api_key = doc.requires_api_key;
        let calls_upstreams = doc.calls_upstreams;
        // Statuses declared without a code (`errors: [409]`) may carry any code.
        let status_only: Vec<u16> = std::mem::take(&mut doc.errors);
        let declared_errors = std::mem::take(&mut doc.declared_errors);
        let mut declared = status_only.clone();
        declared.extend(declared_errors.iter().map(|e| e.status));
        let path_params = std::mem::take(&mut doc.path_params);
        let parts = [
            ("query", doc.query.take()),
            ("header", doc.headers.take()),
            ("cookie", doc.cookies.take()),
        ];
        let body = doc.body.take();
        let response = doc.response.take();
        let response_media = doc.response_media.take().unwrap_or("application/json");
        let stream_item = doc.stream_item.take();
        let websocket = doc.websocket;
        let definitions = generator.definitions().clone();

        let mut op = Map::new();
        op.insert("operationId".into(), json!(id));
        if route.describe.is_internal() {
            op.insert(extension::INTERNAL.into(), json!(true));
        }
        if let Some(s) = summary {
            op.insert("summary".into(), json!(s));
        }
        if let Some(d) = description {
            op.insert("description".into(), json!(d));
        }
        if let Some(reason) = deprecated {
            op.insert("deprecated".into(), json!(true));
            op.insert(extension::DEPRECATED.into(), json!(reason));
        }
        let mut parameters = Vec::new();
        for (name, schema) in path_params {
            let catch_all = route.path.contains(&format!("{{*{name}}}"));
            if !catch_all && !route.path.contains(&format!("{{{name}}}")) {
                // `[[...rest]]` served with zero segments: the path has no `{rest}`.
                continue;
            }
            let mut p = json!({ "name": name, "in": "path", "required": true, "schema": schema });
            if catch_all {
                p[extension::CATCH_ALL] = json!(true);
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
            op.insert(extension::WEBSOCKET.into(), json!(true));
            responses.insert(
                "101".into(),
                json!({ "description": "Switching Protocols: the connection becomes a WebSocket carrying JSON messages" }),
            );
        } else {
            let ok = match stream_item {
                Some(item) => stream_response(Value::from(item)),
                None => {
                    json!({ "description": "Success", "content": { response_media: { "schema": success } } })
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
        if matches!(route.describe, Describer::Merged(_)) {
            // A merged router answers its own errors: the server's own, and those its
            // `RouteDoc` declares (a bffkit error when declared with a code, else the
            // router's own body, such as axum's plain-text rejections).
            router_level_responses(&mut responses);
            for (status, meaning, _) in error_statuses(&failures) {
                if declared.contains(&status) {
                    let coded = declared_errors.iter().any(|e| e.status == status);
                    responses.insert(
                        status.to_string(),
                        if coded {
                            api_error_response(meaning)
                        } else {
                            json!({ "description": meaning })
                        },
                    );
                }
            }
        } else {
            for (status, meaning, body) in error_statuses(&failures) {
                responses.insert(status.to_string(), error_response(meaning, body));
            }
        }
        if !declared.is_empty() {
            name_declared_codes(&mut responses, &declared_errors);
            let mut listed: Vec<Value> = declared_errors.iter().map(declared_error_json).collect();
            let mut uncoded: Vec<u16> = status_only
                .into_iter()
                .filter(|s| !declared_errors.iter().any(|e| e.status == *s))
                .collect();
            uncoded.dedup();
            listed.extend(
                uncoded
                    .into_iter()
                    .map(|status| json!({ "status": status })),
            );
            op.insert(extension::ERRORS.into(), Value::Array(listed));
        }
        // What the folder middleware around the route may answer, and the schemes it checks.
        let mut security = Vec::new();
        for folder in route.middleware {
            let doc = middleware.get(folder).doc();
            for (status, meaning) in &doc.statuses {
                let response = responses
                    .entry(status.to_string())
                    .or_insert_with(|| api_error_response(meaning));
                // Which middleware may answer with it, for the generated client's docs.
                let by = &mut response[extension::MIDDLEWARE];
                if !by.is_array() {
                    *by = json!([]);
                }
                if let Some(files) = by.as_array_mut() {
                    files.push(json!({ "file": folder.file, "description": meaning }));
                }
            }
            for (name, scheme) in &doc.security {
                security.push(json!({ name.as_ref(): [] }));
                security_schemes.insert(name.to_string(), scheme.clone());
            }
        }
        // Every middleware scheme is required (each middleware checks its own), on top of
        // each alternative the sign-in layer accepts.
        let middleware_schemes: Map<String, Value> = security
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|o| o.clone())
            .collect();
        let mut requirements: Vec<Value> = info
            .sign_in
            .as_ref()
            .and_then(|s| {
                s.security(requires_auth, requires_api_key)
                    .as_array()
                    .cloned()
            })
            .unwrap_or_default();
        if !middleware_schemes.is_empty() {
            if requirements.is_empty() {
                requirements.push(Value::Object(middleware_schemes.clone()));
            }
            for requirement in &mut requirements {
                if let Value::Object(schemes) = requirement {
                    schemes.extend(middleware_schemes.clone());
                }
            }
        }
        if info.sign_in.is_some() || !middleware_schemes.is_empty() {
            op.insert("security".into(), Value::Array(requirements));
        }
        op.insert("responses".into(), Value::Object(responses));
        operations.push((route.path.to_owned(), route.method, Value::Object(op)));
    }

    let mut paths = Map::new();
    for (path, method, op) in operations {
        let entry = paths
            .entry(openapi_path(&path))
            .or_insert_with(|| json!({}));
        // OpenAPI has no `connect` operation: a `#[connect]` route is documented under a
        // specification extension, which validators accept and generators skip.
        entry[method.openapi_key()] = op;
    }
    if let Some(sign_in) = &info.sign_in {
        for (path, method, op) in sign_in.operations(info.prefix) {
            let entry = paths.entry(path).or_insert_with(|| json!({}));
            entry[method] = op;
        }
    }
    for &endpoint in &info.internal {
        let path = endpoint.path(info.prefix);
        let entry = paths.entry(path.clone()).or_insert_with(|| json!({}));
        entry[endpoint.method().openapi_key()] = internal_operation(endpoint, &path, info);
    }
    // Where the document has security schemes, every operation says what it needs, and one
    // that says nothing needs none (an absent `security` would mean "the document's default").
    if info.sign_in.is_some() || !security_schemes.is_empty() {
        for operation in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in operation.values_mut().filter_map(Value::as_object_mut) {
                op.entry("security").or_insert_with(|| json!([]));
            }
        }
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
    let tags: Vec<Value> = info
        .internal
        .iter()
        .any(|e| e.is_operations())
        .then(|| json!({ "name": OPERATIONS_TAG, "description": "Health, readiness and metrics, for orchestrators and monitoring" }))
        .into_iter()
        .collect();
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": info.title,
            "version": info.version,
            (extension::INFO): {
                "prefix": info.prefix,
                "envelope": info.envelope,
                "batchPath": Internal::Batch.path(info.prefix),
                "errorCodes": code::ALL.iter().map(|c| (c.code, c.status.as_u16(), c.name))
                    // Resilience: 30000 also answers 503 (open breaker, full bulkhead).
                    .chain([(code::UPSTREAM_ERROR.code, 503, code::UPSTREAM_ERROR.name)])
                    .map(|(code, status, name)| json!({ "code": code, "status": status, "name": name })).collect::<Vec<_>>()
            }
        },
        "paths": paths,
        "components": components(schemas, security_schemes, info)
    });
    if !tags.is_empty() {
        document["tags"] = Value::Array(tags);
    }
    crate::schema::add_integer_bounds(&mut document);
    objects_for_true_schemas(&mut document["paths"]);
    document
}

/// `"schema": true` (the schema of `serde_json::Value`) written as `{}`: the same schema,
/// in the form OpenAPI tools expect where a Schema Object goes.
fn objects_for_true_schemas(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                if key == "schema" && *member == Value::Bool(true) {
                    *member = json!({});
                } else {
                    objects_for_true_schemas(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(objects_for_true_schemas),
        _ => {}
    }
}

/// `components`: the schemas, and the security schemes of sign-in and of the folder
/// middleware.
fn components(
    schemas: Map<String, Value>,
    middleware_schemes: Map<String, Value>,
    info: &ManifestInfo,
) -> Value {
    let mut components = json!({ "schemas": schemas });
    let mut schemes = match &info.sign_in {
        Some(sign_in) => sign_in.schemes().as_object().cloned().unwrap_or_default(),
        None => Map::new(),
    };
    schemes.extend(middleware_schemes);
    if !schemes.is_empty() {
        components["securitySchemes"] = Value::Object(schemes);
    }
    components
}

/// `GET _manifest` (this document), `GET _docs` (an HTML page) or `POST _batch` (a JSON body
/// of calls, answered as a JSON array or, with `accept: application/x-ndjson`, one line per
/// call).
fn internal_operation(endpoint: Internal, path: &str, info: &ManifestInfo) -> Value {
    if endpoint.is_operations() {
        return operations_endpoint(endpoint, path, info);
    }
    let is_batch = endpoint == Internal::Batch;
    let mut op = json!({
        "operationId": operation_id::operation_id(endpoint.method().as_str(), path, info.prefix),
        "summary": summary(endpoint),
        (extension::INTERNAL): true,
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

/// `/healthz`, `/readyz`, `/metrics`: merged outside the lambdas' router, so a wrong method
/// is axum's bare 405 (with `Allow`).
fn operations_endpoint(endpoint: Internal, path: &str, info: &ManifestInfo) -> Value {
    let checks = json!({
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
    });
    let success = match endpoint {
        Internal::Health => {
            json!({ "description": "The process answers", "content": { "application/json": { "schema": {
            "type": "object", "required": ["status"], "properties": { "status": { "const": "ok" } }
        } } } })
        }
        Internal::Readiness => {
            json!({ "description": "Every check passed", "content": { "application/json": { "schema": checks } } })
        }
        _ => {
            json!({ "description": "Metrics in the Prometheus text format", "content": { "text/plain": { "schema": { "type": "string" } } } })
        }
    };
    let mut responses = Map::new();
    responses.insert("200".into(), success);
    if endpoint == Internal::Readiness {
        responses.insert(
            "503".into(),
            json!({ "description": "A check failed or timed out", "content": { "application/json": { "schema": checks } } }),
        );
    }
    router_level_responses(&mut responses);
    json!({
        "operationId": operation_id::operation_id(endpoint.method().as_str(), path, info.prefix),
        "summary": summary(endpoint),
        "tags": [OPERATIONS_TAG],
        (extension::INTERNAL): true,
        "responses": responses,
    })
}

/// What a route outside the lambdas' router can answer besides its own: axum's bare 405
/// (with `Allow`), and the server's timeouts, limits and panics.
fn router_level_responses(responses: &mut Map<String, Value>) {
    responses.insert(
        "405".into(),
        json!({ "description": "Method not allowed (no body; `Allow` lists the methods)" }),
    );
    for (status, meaning, body) in error_statuses(&Failures {
        body: None,
        requires_auth: false,
        calls_upstreams: false,
        declared: &[],
    }) {
        if matches!(status, 408 | 414 | 431 | 500) {
            responses.insert(status.to_string(), error_response(meaning, body));
        }
    }
}

/// The tag of the health, readiness and metrics endpoints.
const OPERATIONS_TAG: &str = "operations";

/// One operation to document: a lambda, or a described route of a merged router.
struct Entry<'a> {
    method: Method,
    path: &'a str,
    describe: Describer<'a>,
    /// The folder middleware around a lambda, outermost first; none for merged routes.
    middleware: &'static [&'static crate::middleware::FolderMiddleware],
}

/// Where an operation's doc comes from.
enum Describer<'a> {
    /// The `describe` fn the macros generate.
    Lambda(fn(&mut OperationDoc)),
    /// A merged route's [`RouteDoc`]; the router answers its own errors.
    Merged(&'a RouteDoc),
}

impl Describer<'_> {
    fn fill(&self, doc: &mut OperationDoc, path: &str) {
        match self {
            Describer::Lambda(describe) => describe(doc),
            Describer::Merged(route) => route.describe(doc, path),
        }
    }

    fn is_internal(&self) -> bool {
        matches!(self, Describer::Merged(route) if route.is_internal())
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
            "text/event-stream": { "schema": event, (extension::ITEM_SCHEMA): item },
            "application/x-ndjson": { "schema": { "type": "string" }, (extension::ITEM_SCHEMA): item }
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
        (extension::ENVELOPE): true
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
        // Resilience (upstream/policy.rs): an open circuit breaker or a full bulkhead.
        if !out.iter().any(|(s, ..)| *s == 503) {
            let meaning = "An upstream service is unavailable: its circuit breaker is open or it is at capacity (see Retry-After)";
            out.push((503, meaning, ErrorBody::ApiError));
        }
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

/// `{"status": 409, "code": 21001, "name": "TODO_EXISTS"}` (no `name` for a bare pair).
fn declared_error_json(error: &DeclaredError) -> Value {
    let mut entry = json!({ "status": error.status, "code": error.code });
    if let Some(name) = error.name {
        entry["name"] = json!(name);
    }
    entry
}

/// Appends the declared codes to their status's description, for readers of the docs.
fn name_declared_codes(responses: &mut Map<String, Value>, declared: &[DeclaredError]) {
    for (status, response) in responses.iter_mut() {
        let codes: Vec<String> = declared
            .iter()
            .filter(|e| e.status.to_string() == *status)
            .map(|e| match e.name {
                Some(name) => format!("{} {name}", e.code),
                None => e.code.to_string(),
            })
            .collect();
        if let (false, Some(Value::String(description))) =
            (codes.is_empty(), response.get_mut("description"))
        {
            description.push_str(&format!(" (codes: {})", codes.join(", ")));
        }
    }
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
            // A query string has no form for an empty array, so the client sends `[]` as no
            // key and the server reads no key as `[]`: an array is never required there.
            let array_in_query = location == "query" && is_array(schema, definitions);
            let mut p = json!({
                "name": name,
                "in": location,
                "required": required.contains(&name.as_str()) && !array_in_query,
                "schema": schema,
            });
            if let Some(d) = schema.get("description") {
                p["description"] = d.clone();
            }
            if array_in_query {
                // Repeated keys, `?tag=a&tag=b`: what the server reads and the client sends.
                p["style"] = json!("form");
                p["explode"] = json!(true);
            }
            p
        })
        .collect()
}

/// `Vec<T>` or `Option<Vec<T>>` (following a `$ref`).
fn is_array(schema: &Value, definitions: &Map<String, Value>) -> bool {
    let schema = resolve(schema, definitions);
    let by_type = match schema.get("type") {
        Some(Value::String(t)) => t == "array",
        Some(Value::Array(types)) => types.iter().any(|t| t == "array"),
        _ => false,
    };
    by_type
        || ["anyOf", "oneOf"].iter().any(|key| {
            schema
                .get(*key)
                .and_then(Value::as_array)
                .is_some_and(|all| all.iter().any(|s| is_array(s, definitions)))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: Method, path: &str) -> ResolvedRoute {
        fn call(
            _: axum::extract::Request,
            _: crate::AppContext,
        ) -> crate::routes::table::HandlerFuture {
            unreachable!("only documented")
        }
        ResolvedRoute {
            method,
            path: path.to_owned(),
            file: "api/lambda/x.rs",
            function: "f",
            params: &[],
            middleware: &[],
            call,
            describe: |_| {},
        }
    }

    /// A document's settings: no sign-in, prefix `/api`.
    fn info<'a>(internal: Vec<Internal>, merged: &'a [MergedRoute]) -> ManifestInfo<'a> {
        ManifestInfo {
            title: "t",
            version: "0",
            prefix: "/api",
            envelope: false,
            internal,
            sign_in: None,
            merged,
        }
    }

    fn document_of(routes: &[ResolvedRoute]) -> Value {
        document(routes, &info(Vec::new(), &[]))
    }

    #[test]
    fn with_a_middleware_scheme_and_no_sign_in_every_operation_states_its_security() {
        static ADMIN: crate::middleware::FolderMiddleware = crate::middleware::FolderMiddleware {
            folder: "api/lambda/admin",
            file: "api/lambda/admin/_middleware.rs",
            make: || {
                crate::Middleware::from_fn(|request, next: crate::middleware::Next| {
                    next.run(request)
                })
                .security("adminToken", json!({ "type": "http", "scheme": "bearer" }))
            },
        };
        static COVERED: &[&crate::middleware::FolderMiddleware] = &[&ADMIN];
        let mut admin = route(Method::Get, "/api/admin/stats");
        admin.middleware = COVERED;
        let info = info(vec![Internal::Batch], &[]);
        let doc = document(&[admin, route(Method::Get, "/api/open")], &info);
        assert_eq!(
            doc["paths"]["/api/admin/stats"]["get"]["security"],
            json!([{ "adminToken": [] }])
        );
        assert_eq!(doc["paths"]["/api/open"]["get"]["security"], json!([]));
        assert_eq!(doc["paths"]["/api/_batch"]["post"]["security"], json!([]));
        assert!(doc["components"]["securitySchemes"]["adminToken"].is_object());
    }

    #[test]
    fn a_described_merged_route_documents_params_headers_errors_and_upgrades() {
        #[derive(schemars::JsonSchema)]
        #[allow(dead_code)]
        struct Params {
            shop: u32,
        }
        #[derive(schemars::JsonSchema)]
        #[allow(dead_code)]
        struct Headers {
            #[serde(rename = "x-trace")]
            trace: Option<String>,
        }
        const GONE: crate::ErrorCode =
            crate::ErrorCode::new(21007, http::StatusCode::GONE, "SHOP_GONE");
        let merged = [
            MergedRoute {
                method: Method::Get,
                path: "/legacy/{shop}/{slug}".to_owned(),
                doc: Some(
                    RouteDoc::new()
                        .path_params::<Params>()
                        .headers::<Headers>()
                        .error(GONE)
                        .error((409, 21008))
                        .response::<bool>(),
                ),
            },
            MergedRoute {
                method: Method::Get,
                path: "/legacy/socket".to_owned(),
                doc: Some(RouteDoc::new().websocket()),
            },
        ];
        let doc = document(&[], &info(Vec::new(), &merged));
        let op = &doc["paths"]["/legacy/{shop}/{slug}"]["get"];
        let params = op["parameters"].as_array().unwrap();
        assert_eq!(params[0]["name"], "shop");
        assert_eq!(params[0]["schema"]["minimum"], 0, "{op}");
        assert_eq!(params[1]["name"], "slug");
        assert_eq!(params[1]["schema"], json!({ "type": "string" }));
        assert_eq!(params[2]["in"], "header");
        assert_eq!(params[2]["name"], "x-trace");
        assert_eq!(
            op[extension::ERRORS],
            json!([
                { "status": 410, "code": 21007, "name": "SHOP_GONE" },
                { "status": 409, "code": 21008 }
            ])
        );
        for status in ["409", "410"] {
            assert_eq!(
                op["responses"][status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ApiError",
                "{status}"
            );
        }
        let socket = &doc["paths"]["/legacy/socket"]["get"];
        assert_eq!(socket[extension::WEBSOCKET], true);
        assert!(socket["responses"]["101"].is_object(), "{socket}");
        assert!(socket["responses"].get("200").is_none(), "{socket}");
        // axum's own handshake refusals: plain text, not bffkit's error body.
        assert_eq!(
            socket["responses"]["426"],
            json!({ "description": "Upgrade Required" })
        );
    }

    #[test]
    fn connect_is_an_extension_not_an_operation() {
        let doc = document_of(&[
            route(Method::Connect, "/api/tunnel"),
            route(Method::Get, "/api/tunnel"),
        ]);
        let item = &doc["paths"]["/api/tunnel"];
        assert!(item.get("connect").is_none(), "{item}");
        assert!(item[extension::CONNECT]["responses"].is_object(), "{item}");
        assert!(item["get"].is_object(), "{item}");
    }

    #[test]
    fn arrays_are_found_through_refs_and_options() {
        let defs: Map<String, Value> = serde_json::from_value(json!({
            "Tags": { "type": "array", "items": { "type": "string" } }
        }))
        .unwrap();
        for schema in [
            json!({ "type": "array" }),
            json!({ "type": ["array", "null"] }),
            json!({ "anyOf": [{ "$ref": "#/components/schemas/Tags" }, { "type": "null" }] }),
        ] {
            assert!(is_array(&schema, &defs), "{schema}");
        }
        assert!(!is_array(&json!({ "type": "string" }), &defs));
    }
}

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
    /// Internal endpoints to list (`_manifest`, `_batch`), as `(method, path, summary)`.
    pub internal: Vec<(&'static str, String, &'static str)>,
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
        let path_params = std::mem::take(&mut doc.path_params);
        let parts = [
            ("query", doc.query.take()),
            ("header", doc.headers.take()),
            ("cookie", doc.cookies.take()),
        ];
        let body = doc.body.take();
        let response = doc.response.take();
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
            op.insert(
                "requestBody".into(),
                json!({ "required": true, "content": { kind.media_type(): { "schema": schema } } }),
            );
        }
        let success = response.map(Value::from).unwrap_or_else(|| json!({}));
        let success = if info.envelope {
            envelope_schema(success)
        } else {
            success
        };
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({ "description": "Success", "content": { "application/json": { "schema": success } } }),
        );
        for (status, meaning) in error_statuses(body.as_ref().map(|b| b.0), requires_auth) {
            responses.insert(status.into(), error_response(meaning));
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
    for (method, path, summary) in &info.internal {
        let entry = paths.entry(path.clone()).or_insert_with(|| json!({}));
        entry[method.to_ascii_lowercase()] = json!({
            "operationId": operation_id::operation_id(method, path, info.prefix),
            "summary": summary,
            "x-bffkit-internal": true,
            "responses": { "200": { "description": "Success", "content": { "application/json": { "schema": {} } } } }
        });
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

/// The statuses any route may answer with besides 200.
fn error_statuses(
    body: Option<BodyKind>,
    requires_auth: bool,
) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![
        ("400", "Bad request or failed validation"),
        ("404", "Not found"),
        ("405", "Method not allowed"),
    ];
    if requires_auth {
        out.push(("401", "No valid session"));
    }
    if body.is_some() {
        out.push(("413", "Body over its limit"));
        out.push(("415", "Unsupported content type"));
    }
    out.push(("500", "Server error"));
    out
}

fn error_response(meaning: &str) -> Value {
    json!({
        "description": meaning,
        "content": { "application/json": { "schema": { "$ref": format!("{COMPONENTS}ApiError") } } }
    })
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

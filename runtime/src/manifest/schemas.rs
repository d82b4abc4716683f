//! The JSON Schemas the framework itself answers with (the error body, the success
//! envelope, a stream's events), and what every schema in the document goes through
//! (integer ranges, `true` written as `{}`).

use schemars::json_schema;
use serde_json::{Map, Value};

use bffkit_contract::manifest::extension;

use crate::error::code;

/// Where named schemas live.
pub(super) const COMPONENTS: &str = "#/components/schemas/";

/// The name of the error body's schema.
pub(super) const API_ERROR: &str = "ApiError";

/// `{"$ref": "#/components/schemas/ApiError"}`.
pub(super) fn api_error_ref() -> Value {
    json_schema!({ "$ref": format!("{COMPONENTS}{API_ERROR}") }).to_value()
}

/// Every error: `{code, msg, data?}`.
pub(super) fn api_error() -> Value {
    json_schema!({
        "type": "object",
        "description": "Every error: a numeric `code`, a message, and optional data.",
        "required": ["code", "msg"],
        "properties": {
            "code": { "type": "integer", "description": "See the error code table" },
            "msg": { "type": "string" },
            "data": {}
        }
    })
    .to_value()
}

/// `{"data": T, "msg": "Success!", "code": 10000}`.
pub(super) fn envelope(data: Value) -> Value {
    json_schema!({
        "type": "object",
        "required": ["data", "msg", "code"],
        "properties": { "data": data, "msg": { "type": "string" }, "code": { "const": code::SUCCESS } },
        (extension::ENVELOPE): true
    })
    .to_value()
}

/// One event of a stream as tools such as Schemathesis read it (`{data, event?, id?}`,
/// the data a JSON text: an item, the `api-error` event's error, or the `end` event's
/// `null`), so they can check every event.
pub(super) fn stream_event(item: &Value) -> Value {
    let data = json_schema!({ "anyOf": [item, api_error_ref(), { "type": "null" }] });
    json_schema!({
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": { "type": "string", "contentMediaType": "application/json", "contentSchema": data },
            "event": { "enum": ["message", "api-error", "end"] },
            "id": { "type": "string" },
            "retry": { "type": "integer" }
        }
    })
    .to_value()
}

/// A string (an HTML page, Prometheus text).
pub(super) fn string() -> Value {
    json_schema!({ "type": "string" }).to_value()
}

/// A schema as it goes into `paths`: with its integer ranges, and `true` (the schema of
/// `serde_json::Value`) written as `{}`, the same schema in the form OpenAPI tools expect
/// where a Schema Object goes.
pub(super) fn path_side(mut schema: Value) -> Value {
    if schema == Value::Bool(true) {
        schema = Value::Object(Map::new());
    }
    nested(schema)
}

/// A schema that goes into `paths` under another key (`x-itemSchema`): the same, except
/// that `true` itself stays.
pub(super) fn nested(mut schema: Value) -> Value {
    objects_for_true_schemas(&mut schema);
    crate::schema::add_integer_bounds(&mut schema);
    schema
}

/// A named schema as it goes into `components`: with its integer ranges.
pub(super) fn component(mut schema: Value) -> Value {
    crate::schema::add_integer_bounds(&mut schema);
    schema
}

/// `"schema": true` nested in a path-side value (a header's schema, a stream's items).
fn objects_for_true_schemas(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                if key == "schema" && *member == Value::Bool(true) {
                    *member = Value::Object(Map::new());
                } else {
                    objects_for_true_schemas(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(objects_for_true_schemas),
        _ => {}
    }
}

/// The definition a `$ref` into `components` points at, or the schema itself.
pub(super) fn resolve<'a>(schema: &'a Value, definitions: &'a Map<String, Value>) -> &'a Value {
    match schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(COMPONENTS))
    {
        Some(name) => definitions.get(name).unwrap_or(schema),
        None => schema,
    }
}

//! An operation's `requestBody`: the body's media type and schema, and whether a request
//! must carry one.

use std::collections::BTreeMap;

use bffkit_contract::manifest::{MediaType, RequestBody};
use schemars::Schema;
use serde_json::{Map, Value};

use super::schemas::{path_side, resolve};
use crate::schema::BodyKind;

pub(super) fn request_body(
    kind: BodyKind,
    schema: Schema,
    definitions: &Map<String, Value>,
) -> RequestBody {
    let required = required(kind, schema.as_value(), definitions);
    RequestBody {
        required,
        content: BTreeMap::from([(kind.media_type().to_owned(), media(schema.to_value()))]),
        other: BTreeMap::new(),
    }
}

/// A media type with `schema`.
pub(super) fn media(schema: Value) -> MediaType {
    MediaType {
        schema: Some(path_side(schema)),
        ..MediaType::default()
    }
}

/// Whether a request without a body is refused. An empty body is read as the empty text
/// (`text/plain`) or as JSON `null`, so it is accepted exactly when the schema accepts those.
fn required(kind: BodyKind, schema: &Value, definitions: &Map<String, Value>) -> bool {
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

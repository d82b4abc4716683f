//! An operation's `parameters`: the path parameters, then one per property of the query,
//! header and cookie objects.

use bffkit_contract::manifest::{Location, Parameter};
use schemars::Schema;
use serde_json::{Map, Value};

use super::schemas::{path_side, resolve};

/// The path parameters in route order. A name the path lacks is left out: `[[...rest]]`
/// served with zero segments has no `{rest}`.
pub(super) fn path(
    path: &str,
    params: Vec<(String, Schema)>,
) -> impl Iterator<Item = Parameter> + '_ {
    params.into_iter().filter_map(move |(name, schema)| {
        let catch_all = path.contains(&format!("{{*{name}}}"));
        if !catch_all && !path.contains(&format!("{{{name}}}")) {
            return None;
        }
        Some(Parameter {
            name,
            location: Location::Path,
            required: true,
            schema: Some(path_side(schema.to_value())),
            description: None,
            deprecated: false,
            catch_all,
            other: Default::default(),
        })
    })
}

/// One parameter per property of an object schema (following a `$ref`).
pub(super) fn object(
    schema: &Schema,
    location: Location,
    definitions: &Map<String, Value>,
) -> Vec<Parameter> {
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
            let array_in_query = location == Location::Query && is_array(schema, definitions);
            let mut other = std::collections::BTreeMap::new();
            if array_in_query {
                // Repeated keys, `?tag=a&tag=b`: what the server reads and the client sends.
                other.insert("style".to_owned(), Value::from("form"));
                other.insert("explode".to_owned(), Value::Bool(true));
            }
            Parameter {
                name: name.clone(),
                location,
                required: required.contains(&name.as_str()) && !array_in_query,
                schema: Some(path_side(schema.clone())),
                description: schema
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                deprecated: false,
                catch_all: false,
                other,
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_found_through_refs_and_options() {
        let defs: Map<String, Value> = serde_json::from_str(
            r##"{ "Tags": { "type": "array", "items": { "type": "string" } } }"##,
        )
        .unwrap();
        for schema in [
            r#"{ "type": "array" }"#,
            r#"{ "type": ["array", "null"] }"#,
            r##"{ "anyOf": [{ "$ref": "#/components/schemas/Tags" }, { "type": "null" }] }"##,
        ] {
            let schema: Value = serde_json::from_str(schema).unwrap();
            assert!(is_array(&schema, &defs), "{schema}");
        }
        assert!(!is_array(&Value::from("string"), &defs));
    }
}

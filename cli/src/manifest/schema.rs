//! JSON Schema keywords that the code generator and the diff both read.

use serde_json::Value;

/// `properties`, by name; none when absent.
pub fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema["properties"].as_object().into_iter().flatten()
}

/// The names in `required`.
pub fn required(schema: &Value) -> Vec<&str> {
    strings(&schema["required"])
}

/// The strings in an array (`required`, `type: [...]`, scopes); none for anything else.
pub fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

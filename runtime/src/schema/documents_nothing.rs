//! Whether a schema says anything about a value.

use serde_json::Value;

/// `true` and `{}` accept anything: the schema of `serde_json::Value`, or no schema at all.
pub fn documents_nothing(schema: &Value) -> bool {
    match schema {
        Value::Bool(accepts) => *accepts,
        Value::Object(members) => members.is_empty(),
        _ => false,
    }
}

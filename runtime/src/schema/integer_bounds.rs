//! Fixed-width integers carry their range. schemars writes `u32` as
//! `{"type": "integer", "format": "uint32", "minimum": 0}`: the format names the width but
//! JSON Schema tools do not read it, so a client or a fuzzer would think any integer fits
//! and the server then refuses `4294967296`. Every schema bffkit publishes or validates
//! with gets the `minimum` and `maximum` its format implies, kept when already stricter.

use serde_json::{Number, Value};

/// The range of an integer `format` as JSON numbers.
fn format_range(format: &str) -> Option<(Number, Number)> {
    let (min, max) = bffkit_contract::integer_format::range(format)?;
    // Every range fits: the minimum in an i64, the maximum in a u64.
    Some((
        i64::try_from(min).ok()?.into(),
        u64::try_from(max).ok()?.into(),
    ))
}

/// Adds the implied bounds to every integer schema inside `value`.
pub fn add_integer_bounds(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let range = object
                .get("format")
                .and_then(Value::as_str)
                .filter(|_| is_integer(object.get("type")))
                .and_then(format_range);
            if let Some((min, max)) = range {
                tighten(object, "minimum", min, |old, new| old >= new);
                tighten(object, "maximum", max, |old, new| old <= new);
            }
            object.values_mut().for_each(add_integer_bounds);
        }
        Value::Array(items) => items.iter_mut().for_each(add_integer_bounds),
        _ => {}
    }
}

fn is_integer(kind: Option<&Value>) -> bool {
    match kind {
        Some(Value::String(t)) => t == "integer",
        Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
        _ => false,
    }
}

/// Sets `key` to `bound` unless the schema's own value is already at least as strict.
fn tighten(
    object: &mut serde_json::Map<String, Value>,
    key: &str,
    bound: Number,
    stricter: impl Fn(f64, f64) -> bool,
) {
    let keep = object
        .get(key)
        .and_then(Value::as_f64)
        .zip(bound.as_f64())
        .is_some_and(|(old, new)| stricter(old, new));
    if !keep {
        object.insert(key.to_owned(), Value::Number(bound));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::add_integer_bounds;

    #[test]
    fn every_width_gets_its_range_and_stricter_bounds_stay() {
        let mut schema = json!({
            "properties": {
                "a": {"type": "integer", "format": "uint32", "minimum": 0},
                "b": {"type": ["integer", "null"], "format": "int64"},
                "c": {"type": "integer", "format": "uint8", "minimum": 13, "maximum": 130},
                "d": {"type": "array", "items": {"type": "integer", "format": "uint64"}},
                "e": {"type": "string", "format": "uint32"},
                "f": {"type": "number", "format": "float"}
            }
        });
        add_integer_bounds(&mut schema);
        let p = &schema["properties"];
        assert_eq!(
            p["a"],
            json!({"type": "integer", "format": "uint32", "minimum": 0, "maximum": 4294967295u32})
        );
        assert_eq!(p["b"]["minimum"], json!(i64::MIN));
        assert_eq!(p["b"]["maximum"], json!(i64::MAX));
        assert_eq!(
            (&p["c"]["minimum"], &p["c"]["maximum"]),
            (&json!(13), &json!(130))
        );
        assert_eq!(p["d"]["items"]["maximum"], json!(u64::MAX));
        assert_eq!(p["e"].get("maximum"), None);
        assert_eq!(p["f"].get("maximum"), None);
    }
}

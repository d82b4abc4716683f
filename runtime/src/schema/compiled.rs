//! A type's JSON Schema compiled into a validator once, plus what the string-only request
//! parts (path, query, headers, cookies, url-encoded forms) need to know to coerce their
//! text: the JSON type of each top-level field.

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::{Draft, Validator};
use schemars::{generate::SchemaSettings, JsonSchema};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::tape::{Tape, TapeJson};
use super::violation::Violation;
use crate::error::ApiError;

/// The JSON type a top-level field wants, for coercing text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `array` of the inner kind: repeated keys gather here.
    Array(Box<FieldKind>),
    /// Anything else stays text.
    Text,
}

/// A validator for one type and its fields' kinds.
pub struct CompiledSchema {
    validator: Validator,
    /// The same schema, reading [`Tape`]s: accepts JSON bytes without building a `Value`.
    fast: Option<Validator<TapeJson>>,
    fields: HashMap<String, FieldKind>,
    /// Required fields that are arrays: absent from a query string, they are empty.
    required_arrays: Vec<String>,
}

impl CompiledSchema {
    /// Generates `T`'s self-contained schema (with `$defs`, so recursive types work) and
    /// compiles it.
    pub fn of<T: JsonSchema + ?Sized>() -> Result<CompiledSchema, String> {
        let schema = SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<T>();
        let mut value = schema.to_value();
        super::add_integer_bounds(&mut value);
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .build(&value)
            .map_err(|e| {
                format!(
                    "the JSON Schema of `{}` does not compile: {e}",
                    std::any::type_name::<T>()
                )
            })?;
        let fast = jsonschema::options_for::<TapeJson>()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .build(&value)
            .ok();
        let fields = field_kinds(&value);
        let required_arrays = required_fields(&value)
            .filter(|name| matches!(fields.get(*name), Some(FieldKind::Array(_))))
            .map(str::to_owned)
            .collect();
        Ok(CompiledSchema {
            validator,
            fast,
            fields,
            required_arrays,
        })
    }

    /// Fast check.
    pub fn is_valid(&self, value: &Value) -> bool {
        self.validator.is_valid(value)
    }

    /// Whether `bytes` are a JSON document, nested at most `max_depth` deep, that the schema
    /// accepts; decided without building a `Value`. `false` also means "not sure" (duplicate
    /// keys, say): parse to a `Value` then, and [`violations`](Self::violations) explains.
    pub fn accepts_json(&self, bytes: &[u8], max_depth: usize) -> bool {
        self.accepted_tape(bytes, max_depth).is_some()
    }

    /// The document in `bytes` as a `T`, when the schema accepts it and serde reads it;
    /// `None` otherwise (see [`accepts_json`](Self::accepts_json)).
    pub fn read_json<T: DeserializeOwned>(&self, bytes: &[u8], max_depth: usize) -> Option<T> {
        self.accepted_tape(bytes, max_depth)?.deserialize().ok()
    }

    /// Whether the schema accepts `value` as serde_json would write it; `false` also means
    /// "not sure" (see [`accepts_json`](Self::accepts_json)).
    pub fn accepts_value<T: Serialize + ?Sized>(&self, value: &T) -> bool {
        let Some(fast) = &self.fast else {
            return false;
        };
        Tape::of(value).is_ok_and(|tape| fast.is_valid(tape.root()))
    }

    fn accepted_tape<'a>(&self, bytes: &'a [u8], max_depth: usize) -> Option<Tape<'a>> {
        let fast = self.fast.as_ref()?;
        let tape = Tape::parse(bytes, max_depth)?;
        fast.is_valid(tape.root()).then_some(tape)
    }

    /// Every violation of `value`, named under `part`, ordered by path so reports are
    /// stable.
    pub fn violations(&self, part: &str, value: &Value) -> Vec<Violation> {
        let mut violations: Vec<Violation> = self
            .validator
            .iter_errors(value)
            .map(|e| Violation::from_error(part, &e))
            .collect();
        violations.sort_by(|a, b| a.path.cmp(&b.path));
        violations
    }

    /// The kind of top-level field `name`; unknown fields are text.
    pub fn field(&self, name: &str) -> &FieldKind {
        self.fields.get(name).unwrap_or(&FieldKind::Text)
    }

    /// The kind of one item of field `name`: the inner kind for arrays.
    pub fn item_kind(&self, name: &str) -> &FieldKind {
        match self.field(name) {
            FieldKind::Array(inner) => inner,
            other => other,
        }
    }

    /// The names of the top-level fields.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    /// Required array fields. A query string has no form for an empty array (the client
    /// sends `[]` as no key at all), so the query reader fills these in as `[]`.
    pub fn required_arrays(&self) -> impl Iterator<Item = &str> {
        self.required_arrays.iter().map(String::as_str)
    }
}

/// A per-use cache: the macro puts one `static` of these beside each schema'd part.
pub struct SchemaCell(OnceLock<Result<CompiledSchema, String>>);

impl SchemaCell {
    /// An empty cell.
    pub const fn new() -> SchemaCell {
        SchemaCell(OnceLock::new())
    }

    /// The compiled schema of `T`, built on first use; a schema that does not compile is a
    /// server bug (500 naming the type).
    pub fn get<T: JsonSchema + ?Sized>(&self) -> Result<&CompiledSchema, ApiError> {
        self.0
            .get_or_init(CompiledSchema::of::<T>)
            .as_ref()
            .map_err(|e| ApiError::internal(e.clone()))
    }
}

impl Default for SchemaCell {
    fn default() -> Self {
        SchemaCell::new()
    }
}

fn required_fields(root: &Value) -> impl Iterator<Item = &str> {
    let defs = root.get("$defs").and_then(Value::as_object);
    resolve(root, defs)
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn field_kinds(root: &Value) -> HashMap<String, FieldKind> {
    let defs = root.get("$defs").and_then(Value::as_object);
    let object = resolve(root, defs);
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return HashMap::new();
    };
    properties
        .iter()
        .map(|(name, schema)| (name.clone(), kind_of(schema, defs, 0)))
        .collect()
}

fn resolve<'a>(schema: &'a Value, defs: Option<&'a Map<String, Value>>) -> &'a Value {
    let target = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .and_then(|name| defs?.get(name));
    target.unwrap_or(schema)
}

fn kind_of(schema: &Value, defs: Option<&Map<String, Value>>, depth: u8) -> FieldKind {
    let schema = resolve(schema, defs);
    if depth > 4 {
        return FieldKind::Text;
    }
    // `Option<T>` is `type: [T, "null"]` or `anyOf: [T, {type: null}]`.
    if let Some(first) = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
        .and_then(|all| {
            all.iter()
                .find(|s| s.get("type").and_then(Value::as_str) != Some("null"))
        })
    {
        return kind_of(first, defs, depth + 1);
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string"),
        _ => "string",
    };
    match ty {
        "integer" => FieldKind::Integer,
        "number" => FieldKind::Number,
        "boolean" => FieldKind::Boolean,
        "array" => FieldKind::Array(Box::new(
            schema
                .get("items")
                .map(|items| kind_of(items, defs, depth + 1))
                .unwrap_or(FieldKind::Text),
        )),
        _ => FieldKind::Text,
    }
}

/// Rewrites every whole float that fits an integer (`3.0`) as that integer. JSON Schema's
/// `integer` accepts `3.0` but serde's integer types do not; integers suit float fields
/// too, so after this whatever the schema accepts also deserializes.
pub fn whole_floats_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            let Some(f) = n.as_f64() else { return };
            // Only floats in these ranges convert exactly; `as` then cannot saturate.
            if f.fract() == 0.0 && (-9.2e18..=1.8e19).contains(&f) {
                if f < 0.0 {
                    *value = Value::from(f as i64);
                } else {
                    *value = Value::from(f as u64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_floats_as_integers),
        _ => {}
    }
}

/// Text as the JSON value `kind` wants; text that doesn't parse stays text, so the
/// validator names the field (`expected integer, got string`).
pub fn coerce(kind: &FieldKind, raw: &str) -> Value {
    match kind {
        FieldKind::Integer => raw
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| raw.parse::<u64>().map(Value::from))
            .unwrap_or_else(|_| Value::from(raw)),
        FieldKind::Number => raw
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::from(raw)),
        FieldKind::Boolean => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::from(raw),
        },
        FieldKind::Array(inner) => Value::Array(vec![coerce(inner, raw)]),
        FieldKind::Text => Value::from(raw),
    }
}

/// Builds an object from text pairs: repeated keys, and keys whose field is an array,
/// become arrays.
pub fn object_from_pairs<'a>(
    schema: &CompiledSchema,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Value {
    object_from_values(
        schema,
        pairs
            .into_iter()
            .map(|(key, raw)| (key.to_owned(), coerce(schema.item_kind(key), raw))),
    )
}

/// Builds an object from already-typed values, gathering repeated keys (and keys whose
/// field is an array) into arrays.
pub fn object_from_values(
    schema: &CompiledSchema,
    pairs: impl IntoIterator<Item = (String, Value)>,
) -> Value {
    let mut object = Map::new();
    for (key, value) in pairs {
        let is_array = matches!(schema.field(&key), FieldKind::Array(_));
        match object.get_mut(&key) {
            Some(Value::Array(items)) if is_array => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = match first {
                    Value::Array(mut items) => {
                        items.push(value);
                        Value::Array(items)
                    }
                    first => Value::Array(vec![first, value]),
                };
            }
            None => {
                let value = if is_array {
                    Value::Array(vec![value])
                } else {
                    value
                };
                object.insert(key, value);
            }
        }
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Query {
        page: u32,
        ratio: Option<f64>,
        tags: Vec<String>,
        ids: Vec<i32>,
        on: bool,
        name: String,
    }

    #[test]
    fn text_is_coerced_by_the_schema() {
        let schema = CompiledSchema::of::<Query>().unwrap();
        let value = object_from_pairs(
            &schema,
            [
                ("page", "2"),
                ("ratio", "0.5"),
                ("tags", "a"),
                ("ids", "1"),
                ("ids", "x"),
                ("on", "true"),
                ("name", "7"),
            ],
        );
        assert_eq!(
            value,
            serde_json::json!({"page": 2, "ratio": 0.5, "tags": ["a"], "ids": [1, "x"], "on": true, "name": "7"})
        );
        let errors = schema.violations("query", &value);
        assert_eq!(
            errors,
            vec![Violation::new(
                "query.ids[1]",
                "expected integer, got string"
            )]
        );
    }

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Category {
        name: String,
        subcategories: Vec<Category>,
    }

    #[test]
    fn recursive_types_validate_at_every_depth() {
        let schema = CompiledSchema::of::<Category>().unwrap();
        let ok =
            serde_json::json!({"name": "a", "subcategories": [{"name": "b", "subcategories": []}]});
        assert!(schema.is_valid(&ok));
        let bad = serde_json::json!({"name": "a", "subcategories": [{"name": 1, "subcategories": [{"name": "c"}]}]});
        let errors: Vec<String> = schema
            .violations("data", &bad)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            vec![
                "data.subcategories[0].name: expected string, got number",
                "data.subcategories[0].subcategories[0].subcategories: is required",
            ]
        );
    }
}

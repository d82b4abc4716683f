//! Comparing two JSON Schemas of the same place (a parameter, a body, a response) in the
//! direction data flows: what an old client sends must still be accepted (input), and
//! what the new server returns must still be what an old client expects (output).
//!
//! `$ref`s are followed in both documents; a pair of references already being compared
//! is not entered again, so recursive types terminate.

use std::collections::HashSet;

use serde_json::Value;

use super::change::{Changes, Severity};
use crate::manifest::schema::{properties, required, strings};
use crate::manifest::Manifest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Client → server: narrowing is breaking.
    Input,
    /// Server → client: widening is breaking.
    Output,
}

use Direction::{Input, Output};
use Severity::{Breaking, Compatible};

static ANY: Value = Value::Bool(true);

pub struct SchemaDiff<'m, 'c, 'r> {
    old: &'m Manifest,
    new: &'m Manifest,
    changes: &'r mut Changes<'c>,
    seen: HashSet<(String, String, Direction)>,
}

/// A schema with its nullability taken apart.
struct Shape<'a> {
    /// The `$ref` the schema was reached through, if any: the key for cycle detection.
    reference: Option<&'a str>,
    schema: &'a Value,
    nullable: bool,
    /// Empty: any type.
    kinds: Vec<&'a str>,
    /// The allowed values, for `enum`, `const` and unions of `const`s.
    values: Option<Vec<&'a Value>>,
    /// The members of a `oneOf`/`anyOf` that is not just a nullable wrapper.
    variants: Vec<&'a Value>,
}

impl<'m, 'c, 'r> SchemaDiff<'m, 'c, 'r> {
    pub fn new(old: &'m Manifest, new: &'m Manifest, changes: &'r mut Changes<'c>) -> Self {
        Self {
            old,
            new,
            changes,
            seen: HashSet::new(),
        }
    }

    pub fn compare(&mut self, old: &'m Value, new: &'m Value, dir: Direction, loc: &str) {
        let old_shape = shape(self.old, old);
        let new_shape = shape(self.new, new);
        if let (Some(a), Some(b)) = (old_shape.reference, new_shape.reference) {
            if !self.seen.insert((a.to_owned(), b.to_owned(), dir)) {
                return;
            }
        }
        self.compare_docs(old_shape.schema, new_shape.schema, loc);
        self.compare_nullable(&old_shape, &new_shape, dir, loc);
        if !self.compare_kinds(&old_shape, &new_shape, dir, loc) {
            return;
        }
        self.compare_values(&old_shape, &new_shape, dir, loc);
        self.compare_variants(&old_shape, &new_shape, dir, loc);
        self.compare_format(old_shape.schema, new_shape.schema, dir, loc);
        self.compare_bounds(old_shape.schema, new_shape.schema, dir, loc);
        self.compare_pattern(old_shape.schema, new_shape.schema, dir, loc);
        self.compare_closed(old_shape.schema, new_shape.schema, dir, loc);
        self.compare_objects(old_shape.schema, new_shape.schema, dir, loc);
        self.compare_arrays(old_shape.schema, new_shape.schema, dir, loc);
    }

    fn push(&mut self, severity: Severity, loc: &str, message: impl Into<String>) {
        self.changes.push(severity, loc, message);
    }

    fn compare_docs(&mut self, old: &Value, new: &Value, loc: &str) {
        if loc.is_empty() {
            return;
        }
        if old["description"] != new["description"] {
            self.push(Compatible, loc, "description changed");
        }
        match (old["deprecated"] == true, new["deprecated"] == true) {
            (false, true) => self.push(Compatible, loc, "deprecated"),
            (true, false) => self.push(Compatible, loc, "no longer deprecated"),
            _ => {}
        }
    }

    fn compare_nullable(&mut self, old: &Shape, new: &Shape, dir: Direction, loc: &str) {
        match (old.nullable, new.nullable, dir) {
            (false, true, Output) => self.push(Breaking, loc, "may now be null"),
            (false, true, Input) => self.push(Compatible, loc, "now accepts null"),
            (true, false, Output) => self.push(Compatible, loc, "is no longer null"),
            (true, false, Input) => self.push(Breaking, loc, "no longer accepts null"),
            _ => {}
        }
    }

    /// Whether the types are close enough to compare their insides.
    fn compare_kinds(&mut self, old: &Shape, new: &Shape, dir: Direction, loc: &str) -> bool {
        if same_kinds(&old.kinds, &new.kinds) {
            return true;
        }
        let (from, to) = (describe(&old.kinds), describe(&new.kinds));
        // Output may only narrow (the client handles a subset), input may only widen.
        let allowed = match dir {
            Output => covers(&old.kinds, &new.kinds),
            Input => covers(&new.kinds, &old.kinds),
        };
        if allowed {
            self.push(
                Compatible,
                loc,
                format!(
                    "type {} from {from} to {to}",
                    if dir == Input { "widened" } else { "narrowed" }
                ),
            );
            true
        } else {
            self.push(Breaking, loc, format!("type changed from {from} to {to}"));
            false
        }
    }

    fn compare_values(&mut self, old: &Shape, new: &Shape, dir: Direction, loc: &str) {
        match (&old.values, &new.values) {
            (Some(old_values), Some(new_values)) => {
                let removed = list(old_values.iter().filter(|v| !new_values.contains(v)));
                let added = list(new_values.iter().filter(|v| !old_values.contains(v)));
                if !removed.is_empty() {
                    match dir {
                        Input => self.push(Breaking, loc, format!("no longer accepts {removed}")),
                        Output => {
                            self.push(Compatible, loc, format!("no longer returns {removed}"))
                        }
                    }
                }
                if !added.is_empty() {
                    match dir {
                        Input => self.push(Compatible, loc, format!("now accepts {added}")),
                        Output => self.push(
                            Breaking,
                            loc,
                            format!("may now return {added} (old clients' types and exhaustive switches do not know it)"),
                        ),
                    }
                }
            }
            (Some(old_values), None) => match dir {
                Input => self.push(
                    Compatible,
                    loc,
                    format!("accepts any value, not only {}", list(old_values.iter())),
                ),
                Output => self.push(
                    Breaking,
                    loc,
                    format!("may return any value, not only {}", list(old_values.iter())),
                ),
            },
            (None, Some(new_values)) => match dir {
                Input => self.push(
                    Breaking,
                    loc,
                    format!("accepts only {}", list(new_values.iter())),
                ),
                Output => self.push(
                    Compatible,
                    loc,
                    format!("returns only {}", list(new_values.iter())),
                ),
            },
            (None, None) => {}
        }
    }

    fn compare_variants(&mut self, old: &Shape<'m>, new: &Shape<'m>, dir: Direction, loc: &str) {
        if old.variants.is_empty() && new.variants.is_empty() {
            return;
        }
        let old_keys: Vec<String> = old
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| variant_key(self.old, v, i))
            .collect();
        let new_keys: Vec<String> = new
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| variant_key(self.new, v, i))
            .collect();
        for (i, key) in old_keys.iter().enumerate() {
            match new_keys.iter().position(|k| k == key) {
                Some(j) => self.compare(
                    old.variants[i],
                    new.variants[j],
                    dir,
                    &format!("{loc}({key})"),
                ),
                None => match dir {
                    Input => self.push(Breaking, loc, format!("variant {key} no longer accepted")),
                    Output => {
                        self.push(Compatible, loc, format!("variant {key} no longer returned"))
                    }
                },
            }
        }
        for key in new_keys.iter().filter(|k| !old_keys.contains(k)) {
            match dir {
                Input => self.push(Compatible, loc, format!("variant {key} now accepted")),
                Output => self.push(
                    Breaking,
                    loc,
                    format!(
                        "variant {key} may now be returned (old clients' types and exhaustive switches do not know it)"
                    ),
                ),
            }
        }
    }

    fn compare_format(&mut self, old: &Value, new: &Value, dir: Direction, loc: &str) {
        let (a, b) = (old["format"].as_str(), new["format"].as_str());
        if a == b {
            return;
        }
        let describe = |f: Option<&str>| f.map_or_else(|| "none".to_owned(), |f| format!("{f:?}"));
        let message = format!("format changed from {} to {}", describe(a), describe(b));
        // Integer formats are ranges: fine when the receiving side's range still covers the sender's.
        let compatible = match (a.and_then(integer_range), b.and_then(integer_range), dir) {
            (Some(old_range), Some(new_range), Output) => range_covers(old_range, new_range),
            (Some(old_range), Some(new_range), Input) => range_covers(new_range, old_range),
            // Without a range: dropping a constraint on input, or adding one on output, is fine.
            _ => match dir {
                Input => b.is_none(),
                Output => a.is_none(),
            },
        };
        self.push(if compatible { Compatible } else { Breaking }, loc, message);
    }

    /// Numeric ranges and size limits: on input a bound may only loosen, on output only tighten.
    fn compare_bounds(&mut self, old: &Value, new: &Value, dir: Direction, loc: &str) {
        for (keyword, exclusive, side) in BOUNDS {
            let (a, b) = (
                bound(old, keyword, exclusive, side),
                bound(new, keyword, exclusive, side),
            );
            let tighter = match (&a, &b) {
                (None, None) => continue,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(x), Some(y)) => match x.tighter(y, side) {
                    None => continue,
                    Some(tighter) => tighter,
                },
            };
            let message = match (&a, &b) {
                (None, Some(y)) => format!("{} added", y.describe(keyword)),
                (Some(x), None) => format!("{} removed", x.describe(keyword)),
                (Some(x), Some(y)) => format!(
                    "{keyword} {} from {} to {}",
                    if tighter { "tightened" } else { "loosened" },
                    x.describe_value(),
                    y.describe_value()
                ),
                (None, None) => unreachable!("skipped above"),
            };
            let breaking = match dir {
                Input => tighter,
                Output => !tighter,
            };
            self.push(if breaking { Breaking } else { Compatible }, loc, message);
        }
    }

    /// A pattern added narrows, removed widens; a changed one cannot be proved either way.
    fn compare_pattern(&mut self, old: &Value, new: &Value, dir: Direction, loc: &str) {
        let (a, b) = (old["pattern"].as_str(), new["pattern"].as_str());
        let (severity, message) = match (a, b) {
            (x, y) if x == y => return,
            (None, Some(y)) => (
                if dir == Input { Breaking } else { Compatible },
                format!("pattern {y:?} added"),
            ),
            (Some(x), None) => (
                if dir == Input { Compatible } else { Breaking },
                format!("pattern {x:?} removed"),
            ),
            (Some(x), Some(y)) => (
                Breaking,
                format!(
                    "pattern changed from {x:?} to {y:?} (neither is known to contain the other)"
                ),
            ),
            (None, None) => return,
        };
        self.push(severity, loc, message);
    }

    /// `additionalProperties: false`: closing an input object refuses fields old clients may
    /// send; opening an output object lets the server send fields old clients refuse.
    fn compare_closed(&mut self, old: &Value, new: &Value, dir: Direction, loc: &str) {
        match (closed(old), closed(new), dir) {
            (false, true, Input) => self.push(
                Breaking,
                loc,
                "additionalProperties closed: fields not listed are now refused",
            ),
            (false, true, Output) => self.push(
                Compatible,
                loc,
                "additionalProperties closed: only listed fields are returned",
            ),
            (true, false, Input) => self.push(
                Compatible,
                loc,
                "additionalProperties opened: fields not listed are accepted",
            ),
            (true, false, Output) => self.push(
                Breaking,
                loc,
                "additionalProperties opened: fields not listed may be returned",
            ),
            _ => {}
        }
    }

    fn compare_objects(&mut self, old: &'m Value, new: &'m Value, dir: Direction, loc: &str) {
        let (old_req, new_req) = (required(old), required(new));
        for (name, old_prop) in properties(old) {
            let at = join(loc, name);
            let Some(new_prop) = new["properties"].get(name) else {
                match dir {
                    Output => self.push(Breaking, &at, "field removed"),
                    Input if closed(new) => self.push(
                        Breaking,
                        &at,
                        "field removed and unknown fields are refused",
                    ),
                    Input => self.push(
                        Compatible,
                        &at,
                        "field removed (clients still sending it rely on the server ignoring unknown fields)",
                    ),
                }
                continue;
            };
            match (
                old_req.contains(&name.as_str()),
                new_req.contains(&name.as_str()),
                dir,
            ) {
                (true, false, Output) => {
                    self.push(Breaking, &at, "field made optional (may be missing)")
                }
                (false, true, Output) => self.push(Compatible, &at, "field now always present"),
                (false, true, Input) => self.push(Breaking, &at, "field made required"),
                (true, false, Input) => self.push(Compatible, &at, "field made optional"),
                _ => {}
            }
            self.compare(old_prop, new_prop, dir, &at);
        }
        for (name, _) in properties(new).filter(|(n, _)| old["properties"].get(n).is_none()) {
            let at = join(loc, name);
            match (new_req.contains(&name.as_str()), dir) {
                (true, Input) => self.push(Breaking, &at, "required field added"),
                (false, Input) => self.push(Compatible, &at, "optional field added"),
                (_, Output) if closed(old) => self.push(
                    Breaking,
                    &at,
                    "field added where the old schema refused unknown fields",
                ),
                (_, Output) => self.push(Compatible, &at, "field added"),
            }
        }
        if let (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) = (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            self.compare(a, b, dir, &format!("{loc}[key]"));
        }
    }

    fn compare_arrays(&mut self, old: &'m Value, new: &'m Value, dir: Direction, loc: &str) {
        if let (Some(a), Some(b)) = (old["prefixItems"].as_array(), new["prefixItems"].as_array()) {
            if a.len() != b.len() {
                self.push(
                    Breaking,
                    loc,
                    format!("tuple length changed from {} to {}", a.len(), b.len()),
                );
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                self.compare(x, y, dir, &format!("{loc}[{i}]"));
            }
        }
        if let (Some(a), Some(b)) = (old.get("items"), new.get("items")) {
            self.compare(a, b, dir, &format!("{loc}[]"));
        }
    }
}

fn shape<'a>(manifest: &'a Manifest, schema: &'a Value) -> Shape<'a> {
    let reference = schema["$ref"].as_str();
    let schema = manifest.resolve(schema).unwrap_or(&ANY);
    let mut nullable = false;
    let mut variants: Vec<&Value> = Vec::new();
    for member in ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema[k].as_array())
        .flatten()
    {
        let resolved = manifest.resolve(member).unwrap_or(&ANY);
        if is_null(resolved) {
            nullable = true;
        } else {
            variants.push(member);
        }
    }
    // `anyOf: [T, null]` (an `Option<T>`) is T, nullable.
    if nullable && variants.len() == 1 && schema.get("properties").is_none() {
        let mut inner = shape(manifest, variants[0]);
        inner.nullable = true;
        return inner;
    }
    let mut kinds: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        types @ Value::Array(_) => strings(types),
        _ if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
            vec!["object"]
        }
        _ if schema.get("items").is_some() || schema.get("prefixItems").is_some() => vec!["array"],
        _ => Vec::new(),
    };
    if kinds.contains(&"null") {
        nullable = true;
        kinds.retain(|k| *k != "null");
    }
    let mut values: Option<Vec<&Value>> = match (schema.get("const"), &schema["enum"]) {
        (Some(value), _) => Some(vec![value]),
        (None, Value::Array(values)) => Some(values.iter().collect()),
        _ => None,
    };
    // A union of documented constants (how schemars writes unit enums with doc comments) is an enum.
    if !variants.is_empty() {
        let consts: Vec<&Value> = variants
            .iter()
            .filter_map(|v| {
                manifest
                    .resolve(v)
                    .and_then(|v| v.get("const").or_else(|| single_enum(v)))
            })
            .collect();
        if consts.len() == variants.len() {
            values = Some(consts);
            variants.clear();
        }
    }
    if let Some(vs) = &mut values {
        if vs.iter().any(|v| v.is_null()) {
            nullable = true;
            vs.retain(|v| !v.is_null());
        }
        if kinds.is_empty() {
            kinds = vs.iter().map(|v| kind_of(v)).collect();
            kinds.dedup();
        }
    }
    Shape {
        reference,
        schema,
        nullable,
        kinds,
        values,
        variants,
    }
}

fn single_enum(schema: &Value) -> Option<&Value> {
    match schema["enum"].as_array().map(Vec::as_slice) {
        Some([only]) => Some(only),
        _ => None,
    }
}

fn is_null(schema: &Value) -> bool {
    schema["type"] == "null" || schema.get("const").is_some_and(Value::is_null)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A union member's identity across versions: its type name, its constant, or the
/// constant of its tag property (`{"kind": {"const": "a"}}`), else its position.
fn variant_key(manifest: &Manifest, variant: &Value, index: usize) -> String {
    if let Some(reference) = variant["$ref"].as_str() {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    let variant = manifest.resolve(variant).unwrap_or(&ANY);
    if let Some(value) = variant.get("const") {
        return value.to_string();
    }
    for (name, property) in properties(variant) {
        let property = manifest.resolve(property).unwrap_or(&ANY);
        if let Some(value) = property.get("const").or_else(|| single_enum(property)) {
            return format!("{name}={value}");
        }
    }
    // Externally tagged enums: `{"properties": {"Variant": …}, "required": ["Variant"]}`.
    let mut names = properties(variant).map(|(name, _)| name);
    if let (Some(only), None) = (names.next(), names.next()) {
        return only.clone();
    }
    format!("#{index}")
}

fn same_kinds(a: &[&str], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().all(|k| b.contains(k))
}

/// Whether every value of kinds `inner` is also one of kinds `outer` (empty: any).
fn covers(outer: &[&str], inner: &[&str]) -> bool {
    if outer.is_empty() {
        return true;
    }
    if inner.is_empty() {
        return false;
    }
    inner
        .iter()
        .all(|k| outer.contains(k) || (*k == "integer" && outer.contains(&"number")))
}

fn describe(kinds: &[&str]) -> String {
    if kinds.is_empty() {
        "any".to_owned()
    } else {
        kinds.join(" | ")
    }
}

fn list<'a>(values: impl Iterator<Item = &'a &'a Value>) -> String {
    values.map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

fn join(loc: &str, name: &str) -> String {
    if loc.is_empty() {
        name.to_owned()
    } else {
        format!("{loc}.{name}")
    }
}

fn closed(schema: &Value) -> bool {
    schema.get("additionalProperties") == Some(&Value::Bool(false))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Lower,
    Upper,
}

/// Every bound keyword with its exclusive form, if it has one.
const BOUNDS: [(&str, Option<&str>, Side); 8] = [
    ("minimum", Some("exclusiveMinimum"), Side::Lower),
    ("maximum", Some("exclusiveMaximum"), Side::Upper),
    ("minLength", None, Side::Lower),
    ("maxLength", None, Side::Upper),
    ("minItems", None, Side::Lower),
    ("maxItems", None, Side::Upper),
    ("minProperties", None, Side::Lower),
    ("maxProperties", None, Side::Upper),
];

/// One side of a range: `minimum: 1`, or `exclusiveMinimum: 0` (3.1's number form; 3.0's
/// boolean form marks `minimum` itself exclusive).
struct Bound<'a> {
    value: &'a serde_json::Number,
    exclusive: bool,
}

fn bound<'a>(
    schema: &'a Value,
    keyword: &str,
    exclusive: Option<&str>,
    side: Side,
) -> Option<Bound<'a>> {
    let inclusive = match schema.get(keyword) {
        Some(Value::Number(n)) => Some(Bound {
            value: n,
            exclusive: exclusive.is_some_and(|k| schema[k] == true),
        }),
        _ => None,
    };
    let exclusive = match exclusive.and_then(|k| schema.get(k)) {
        Some(Value::Number(n)) => Some(Bound {
            value: n,
            exclusive: true,
        }),
        _ => None,
    };
    // Both present: the stricter one is the bound.
    match (inclusive, exclusive) {
        (Some(a), Some(b)) => Some(if a.tighter(&b, side) == Some(true) {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

impl Bound<'_> {
    /// Whether `new` admits fewer values on this side than `self`; `None` when the same.
    fn tighter(&self, new: &Bound, side: Side) -> Option<bool> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match (compare_numbers(self.value, new.value), side) {
            (Less, Side::Lower) | (Greater, Side::Upper) => Some(true),
            (Greater, Side::Lower) | (Less, Side::Upper) => Some(false),
            (Equal, _) if self.exclusive == new.exclusive => None,
            (Equal, _) => Some(new.exclusive),
        }
    }

    fn describe_value(&self) -> String {
        if self.exclusive {
            format!("exclusive {}", self.value)
        } else {
            self.value.to_string()
        }
    }

    fn describe(&self, keyword: &str) -> String {
        if self.exclusive {
            format!("exclusive {keyword} {}", self.value)
        } else {
            format!("{keyword} {}", self.value)
        }
    }
}

fn compare_numbers(a: &serde_json::Number, b: &serde_json::Number) -> std::cmp::Ordering {
    let wide = |n: &serde_json::Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (wide(a), wide(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => {
            let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal)
        }
    }
}

fn integer_range(format: &str) -> Option<(i128, i128)> {
    bffkit_contract::integer_format::range(format)
}

fn range_covers(outer: (i128, i128), inner: (i128, i128)) -> bool {
    outer.0 <= inner.0 && outer.1 >= inner.1
}

//! JSON Schema (2020-12, as `schemars` writes it) to TypeScript type expressions.
//!
//! The types say what `JSON.parse` gives: nullable is `T | null`, a property missing from
//! `required` is `?:`, every integer or number is `number` (see the 64-bit note in
//! `jsdoc.rs`), and a binary string (multipart file field) is a `Blob`.

use std::collections::HashMap;

use serde_json::Value;

use super::jsdoc::Doc;
use super::names;
use super::target::Target;
use crate::manifest::schema::{properties, required, strings};
use crate::manifest::Manifest;

/// How tightly a type expression binds, to know when it needs parentheses.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Binding {
    Union,
    Intersection,
    Primary,
}

struct Ty {
    text: String,
    binding: Binding,
}

impl Ty {
    fn primary(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            binding: Binding::Primary,
        }
    }

    fn at_least(self, binding: Binding) -> String {
        if self.binding < binding {
            format!("({})", self.text)
        } else {
            self.text
        }
    }
}

/// A member of an object type.
pub struct Field {
    pub key: String,
    pub ty: String,
    pub optional: bool,
    pub doc: Doc,
}

/// An object type literal, one member per line, each with its JSDoc.
pub fn object_literal(fields: &[Field], indent: usize) -> String {
    if fields.is_empty() {
        return "{}".to_owned();
    }
    let pad = " ".repeat(indent + 2);
    let mut out = String::from("{\n");
    for field in fields {
        out.push_str(&field.doc.render(indent + 2));
        let mark = if field.optional { "?" } else { "" };
        out.push_str(&format!(
            "{pad}{}{mark}: {};\n",
            names::property_key(&field.key),
            field.ty
        ));
    }
    out.push_str(&" ".repeat(indent));
    out.push('}');
    out
}

/// Nesting past this through inline (non-component) `$ref`s is cut off as `unknown`.
const MAX_INLINE_DEPTH: usize = 32;

pub struct TypeWriter<'a> {
    manifest: &'a Manifest,
    /// `$ref` string → exported type name.
    names: HashMap<String, String>,
    /// A binary string's type: `Blob` on the web; mini-programs have none, so a file part
    /// is its name and text content (files on disk go through the platform's upload API).
    binary: &'static str,
}

impl<'a> TypeWriter<'a> {
    pub fn new(manifest: &'a Manifest, names: HashMap<String, String>, target: Target) -> Self {
        let binary = if target.is_miniprogram() {
            "{ filename: string; content: string; contentType?: string }"
        } else {
            "Blob"
        };
        Self {
            manifest,
            names,
            binary,
        }
    }

    /// The type expression for `schema`, multi-line objects indented by `indent`.
    pub fn ts(&self, schema: &Value, indent: usize) -> String {
        self.render(schema, indent, 0).text
    }

    fn render(&self, schema: &Value, indent: usize, depth: usize) -> Ty {
        if !schema.is_object() {
            return Ty::primary(if *schema == false { "never" } else { "unknown" });
        }
        if let Some(reference) = schema["$ref"].as_str() {
            if let Some(name) = self.names.get(reference) {
                return Ty::primary(name.clone());
            }
            return match self.manifest.pointer(reference) {
                Some(target) if depth < MAX_INLINE_DEPTH => self.render(target, indent, depth + 1),
                _ => Ty::primary("unknown"),
            };
        }
        if let Some(value) = schema.get("const") {
            return literal(value);
        }
        if let Some(values) = schema["enum"].as_array() {
            return union(values.iter().map(literal).collect());
        }
        let mut parts = Vec::new();
        let variants: Vec<&Value> = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| schema[k].as_array())
            .flatten()
            .collect();
        if !variants.is_empty() {
            parts.push(union(
                variants
                    .into_iter()
                    .map(|v| self.render(v, indent, depth))
                    .collect(),
            ));
        }
        for member in schema["allOf"].as_array().into_iter().flatten() {
            parts.push(self.render(member, indent, depth));
        }
        let has_shape = [
            "type",
            "properties",
            "additionalProperties",
            "items",
            "prefixItems",
        ]
        .iter()
        .any(|k| schema.get(k).is_some());
        // A `type` next to `oneOf`/`anyOf` only repeats what the variants say.
        if has_shape && (parts.is_empty() || schema.get("properties").is_some()) {
            parts.insert(0, self.render_types(schema, indent, depth));
        }
        match parts.len() {
            0 => Ty::primary("unknown"),
            1 => parts.pop().expect("one part"),
            _ => Ty {
                text: parts
                    .into_iter()
                    .map(|p| p.at_least(Binding::Intersection))
                    .collect::<Vec<_>>()
                    .join(" & "),
                binding: Binding::Intersection,
            },
        }
    }

    fn render_types(&self, schema: &Value, indent: usize, depth: usize) -> Ty {
        let types: Vec<&str> = match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            types @ Value::Array(_) => strings(types),
            _ if schema.get("items").is_some() || schema.get("prefixItems").is_some() => {
                vec!["array"]
            }
            _ => vec!["object"],
        };
        let mut members: Vec<Ty> = Vec::new();
        for t in types {
            let ty = match t {
                "null" => Ty::primary("null"),
                "boolean" => Ty::primary("boolean"),
                "integer" | "number" => Ty::primary("number"),
                "string" if is_binary(schema) => Ty::primary(self.binary),
                "string" => Ty::primary("string"),
                "array" => self.render_array(schema, indent, depth),
                "object" => self.render_object(schema, indent, depth),
                _ => Ty::primary("unknown"),
            };
            if !members.iter().any(|m| m.text == ty.text) {
                members.push(ty);
            }
        }
        union(members)
    }

    fn render_array(&self, schema: &Value, indent: usize, depth: usize) -> Ty {
        if let Some(prefix) = schema["prefixItems"].as_array() {
            let mut items: Vec<String> = prefix
                .iter()
                .map(|s| self.render(s, indent, depth).text)
                .collect();
            match schema.get("items") {
                None | Some(Value::Bool(false)) => {}
                Some(rest) => items.push(format!(
                    "...{}[]",
                    self.render(rest, indent, depth).at_least(Binding::Primary)
                )),
            }
            return Ty::primary(format!("[{}]", items.join(", ")));
        }
        let item = match schema.get("items") {
            Some(items) => self.render(items, indent, depth),
            None => Ty::primary("unknown"),
        };
        Ty::primary(format!("{}[]", item.at_least(Binding::Primary)))
    }

    fn render_object(&self, schema: &Value, indent: usize, depth: usize) -> Ty {
        let required = required(schema);
        let fields: Vec<Field> = properties(schema)
            .map(|(key, property)| Field {
                key: key.clone(),
                ty: self.render(property, indent + 2, depth).text,
                optional: !required.contains(&key.as_str()),
                doc: Doc::of_schema(property),
            })
            .collect();
        let rest = match schema.get("additionalProperties") {
            None if fields.is_empty() => Some(Ty::primary("unknown")),
            None | Some(Value::Bool(false)) => None,
            Some(values) => Some(self.render(values, indent, depth)),
        };
        match (fields.is_empty(), rest) {
            (true, None) => Ty::primary("Record<string, never>"),
            (true, Some(values)) => Ty::primary(format!("{{ [key: string]: {} }}", values.text)),
            (false, None) => Ty::primary(object_literal(&fields, indent)),
            // An index signature must admit every named property, so the named part and
            // the open part are intersected instead.
            (false, Some(values)) => Ty {
                text: format!(
                    "{} & {{ [key: string]: {} }}",
                    object_literal(&fields, indent),
                    values.text
                ),
                binding: Binding::Intersection,
            },
        }
    }
}

fn is_binary(schema: &Value) -> bool {
    schema["contentMediaType"] == "application/octet-stream" || schema["format"] == "binary"
}

fn literal(value: &Value) -> Ty {
    match value {
        Value::Null => Ty::primary("null"),
        Value::Bool(_) | Value::Number(_) | Value::String(_) => Ty::primary(value.to_string()),
        _ => Ty::primary("unknown"),
    }
}

fn union(members: Vec<Ty>) -> Ty {
    let mut unique: Vec<Ty> = Vec::new();
    for member in members {
        if !unique.iter().any(|m| m.text == member.text) {
            unique.push(member);
        }
    }
    match unique.len() {
        0 => Ty::primary("never"),
        1 => unique.pop().expect("one member"),
        _ => Ty {
            text: unique
                .into_iter()
                .map(|m| m.at_least(Binding::Intersection))
                .collect::<Vec<_>>()
                .join(" | "),
            binding: Binding::Union,
        },
    }
}

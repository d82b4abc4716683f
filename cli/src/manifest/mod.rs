//! The bffkit OpenAPI 3.1 manifest: loading it (file, `http://` or `https://` URL) and reading
//! it into the contract's model, then its operations into what the code generator and the
//! diff share.

mod http;
mod operation;
pub mod schema;

use std::path::Path;

use bffkit_contract::manifest::{BuiltinEndpoint, Document, InfoExtension};
use serde_json::Value;

pub use bffkit_contract::manifest::{BodyKind, Location};
pub use operation::{Operation, Param, Response};

/// A parsed manifest document.
pub struct Manifest {
    /// The document as written: `$ref` targets are looked up here.
    pub doc: Value,
    /// The document in the contract's model, with references to path items, parameters,
    /// bodies and responses followed. Object keys come sorted (serde_json without
    /// `preserve_order`), as in every manifest bffkit writes.
    pub model: Document,
}

impl Manifest {
    /// Reads `source`: an `http://` or `https://` URL (fetched) or a file path.
    pub fn load(source: &str) -> Result<Self, String> {
        let bytes = if source.starts_with("http://") || source.starts_with("https://") {
            http::get(source)?
        } else {
            std::fs::read(Path::new(source)).map_err(|e| format!("failed to read {source}: {e}"))?
        };
        Self::parse(&bytes).map_err(|e| format!("{source}: {e}"))
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let doc: Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        match doc["openapi"].as_str() {
            Some(v) if v.starts_with("3.1") => {}
            Some(v) => {
                return Err(format!(
                    "OpenAPI version {v} is not supported (bffkit manifests are 3.1)"
                ))
            }
            None => return Err("not an OpenAPI document (no \"openapi\" version field)".into()),
        }
        if !matches!(doc.get("paths"), Some(Value::Object(_)) | None) {
            return Err("\"paths\" must be an object".into());
        }
        let mut dangling = Vec::new();
        find_dangling_refs(&doc, &doc, &mut dangling);
        if !dangling.is_empty() {
            dangling.dedup();
            return Err(format!(
                "$ref targets not found in the document: {}",
                dangling.join(", ")
            ));
        }
        let followed = follow_structural_refs(&doc)?;
        let model: Document =
            serde_json::from_value(followed).map_err(|e| format!("not a bffkit manifest: {e}"))?;
        Ok(Self { doc, model })
    }

    pub fn title(&self) -> &str {
        self.model.info.title.as_deref().unwrap_or("API")
    }

    pub fn version(&self) -> &str {
        self.model.info.version.as_deref().unwrap_or("")
    }

    /// `info.x-bffkit`: the server's settings and error code table, when it says them.
    pub fn bffkit_info(&self) -> Option<&InfoExtension> {
        self.model.info.bffkit.as_ref()
    }

    /// Where the batch endpoint is and whether success bodies are enveloped.
    pub fn runtime_settings(&self) -> RuntimeSettings {
        match self.bffkit_info() {
            Some(ext) => RuntimeSettings {
                batch_path: ext.batch_path(),
                envelope: ext.envelope,
            },
            None => RuntimeSettings {
                batch_path: BuiltinEndpoint::Batch.path("/api"),
                envelope: false,
            },
        }
    }

    /// `components.schemas`, sorted by name.
    pub fn schemas(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.model.components.schemas.iter()
    }

    /// Follows a local `$ref` (`#/components/schemas/Name`, or any JSON pointer into the
    /// document) until a non-reference; `None` for a dangling or external reference.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> Option<&'a Value> {
        resolve(&self.doc, value)
    }

    /// The value a `#/…` JSON pointer names.
    pub fn pointer(&self, reference: &str) -> Option<&Value> {
        pointer(&self.doc, reference)
    }

    /// Every operation, sorted by path, internal ones included.
    pub fn operations(&self) -> Result<Vec<Operation<'_>>, String> {
        let mut operations = Vec::new();
        for (path, item) in self.model.paths.iter() {
            for (method, op) in &item.operations {
                // A fetch-based client cannot send `CONNECT`; the diff leaves it out too.
                if *method != bffkit_contract::Method::Connect {
                    operations.push(Operation::read(path, *method, item, op)?);
                }
            }
        }
        Ok(operations)
    }
}

pub struct RuntimeSettings {
    pub batch_path: String,
    pub envelope: bool,
}

/// The value a `#/…` JSON pointer names in `doc`.
fn pointer<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

/// Follows `$ref`s from `value` until a non-reference.
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..64 {
        let Some(reference) = value["$ref"].as_str() else {
            return Some(value);
        };
        value = pointer(doc, reference)?;
    }
    None
}

fn find_dangling_refs(doc: &Value, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                match member.as_str() {
                    Some(reference) if key == "$ref" && pointer(doc, reference).is_none() => {
                        out.push(reference.to_owned())
                    }
                    _ => find_dangling_refs(doc, member, out),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| find_dangling_refs(doc, item, out)),
        _ => {}
    }
}

/// The document with references to path items, parameters, request bodies and responses
/// replaced by their targets, so the model reads them like inline ones. Schema references
/// stay: the generator names them.
fn follow_structural_refs(doc: &Value) -> Result<Value, String> {
    let follow = |value: &Value, what: &str| {
        resolve(doc, value)
            .cloned()
            .ok_or_else(|| format!("{what}: $ref does not resolve"))
    };
    let mut out = doc.clone();
    let Some(paths) = out.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(out);
    };
    for (path, item) in paths.iter_mut() {
        *item = follow(item, &format!("paths.{path}"))?;
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (key, member) in item.iter_mut() {
            if key == "parameters" {
                follow_each(member, &follow, &format!("{path} parameters"))?;
                continue;
            }
            let Some(op) = member.as_object_mut() else {
                continue;
            };
            for (key, part) in op.iter_mut() {
                match key.as_str() {
                    "parameters" => follow_each(part, &follow, &format!("{path} parameters"))?,
                    "requestBody" => *part = follow(part, &format!("{path} requestBody"))?,
                    "responses" => {
                        for (status, response) in part.as_object_mut().into_iter().flatten() {
                            *response = follow(response, &format!("{path} {status}"))?;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(out)
}

fn follow_each(
    list: &mut Value,
    follow: &impl Fn(&Value, &str) -> Result<Value, String>,
    what: &str,
) -> Result<(), String> {
    for item in list.as_array_mut().into_iter().flatten() {
        *item = follow(item, what)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_to_parameters_bodies_and_responses_are_followed() {
        let text = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
          "paths": {"/a/{id}": {"parameters": [{"$ref": "#/components/parameters/Id"}],
            "post": {"requestBody": {"$ref": "#/components/requestBodies/B"},
                     "responses": {"200": {"$ref": "#/components/responses/Ok"}}}}},
          "components": {
            "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}},
            "requestBodies": {"B": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}}},
            "responses": {"Ok": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}}}"##;
        let manifest = Manifest::parse(text.as_bytes()).unwrap();
        let operations = manifest.operations().unwrap();
        let [op] = &operations[..] else {
            panic!("one operation expected")
        };
        assert_eq!(op.method, "POST");
        assert_eq!(op.params[0].name, "id");
        assert!(op
            .body
            .as_ref()
            .is_some_and(|b| b.required && b.kind == BodyKind::Json));
        assert!(matches!(op.response, Response::Json(schema) if schema["type"] == "string"));
        assert_eq!(manifest.runtime_settings().batch_path, "/api/_batch");
    }
}

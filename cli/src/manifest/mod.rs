//! The bffkit OpenAPI 3.1 manifest: loading it (file, `http://` or `https://` URL) and reading
//! it into the contract's model, then its operations into what the code generator and the
//! diff share.

mod http;
mod operation;

use std::path::Path;

use bffkit_contract::manifest::{BuiltinEndpoint, Document, InfoExtension};

use crate::json::Json;

pub use bffkit_contract::manifest::{BodyKind, Location};
pub use operation::{Operation, Param, Response};

/// A parsed manifest document.
pub struct Manifest {
    /// The document as written: `$ref` targets are looked up here.
    pub doc: Json,
    /// The document in the contract's model, with references to path items, parameters,
    /// bodies and responses followed. Schemas keep the document's key order.
    pub model: Document<Json>,
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
        let doc: Json =
            serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        match doc.at("openapi").as_str() {
            Some(v) if v.starts_with("3.1") => {}
            Some(v) => {
                return Err(format!(
                    "OpenAPI version {v} is not supported (bffkit manifests are 3.1)"
                ))
            }
            None => return Err("not an OpenAPI document (no \"openapi\" version field)".into()),
        }
        if !matches!(doc.get("paths"), Some(Json::Object(_)) | None) {
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
        let model: Document<Json> = serde_json::from_str(&followed.to_compact())
            .map_err(|e| format!("not a bffkit manifest: {e}"))?;
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

    /// `components.schemas` in document order.
    pub fn schemas(&self) -> &[(String, Json)] {
        &self.model.components.schemas.0
    }

    /// Follows a local `$ref` (`#/components/schemas/Name`, or any JSON pointer into the
    /// document) until a non-reference; `None` for a dangling or external reference.
    pub fn resolve<'a>(&'a self, value: &'a Json) -> Option<&'a Json> {
        resolve(&self.doc, value)
    }

    /// The value a `#/…` JSON pointer names.
    pub fn pointer(&self, reference: &str) -> Option<&Json> {
        pointer(&self.doc, reference)
    }

    /// Every operation, in document order, internal ones included.
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
fn pointer<'a>(doc: &'a Json, reference: &str) -> Option<&'a Json> {
    let pointer = reference.strip_prefix('#')?;
    let mut value = doc;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        value = match value {
            Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            other => other.get(&token)?,
        };
    }
    Some(value)
}

/// Follows `$ref`s from `value` until a non-reference.
fn resolve<'a>(doc: &'a Json, mut value: &'a Json) -> Option<&'a Json> {
    for _ in 0..64 {
        let Some(reference) = value.at("$ref").as_str() else {
            return Some(value);
        };
        value = pointer(doc, reference)?;
    }
    None
}

fn find_dangling_refs(doc: &Json, value: &Json, out: &mut Vec<String>) {
    match value {
        Json::Object(members) => {
            for (key, member) in members {
                match member.as_str() {
                    Some(reference) if key == "$ref" && pointer(doc, reference).is_none() => {
                        out.push(reference.to_owned())
                    }
                    _ => find_dangling_refs(doc, member, out),
                }
            }
        }
        Json::Array(items) => items
            .iter()
            .for_each(|item| find_dangling_refs(doc, item, out)),
        _ => {}
    }
}

/// The document with references to path items, parameters, request bodies and responses
/// replaced by their targets, so the model reads them like inline ones. Schema references
/// stay: the generator names them.
fn follow_structural_refs(doc: &Json) -> Result<Json, String> {
    let follow = |value: &Json, what: &str| {
        resolve(doc, value)
            .cloned()
            .ok_or_else(|| format!("{what}: $ref does not resolve"))
    };
    let mut out = doc.clone();
    let Json::Object(members) = &mut out else {
        return Ok(out);
    };
    let Some((_, Json::Object(paths))) = members.iter_mut().find(|(k, _)| k == "paths") else {
        return Ok(out);
    };
    for (path, item) in paths.iter_mut() {
        *item = follow(item, &format!("paths.{path}"))?;
        let Json::Object(item) = item else { continue };
        for (key, member) in item.iter_mut() {
            if key == "parameters" {
                follow_each(member, &follow, &format!("{path} parameters"))?;
                continue;
            }
            let Json::Object(op) = member else { continue };
            for (key, part) in op.iter_mut() {
                match key.as_str() {
                    "parameters" => follow_each(part, &follow, &format!("{path} parameters"))?,
                    "requestBody" => *part = follow(part, &format!("{path} requestBody"))?,
                    "responses" => {
                        if let Json::Object(responses) = part {
                            for (status, response) in responses.iter_mut() {
                                *response = follow(response, &format!("{path} {status}"))?;
                            }
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
    list: &mut Json,
    follow: &impl Fn(&Json, &str) -> Result<Json, String>,
    what: &str,
) -> Result<(), String> {
    if let Json::Array(items) = list {
        for item in items.iter_mut() {
            *item = follow(item, what)?;
        }
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
        assert!(
            matches!(op.response, Response::Json(schema) if schema.at("type").as_str() == Some("string"))
        );
        assert_eq!(manifest.runtime_settings().batch_path, "/api/_batch");
    }
}

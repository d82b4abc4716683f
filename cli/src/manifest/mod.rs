//! The bffkit OpenAPI 3.1 manifest: loading it (file, `http://` or `https://` URL) and reading its
//! operations into a small model the code generator and the diff share.

mod http;
mod operation;

use std::path::Path;

use bffkit_contract::manifest::{extension, BuiltinEndpoint};
use bffkit_contract::Method;

use crate::json::Json;

pub use bffkit_contract::manifest::{BodyKind, Location};
pub use operation::{Operation, Param, Response};

/// A parsed manifest document.
pub struct Manifest {
    pub doc: Json,
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
        let manifest = Self { doc };
        let mut dangling = Vec::new();
        manifest.find_dangling_refs(&manifest.doc, &mut dangling);
        if !dangling.is_empty() {
            dangling.dedup();
            return Err(format!(
                "$ref targets not found in the document: {}",
                dangling.join(", ")
            ));
        }
        Ok(manifest)
    }

    fn find_dangling_refs(&self, value: &Json, out: &mut Vec<String>) {
        match value {
            Json::Object(members) => {
                for (key, member) in members {
                    match member.as_str() {
                        Some(reference) if key == "$ref" && self.pointer(reference).is_none() => {
                            out.push(reference.to_owned())
                        }
                        _ => self.find_dangling_refs(member, out),
                    }
                }
            }
            Json::Array(items) => items
                .iter()
                .for_each(|item| self.find_dangling_refs(item, out)),
            _ => {}
        }
    }

    pub fn title(&self) -> &str {
        self.doc.at("info").at("title").as_str().unwrap_or("API")
    }

    pub fn version(&self) -> &str {
        self.doc.at("info").at("version").as_str().unwrap_or("")
    }

    /// `info.x-bffkit`: where the batch endpoint is and whether success bodies are enveloped.
    pub fn runtime_settings(&self) -> RuntimeSettings {
        let ext = self.bffkit_info();
        let prefix = ext.at("prefix").as_str().unwrap_or("/api");
        RuntimeSettings {
            batch_path: ext
                .at("batchPath")
                .as_str()
                .map_or_else(|| BuiltinEndpoint::Batch.path(prefix), str::to_owned),
            envelope: ext.is_true("envelope"),
        }
    }

    /// `info.x-bffkit`: the server's settings and error code table.
    pub fn bffkit_info(&self) -> &Json {
        self.doc.at("info").at(extension::INFO)
    }

    /// `components.schemas` in document order.
    pub fn schemas(&self) -> &[(String, Json)] {
        self.doc.at("components").at("schemas").members()
    }

    /// Follows a local `$ref` (`#/components/schemas/Name`, or any JSON pointer into the
    /// document) until a non-reference; `None` for a dangling or external reference.
    pub fn resolve<'a>(&'a self, mut value: &'a Json) -> Option<&'a Json> {
        for _ in 0..64 {
            let Some(reference) = value.at("$ref").as_str() else {
                return Some(value);
            };
            value = self.pointer(reference)?;
        }
        None
    }

    /// The value a `#/…` JSON pointer names.
    pub fn pointer(&self, reference: &str) -> Option<&Json> {
        let pointer = reference.strip_prefix('#')?;
        let mut value = &self.doc;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            value = match value {
                Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                other => other.get(&token)?,
            };
        }
        Some(value)
    }

    /// Every operation, in document order, internal ones included.
    pub fn operations(&self) -> Result<Vec<Operation<'_>>, String> {
        let mut operations = Vec::new();
        for (path, item) in self.doc.at("paths").members() {
            let item = self
                .resolve(item)
                .ok_or_else(|| format!("paths.{path}: dangling $ref"))?;
            for (key, op) in item.members() {
                // A fetch-based client cannot send `CONNECT`; the diff leaves it out too.
                match Method::from_openapi_key(key) {
                    Some(Method::Connect) | None => {}
                    Some(_) => operations.push(Operation::read(self, path, key, item, op)?),
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

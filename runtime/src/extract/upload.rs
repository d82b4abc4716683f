//! `UploadedFile`: a file part of a `multipart/form-data` body, streamed to a temporary
//! file that lives until the handler returns.

use std::path::PathBuf;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// A file sent in a `form_data` body. Its bytes are on disk at [`path`](Self::path), never
/// wholly in memory; the file is deleted once the handler has answered.
///
/// Its schema is `{"type": "string", "format": "binary"}`, as OpenAPI describes uploads:
///
/// ```
/// #[bffkit::schema]
/// pub struct Upload { pub title: String, pub file: bffkit::UploadedFile }
///
/// let schema = schemars::schema_for!(Upload);
/// assert_eq!(
///     schema.as_value()["properties"]["file"],
///     serde_json::json!({ "type": "string", "format": "binary" })
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    /// The name the client gave, if any.
    pub file_name: Option<String>,
    /// The part's `content-type`, if any.
    pub content_type: Option<String>,
    /// Where the bytes are.
    pub path: PathBuf,
    /// How many bytes.
    pub size: u64,
}

impl JsonSchema for UploadedFile {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UploadedFile".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "binary" })
    }
}

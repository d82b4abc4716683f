//! The manifest document as serde types: what bffkit writes and reads back.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::Method;
use std::collections::BTreeMap;

fn is_false(value: &bool) -> bool {
    !*value
}

/// The whole OpenAPI 3.1 document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The OpenAPI version (`3.1.0`).
    pub openapi: String,
    /// Title, version and bffkit's settings.
    #[serde(default)]
    pub info: Info,
    /// Every path, sorted.
    #[serde(default)]
    pub paths: BTreeMap<String, PathItem>,
    /// Schemas and security schemes.
    #[serde(default)]
    pub components: Components,
    /// The tags operations are grouped by (the operations endpoints').
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Whatever else the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// One entry of `tags`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// The name operations list in their `tags`.
    pub name: String,
    /// What the group holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Info {
    /// The package name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The package version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// bffkit's settings; absent from documents other tools wrote.
    #[serde(rename = "x-bffkit", default, skip_serializing_if = "Option::is_none")]
    pub bffkit: Option<InfoExtension>,
    /// What the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `info.x-bffkit`: what a client runtime needs to know about the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfoExtension {
    /// The route prefix.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Whether successes are wrapped in `{data, msg, code}`.
    #[serde(default)]
    pub envelope: bool,
    /// Where the batch endpoint is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_path: Option<String>,
    /// The error code table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_codes: Vec<ErrorCodeEntry>,
}

impl InfoExtension {
    /// The batch endpoint's path: `batchPath`, else the one under the prefix.
    pub fn batch_path(&self) -> String {
        self.batch_path.clone().unwrap_or_else(|| {
            super::BuiltinEndpoint::Batch.path(self.prefix.as_deref().unwrap_or("/api"))
        })
    }
}

/// One row of the error code table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorCodeEntry {
    /// The numeric code in the body.
    pub code: u32,
    /// The HTTP status it comes with.
    pub status: u16,
    /// Its name (`BAD_REQUEST`).
    pub name: String,
}

/// `components`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    /// Named schemas, sorted by name.
    #[serde(default)]
    pub schemas: BTreeMap<String, Value>,
    /// Sign-in and middleware security schemes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub security_schemes: BTreeMap<String, Value>,
    /// What the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// One path's operations, keyed by method (`CONNECT` under [`CONNECT`](super::extension::CONNECT)).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathItem {
    /// The operations, in the order the object lists them.
    pub operations: Vec<(Method, Operation)>,
    /// Parameters shared by every operation (an operation's own win).
    pub parameters: Vec<Parameter>,
    /// Everything else (`parameters`, `$ref`, `summary`, …), as written.
    pub other: BTreeMap<String, Value>,
}

impl PathItem {
    /// Sets the operation for `method`, replacing one already there.
    pub fn set(&mut self, method: Method, operation: Operation) {
        match self.operations.iter_mut().find(|(m, _)| *m == method) {
            Some(slot) => slot.1 = operation,
            None => self.operations.push((method, operation)),
        }
    }

    /// Every operation, to change in place.
    pub fn operations_mut(&mut self) -> impl Iterator<Item = &mut Operation> {
        self.operations.iter_mut().map(|(_, operation)| operation)
    }
}

impl Serialize for PathItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (method, operation) in &self.operations {
            map.serialize_entry(method.openapi_key(), operation)?;
        }
        if !self.parameters.is_empty() {
            map.serialize_entry("parameters", &self.parameters)?;
        }
        for (key, value) in self.other.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for PathItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;

        impl<'de> Visitor<'de> for Members {
            type Value = PathItem;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an OpenAPI path item")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<PathItem, A::Error> {
                let mut item = PathItem::default();
                while let Some(key) = access.next_key::<String>()? {
                    match Method::from_openapi_key(&key) {
                        Some(method) => {
                            item.set(method, access.next_value()?);
                        }
                        None if key == "parameters" => item.parameters = access.next_value()?,
                        None => {
                            item.other.insert(key, access.next_value()?);
                        }
                    }
                }
                Ok(item)
            }
        }

        deserializer.deserialize_map(Members)
    }
}

/// One operation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// A unique name (the generated client's function name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// The first paragraph of the handler's doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The rest of the doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the operation is deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Why it is deprecated.
    #[serde(
        rename = "x-bffkit-deprecated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deprecated_reason: Option<String>,
    /// Its rate limits; it answers 429 past them.
    #[serde(
        rename = "x-bffkit-rate-limit",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub rate_limits: Vec<RateLimitEntry>,
    /// A built-in endpoint.
    #[serde(
        rename = "x-bffkit-internal",
        default,
        skip_serializing_if = "is_false"
    )]
    pub internal: bool,
    /// Never batched: its answer sets a cookie.
    #[serde(
        rename = "x-bffkit-unbatched",
        default,
        skip_serializing_if = "is_false"
    )]
    pub unbatched: bool,
    /// Upgrades to a WebSocket.
    #[serde(
        rename = "x-bffkit-websocket",
        default,
        skip_serializing_if = "is_false"
    )]
    pub websocket: bool,
    /// The errors the handler declares.
    #[serde(
        rename = "x-bffkit-errors",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub errors: Vec<DeclaredErrorEntry>,
    /// Path, query, header and cookie parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// The body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Responses by status, sorted.
    #[serde(default)]
    pub responses: BTreeMap<String, Response>,
    /// The security requirements; absent when the app has no sign-in or middleware schemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<Value>>,
    /// Tags (the operations endpoints').
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// What the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `{status, code?, name?}` in [`ERRORS`](super::extension::ERRORS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredErrorEntry {
    /// The HTTP status.
    pub status: u16,
    /// The code in the body, when declared with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    /// The code's name, when declared by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A dynamic segment.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

impl Location {
    /// Every location.
    pub const ALL: [Location; 4] = [
        Location::Path,
        Location::Query,
        Location::Header,
        Location::Cookie,
    ];

    /// The location OpenAPI names so (`in`).
    pub fn from_name(name: &str) -> Option<Location> {
        Location::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Its name in OpenAPI (`in`).
    pub fn name(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// Where it is read from.
    #[serde(rename = "in")]
    pub location: Location,
    /// Whether a request must carry it.
    #[serde(default)]
    pub required: bool,
    /// Its schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// What it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether it is deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// A catch-all path parameter.
    #[serde(
        rename = "x-bffkit-catch-all",
        default,
        skip_serializing_if = "is_false"
    )]
    pub catch_all: bool,
    /// `style`, `explode` and whatever else the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `requestBody`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestBody {
    /// Whether a request must carry a body.
    #[serde(default)]
    pub required: bool,
    /// One media type for a bffkit route.
    #[serde(default)]
    pub content: BTreeMap<String, MediaType>,
    /// What the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// One response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// What the status means.
    #[serde(default)]
    pub description: String,
    /// The body by media type; empty for no body.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub content: BTreeMap<String, MediaType>,
    /// The folder middleware that may answer with this status.
    #[serde(
        rename = "x-bffkit-middleware",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub middleware: Vec<MiddlewareEntry>,
    /// What the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `{file, description}` in [`MIDDLEWARE`](super::extension::MIDDLEWARE).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiddlewareEntry {
    /// The `_middleware.rs` file, relative to the crate root.
    pub file: String,
    /// What its answer means.
    pub description: String,
}

/// One media type of a body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MediaType {
    /// The body's schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// For a stream, each event's data.
    #[serde(
        rename = "x-itemSchema",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub item_schema: Option<Value>,
    /// What the model leaves open.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// One limit of an operation's `x-bffkit-rate-limit` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitEntry {
    /// The limit's name (`RateLimit-Policy` names it too).
    pub name: String,
    /// Requests admitted per period.
    pub requests: u64,
    /// The period in seconds.
    pub period_secs: u64,
    /// Requests admitted at once above the steady rate.
    pub burst: u64,
    /// What it counts by: `ip`, `user`, `api_key` or `app:<name>`.
    pub key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const API_JSON: &str = include_str!("../../../api.json");

    #[test]
    fn the_demo_manifest_round_trips() {
        let document: Document = serde_json::from_str(API_JSON).unwrap();
        let written = serde_json::to_value(&document).unwrap();
        let original: Value = serde_json::from_str(API_JSON).unwrap();
        assert!(written == original, "the model lost or changed something");
        // The typed parts were read, not left in `other`.
        let bffkit = document.info.bffkit.as_ref().unwrap();
        assert_eq!(bffkit.prefix.as_deref(), Some("/api"));
        assert_eq!(bffkit.batch_path(), "/api/_batch");
        assert!(!bffkit.error_codes.is_empty());
        assert!(document.other.is_empty(), "tags are typed");
        let hello = document.paths.get("/api/hello").unwrap();
        assert!(hello.other.is_empty());
        let (method, get) = &hello.operations[0];
        assert_eq!(*method, Method::Get);
        assert!(get.other.is_empty() && get.responses.contains_key("200"));
        let tunnel = document
            .paths
            .values()
            .flat_map(|item| &item.operations)
            .find(|(m, _)| *m == Method::Connect);
        assert!(tunnel.is_some(), "CONNECT is read from its extension");
        assert!(document
            .paths
            .values()
            .flat_map(|item| &item.operations)
            .all(|(_, op)| op.other.is_empty()));
    }
}

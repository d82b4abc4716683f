//! Reading a `match` route's request: each part is parsed to JSON, validated against its
//! type's schema, then deserialized. Violations from every part are collected, so one 400
//! lists them all:
//!
//! ```json
//! {"code": 20001, "msg": "data.name: expected string, got number; query.page: must be >= 1",
//!  "data": {"errors": [{"path": "data.name", "message": "expected string, got number"}, ...]}}
//! ```

mod body;
mod multipart;
mod parts;

use http::request::Parts;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::extract::rejection::MatchRejection;
use crate::schema::{whole_floats_as_integers, CompiledSchema, SchemaCell, Violation};

/// A request being read for a `match` route. Holds uploaded temporary files until the
/// handler is done with them.
pub struct MatchRequest {
    parts: Parts,
    ctx: AppContext,
    violations: Vec<Violation>,
    uploads: Vec<tempfile::TempPath>,
}

impl MatchRequest {
    /// Starts reading a request.
    pub fn new(parts: Parts, ctx: &AppContext) -> MatchRequest {
        MatchRequest {
            parts,
            ctx: ctx.clone(),
            violations: Vec::new(),
            uploads: Vec::new(),
        }
    }

    /// The request head, for the handler's other extractors.
    pub fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }

    /// Ends validation: every violation so far, as one 400.
    pub fn finish(&mut self) -> Result<(), ApiError> {
        if self.violations.is_empty() {
            return Ok(());
        }
        let violations = std::mem::take(&mut self.violations);
        Err(MatchRejection::Invalid { violations }.into())
    }

    /// A part's value after [`finish`](Self::finish) said the request is valid.
    pub fn take<T>(&self, part: Option<T>) -> Result<T, ApiError> {
        part.ok_or_else(|| MatchRejection::PartNotRead.into())
    }

    /// Validates `value` against `T`'s schema and deserializes it; `None` (with the
    /// violations recorded) when it breaks the schema.
    fn check<T: DeserializeOwned + JsonSchema>(
        &mut self,
        part: &str,
        schema: &CompiledSchema,
        mut value: Value,
    ) -> Option<T> {
        whole_floats_as_integers(&mut value);
        if !schema.is_valid(&value) {
            self.violations.extend(schema.violations(part, &value));
            return None;
        }
        // The schema accepted it, so this fails only where serde is stricter (e.g. a u8
        // out of range when the schema has no bound).
        match serde_path_to_error::deserialize(value) {
            Ok(typed) => Some(typed),
            Err(e) => {
                let path = super::located_path(part, e.path());
                self.violations
                    .push(Violation::new(path, e.inner().to_string()));
                None
            }
        }
    }

    fn violation(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.violations.push(Violation::new(path, message));
    }

    fn schema<T: JsonSchema>(
        cell: &'static SchemaCell,
    ) -> Result<&'static CompiledSchema, ApiError> {
        cell.get::<T>()
    }
}

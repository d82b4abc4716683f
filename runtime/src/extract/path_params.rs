//! Dynamic path segments, parsed into the handler's positional arguments.

use std::fmt::Display;
use std::str::FromStr;

use axum::extract::{FromRequestParts, RawPathParams};
use http::request::Parts;

use crate::app::AppContext;
use crate::error::ApiError;

/// The matched `[name]` segments of a request.
pub struct PathParams(RawPathParams);

impl PathParams {
    /// Reads the matched segments.
    pub async fn from_parts(parts: &mut Parts, ctx: &AppContext) -> Result<PathParams, ApiError> {
        RawPathParams::from_request_parts(parts, ctx)
            .await
            .map(PathParams)
            .map_err(|e| ApiError::bad_request(format!("params: {e}")))
    }

    /// Every matched segment, `(name, value)`, percent-decoded.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter()
    }

    /// Parses segment `name` with `FromStr`; a failure is a 400 naming the parameter.
    pub fn parse<T>(&self, name: &str) -> Result<T, ApiError>
    where
        T: FromStr,
        T::Err: Display,
    {
        let raw = self
            .0
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
            .ok_or_else(|| ApiError::bad_request(format!("params.{name}: missing")))?;
        if raw.contains('\0') {
            return Err(ApiError::bad_request(format!(
                "params.{name}: contains a NUL byte"
            )));
        }
        if raw.split('/').any(|segment| segment == "..") {
            return Err(ApiError::bad_request(format!(
                "params.{name}: `..` segments are not allowed"
            )));
        }
        raw.parse()
            .map_err(|e| ApiError::bad_request(format!("params.{name}: `{raw}` is not valid: {e}")))
    }
}

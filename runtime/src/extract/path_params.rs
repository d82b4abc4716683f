//! Dynamic path segments, parsed into the handler's positional arguments.

use std::fmt::Display;
use std::str::FromStr;

use axum::extract::{FromRequestParts, RawPathParams};
use http::request::Parts;

use super::rejection::PathRejection;
use crate::context::AppContext;
use crate::error::ApiError;

/// The matched `[name]` segments of a request.
pub struct PathParams(RawPathParams);

impl PathParams {
    /// Reads the matched segments; fails with [`PathRejection::FailedToReadParams`].
    ///
    /// Generated code passes its errors on as they are, so this answers an [`ApiError`].
    pub async fn from_parts(parts: &mut Parts, ctx: &AppContext) -> Result<PathParams, ApiError> {
        RawPathParams::from_request_parts(parts, ctx)
            .await
            .map(PathParams)
            .map_err(|e| {
                PathRejection::FailedToReadParams {
                    reason: e.to_string(),
                }
                .into()
            })
    }

    /// Every matched segment, `(name, value)`, percent-decoded.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter()
    }

    /// Parses segment `name` with `FromStr`; a failure is a [`PathRejection`] (400, naming
    /// the parameter), answered as an [`ApiError`] as [`PathParams::from_parts`] does.
    pub fn parse<T>(&self, name: &str) -> Result<T, ApiError>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.read(name).map_err(ApiError::from)
    }

    fn read<T>(&self, name: &str) -> Result<T, PathRejection>
    where
        T: FromStr,
        T::Err: Display,
    {
        // The router binds every segment of the route it matched; only `[[...rest]]`
        // matched with zero segments leaves one unbound, and that rest is empty.
        let raw = self
            .0
            .iter()
            .find(|(key, _)| *key == name)
            .map_or("", |(_, value)| value);
        if raw.contains('\0') {
            return Err(PathRejection::NulByte {
                name: name.to_owned(),
            });
        }
        if raw.split('/').any(|segment| segment == "..") {
            return Err(PathRejection::ParentSegment {
                name: name.to_owned(),
            });
        }
        raw.parse()
            .map_err(|e: T::Err| PathRejection::InvalidParam {
                name: name.to_owned(),
                value: raw.to_owned(),
                reason: e.to_string(),
            })
    }
}

/// The rest of the path taken by `[...rest]` or `[[...rest]]`, split at `/`: empty when
/// an optional catch-all matched nothing.
///
/// ```
/// let segments: bffkit::Segments = "a/b".parse().unwrap();
/// assert_eq!(*segments, ["a", "b"]);
/// assert!("".parse::<bffkit::Segments>().unwrap().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments(pub Vec<String>);

impl FromStr for Segments {
    type Err = std::convert::Infallible;

    fn from_str(rest: &str) -> Result<Self, Self::Err> {
        Ok(Segments(
            rest.split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ))
    }
}

impl std::ops::Deref for Segments {
    type Target = Vec<String>;

    fn deref(&self) -> &Vec<String> {
        &self.0
    }
}

impl serde::Serialize for Segments {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// On the wire it is one path parameter: the rest of the path as text.
impl schemars::JsonSchema for Segments {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

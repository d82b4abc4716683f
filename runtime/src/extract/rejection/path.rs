//! A path parameter (a `[name]` segment of the file tree) that cannot be read.

use std::fmt;

use crate::error::{code, ApiError};

/// 400 `BAD_REQUEST`: a path parameter is missing, unsafe, or not of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathRejection {
    /// The router bound no parameters (axum's `RawPathParams` failed), e.g. a handler with
    /// path parameters served on a route without them.
    FailedToReadParams {
        /// axum's explanation.
        reason: String,
    },
    /// The decoded value holds a NUL byte.
    NulByte {
        /// The parameter.
        name: String,
    },
    /// A `..` segment, refused so that a parameter never climbs out of a directory.
    ParentSegment {
        /// The parameter.
        name: String,
    },
    /// The text does not parse as the parameter's type.
    InvalidParam {
        /// The parameter.
        name: String,
        /// The text sent.
        value: String,
        /// Why it does not parse.
        reason: String,
    },
}

super::codes! { PathRejection;
    PathRejection::FailedToReadParams { .. }
    | PathRejection::NulByte { .. }
    | PathRejection::ParentSegment { .. }
    | PathRejection::InvalidParam { .. } => code::BAD_REQUEST, "Bad request or failed validation";
}

impl PathRejection {
    /// The field it names: `params` or `params.<name>`.
    pub fn path(&self) -> String {
        match self {
            PathRejection::FailedToReadParams { .. } => "params".to_owned(),
            PathRejection::NulByte { name }
            | PathRejection::ParentSegment { name }
            | PathRejection::InvalidParam { name, .. } => format!("params.{name}"),
        }
    }

    fn into_api_error(self) -> ApiError {
        ApiError::new(self.code(), self.to_string())
    }
}

impl fmt::Display for PathRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathRejection::FailedToReadParams { reason } => write!(f, "params: {reason}"),
            PathRejection::NulByte { name } => write!(f, "params.{name}: contains a NUL byte"),
            PathRejection::ParentSegment { name } => {
                write!(f, "params.{name}: `..` segments are not allowed")
            }
            PathRejection::InvalidParam {
                name,
                value,
                reason,
            } => write!(f, "params.{name}: `{value}` is not valid: {reason}"),
        }
    }
}

super::rejection!(PathRejection);

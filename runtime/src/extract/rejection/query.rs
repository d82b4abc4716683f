//! A query string that does not read as the handler's type.

use std::fmt;

use crate::error::{code, ApiError};

/// 400 `BAD_REQUEST`: the query string does not deserialize (`query.page: invalid digit
/// found in string`). Its length limit is [`LimitRejection::QueryTooLong`](super::LimitRejection::QueryTooLong).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryRejection {
    /// A key is missing or its value is not of its field's type.
    InvalidQuery {
        /// Where: `query.page`, `query.tag[1]`, or `query` for the whole string.
        path: String,
        /// What serde says.
        reason: String,
    },
}

super::codes! { QueryRejection;
    QueryRejection::InvalidQuery { .. } => code::BAD_REQUEST, "Bad request or failed validation";
}

impl QueryRejection {
    /// The field it names.
    pub fn path(&self) -> &str {
        match self {
            QueryRejection::InvalidQuery { path, .. } => path,
        }
    }

    fn into_api_error(self) -> ApiError {
        ApiError::new(self.code(), self.to_string())
    }
}

impl fmt::Display for QueryRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryRejection::InvalidQuery { path, reason } => write!(f, "{path}: {reason}"),
        }
    }
}

super::rejection!(QueryRejection);

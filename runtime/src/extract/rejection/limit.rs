//! A request over one of its limits (`[limits]`, `[batch] max_calls`; see SECURITY.md).

use std::fmt;

use crate::error::{code, ApiError};

/// A size, depth, count or time limit the request went over.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitRejection {
    /// 413: the body is over `[limits] body_bytes`.
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 414: the query string is over `[limits] query_bytes`.
    QueryTooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// 408: the request took longer than `[limits] request_timeout_ms`.
    Timeout {
        /// The limit in milliseconds.
        ms: u64,
    },
    /// 400: a JSON part nests deeper than `[limits] json_depth`.
    TooDeep {
        /// The request part (`data`, `message`).
        part: String,
        /// The limit.
        max: usize,
    },
    /// 413: a multipart body has more than `[limits] multipart_parts` parts.
    TooManyParts {
        /// The limit.
        max: usize,
    },
    /// 413: a multipart part is over `[limits] multipart_part_bytes`.
    PartTooLarge {
        /// The part's name.
        field: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// 413: a multipart body is over `[limits] multipart_total_bytes`.
    MultipartTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// 413: a batch has more than `[batch] max_calls` calls.
    TooManyCalls {
        /// How many it has.
        calls: usize,
        /// The limit.
        max: usize,
    },
}

super::codes! { LimitRejection;
    LimitRejection::BodyTooLarge { .. }
    | LimitRejection::TooManyParts { .. }
    | LimitRejection::PartTooLarge { .. }
    | LimitRejection::MultipartTooLarge { .. }
    | LimitRejection::TooManyCalls { .. } => code::PAYLOAD_TOO_LARGE, "Body over its limit";
    LimitRejection::QueryTooLong { .. } => code::URI_TOO_LONG, "Query string over its limit";
    LimitRejection::Timeout { .. } => code::TIMEOUT, "The request took too long";
    LimitRejection::TooDeep { .. } => code::BAD_REQUEST, "JSON nested deeper than its limit";
}

impl LimitRejection {
    /// The field it names, when it names one.
    pub fn path(&self) -> Option<String> {
        match self {
            LimitRejection::TooDeep { part, .. } => Some(part.clone()),
            LimitRejection::TooManyParts { .. } | LimitRejection::MultipartTooLarge { .. } => {
                Some("form_data".to_owned())
            }
            LimitRejection::PartTooLarge { field, .. } => Some(format!("form_data.{field}")),
            LimitRejection::TooManyCalls { .. } => Some("calls".to_owned()),
            LimitRejection::BodyTooLarge { .. }
            | LimitRejection::QueryTooLong { .. }
            | LimitRejection::Timeout { .. } => None,
        }
    }

    fn into_api_error(self) -> ApiError {
        ApiError::new(self.code(), self.to_string())
    }
}

impl fmt::Display for LimitRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitRejection::BodyTooLarge { limit } => {
                write!(f, "request body is larger than the limit of {limit} bytes")
            }
            LimitRejection::QueryTooLong { len, limit } => {
                write!(f, "query string is {len} bytes; the limit is {limit}")
            }
            LimitRejection::Timeout { ms } => {
                write!(f, "the request took longer than the limit of {ms} ms")
            }
            LimitRejection::TooDeep { part, max } => {
                write!(f, "{part}: JSON is nested deeper than {max} levels")
            }
            LimitRejection::TooManyParts { max } => {
                write!(f, "form_data: more than {max} parts (limits.multipart_parts)")
            }
            LimitRejection::PartTooLarge { field, limit } => write!(
                f,
                "form_data.{field}: the part is larger than {limit} bytes (limits.multipart_part_bytes)"
            ),
            LimitRejection::MultipartTooLarge { limit } => write!(
                f,
                "form_data: the body is larger than {limit} bytes (limits.multipart_total_bytes)"
            ),
            LimitRejection::TooManyCalls { calls, max } => {
                write!(f, "batch has {calls} calls; the limit is {max}")
            }
        }
    }
}

super::rejection!(LimitRejection);

//! A body that cannot be read: too large, cut off, of the wrong media type, or JSON that
//! does not read as the handler's type.

use std::fmt;

use super::LimitRejection;
use crate::error::{code, ApiError};

/// What reading a request body can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyRejection {
    /// Over a limit: the body size (413) or the JSON depth (400).
    Limit(LimitRejection),
    /// 400: the connection failed while the body was read.
    FailedToRead {
        /// The transport's explanation.
        reason: String,
    },
    /// 400: the part is required and the body is empty.
    MissingBody {
        /// The request part (`data`).
        part: String,
    },
    /// 415: a JSON part sent without a JSON `content-type`.
    NotJson {
        /// The request part (`data`).
        part: String,
    },
    /// 415: a `match` part sent without its media type.
    UnsupportedMediaType {
        /// The request part (`body`, `form_urlencoded`, `form_data`).
        part: String,
        /// The `content-type` to send.
        media_type: String,
    },
    /// 400: the bytes are not JSON.
    MalformedJson {
        /// The request part.
        part: String,
        /// serde_json's explanation.
        reason: String,
    },
    /// 400: JSON that does not read as the handler's type, at `path`.
    InvalidJson {
        /// Where: `data.items[2].name`.
        path: String,
        /// What serde says.
        reason: String,
    },
    /// 400: a `multipart/form-data` body that does not parse.
    MalformedMultipart {
        /// multer's explanation.
        reason: String,
    },
    /// Only in this crate's unit tests: a variant added to show that its status reaches
    /// the manifest with no other edit (`manifest::tests`).
    #[cfg(test)]
    TeapotForTest,
}

super::codes! { BodyRejection, nested Limit(LimitRejection);
    BodyRejection::NotJson { .. } | BodyRejection::UnsupportedMediaType { .. } => {
        code::UNSUPPORTED_MEDIA_TYPE
    }, "Unsupported content type";
    BodyRejection::FailedToRead { .. }
    | BodyRejection::MissingBody { .. }
    | BodyRejection::MalformedJson { .. }
    | BodyRejection::InvalidJson { .. }
    | BodyRejection::MalformedMultipart { .. } => code::BAD_REQUEST, "Bad request or failed validation";
    #[cfg(test)]
    BodyRejection::TeapotForTest => super::TEAPOT_FOR_TEST, "Only in unit tests";
}

impl BodyRejection {
    /// The field it names, when it names one.
    pub fn path(&self) -> Option<String> {
        match self {
            BodyRejection::Limit(limit) => limit.path(),
            BodyRejection::FailedToRead { .. } => None,
            BodyRejection::MissingBody { part }
            | BodyRejection::NotJson { part }
            | BodyRejection::UnsupportedMediaType { part, .. }
            | BodyRejection::MalformedJson { part, .. } => Some(part.clone()),
            BodyRejection::InvalidJson { path, .. } => Some(path.clone()),
            BodyRejection::MalformedMultipart { .. } => Some("form_data".to_owned()),
            #[cfg(test)]
            BodyRejection::TeapotForTest => None,
        }
    }

    fn into_api_error(self) -> ApiError {
        ApiError::new(self.code(), self.to_string())
    }
}

impl From<LimitRejection> for BodyRejection {
    fn from(limit: LimitRejection) -> BodyRejection {
        BodyRejection::Limit(limit)
    }
}

impl fmt::Display for BodyRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyRejection::Limit(limit) => limit.fmt(f),
            BodyRejection::FailedToRead { reason } => {
                write!(f, "failed to read the request body: {reason}")
            }
            BodyRejection::MissingBody { part } => write!(f, "{part}: a JSON body is required"),
            BodyRejection::NotJson { part } => write!(
                f,
                "{part}: send the body as JSON with `content-type: application/json`"
            ),
            BodyRejection::UnsupportedMediaType { part, media_type } => {
                write!(f, "{part}: send the body with `content-type: {media_type}`")
            }
            BodyRejection::MalformedJson { part, reason } => {
                write!(f, "{part}: malformed JSON: {reason}")
            }
            BodyRejection::InvalidJson { path, reason } => write!(f, "{path}: {reason}"),
            BodyRejection::MalformedMultipart { reason } => {
                write!(f, "form_data: malformed multipart body: {reason}")
            }
            #[cfg(test)]
            BodyRejection::TeapotForTest => f.write_str("a teapot"),
        }
    }
}

super::rejection!(BodyRejection);

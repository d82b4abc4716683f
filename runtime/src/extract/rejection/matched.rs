//! The parts of a `match` route's request that break their schemas, all at once.

use std::fmt;

use crate::error::{code, ApiError};
use crate::schema::{summary, Violation};

/// What reading a `match` route's request can fail with, besides [`BodyRejection`](super::BodyRejection)
/// and [`LimitRejection`](super::LimitRejection).
///
/// A `match` route validates each part against its type's JSON Schema and answers every
/// violation at once. The method macros need the route table an app's build script
/// generates (they refuse to compile without it), so here the attribute is left out of
/// what is compiled; the demo app's `api/lambda/greet.rs` is such a route, tested end to end:
///
/// ```
/// #[bffkit::schema]
/// pub struct Signup {
///     #[schemars(length(min = 1))]
///     pub name: String,
///     #[schemars(range(min = 13))]
///     pub age: u32,
/// }
///
/// #[bffkit::schema]
/// pub struct Welcome {
///     pub greeting: String,
/// }
///
/// # /*
/// #[bffkit::api(match = { request: { data: Signup }, response: Welcome })]
/// # */
/// pub async fn post(data: Signup) -> Welcome {
///     Welcome { greeting: format!("welcome, {}", data.name) }
/// }
/// # fn main() {}
/// ```
///
/// `{"name": "", "age": 7}` is refused with the answer this builds:
///
/// ```
/// use bffkit::extract::MatchRejection;
/// use bffkit::extract::Violation;
/// use bffkit::ApiError;
///
/// let rejection = MatchRejection::Invalid {
///     violations: vec![
///         Violation::new("data.name", "must be at least 1 character long"),
///         Violation::new("data.age", "must be >= 13"),
///     ],
/// };
/// assert_eq!(rejection.status(), 400);
/// assert_eq!(rejection.path().as_deref(), Some("data.name"));
/// let error = ApiError::from(rejection);
/// assert_eq!(error.code(), 20001);
/// assert_eq!(error.msg(), "data.name: must be at least 1 character long; data.age: must be >= 13");
/// assert_eq!(error.data().unwrap()["errors"][1]["path"], "data.age");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchRejection {
    /// 400 `VALIDATION_FAILED`: every violation of every part; `data.errors` lists them.
    Invalid {
        /// Each with its path (`query.page`) and message.
        violations: Vec<Violation>,
    },
    /// 500: a handler took a part that was never read (a bug in generated code).
    PartNotRead,
    /// 500: an uploaded file could not be stored.
    FailedToStoreUpload {
        /// The part, when known.
        field: Option<String>,
        /// The I/O error.
        reason: String,
    },
}

super::codes! { MatchRejection;
    MatchRejection::Invalid { .. } => code::VALIDATION_FAILED, "Bad request or failed validation";
    MatchRejection::PartNotRead | MatchRejection::FailedToStoreUpload { .. } => {
        code::INTERNAL
    }, "Server error";
}

impl MatchRejection {
    /// The field of the first violation, or of the upload.
    pub fn path(&self) -> Option<String> {
        match self {
            MatchRejection::Invalid { violations } => violations.first().map(|v| v.path.clone()),
            MatchRejection::PartNotRead => None,
            MatchRejection::FailedToStoreUpload { field, .. } => {
                field.as_ref().map(|f| format!("form_data.{f}"))
            }
        }
    }

    fn into_api_error(self) -> ApiError {
        match self {
            MatchRejection::Invalid { violations } => {
                ApiError::new(code::VALIDATION_FAILED, summary(&violations))
                    .with_data(serde_json::json!({ "errors": violations }))
            }
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl fmt::Display for MatchRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchRejection::Invalid { violations } => f.write_str(&summary(violations)),
            MatchRejection::PartNotRead => f.write_str("a request part was not read"),
            MatchRejection::FailedToStoreUpload {
                field: None,
                reason,
            } => write!(f, "failed to create a temporary file: {reason}"),
            MatchRejection::FailedToStoreUpload {
                field: Some(field),
                reason,
            } => write!(f, "failed to write form_data.{field} to disk: {reason}"),
        }
    }
}

super::rejection!(MatchRejection);

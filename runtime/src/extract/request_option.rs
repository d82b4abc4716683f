//! `RequestOption<Q, D>`: the typed query string and JSON body, as in Modern.js.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use super::rejection::BodyRejection;
use super::{body, located};
use crate::context::AppContext;
use crate::error::ApiError;
use crate::schema::describe::{Describe, RequestOptionParts};

/// The request option of a lambda: `query` from the query string, `data` from a JSON body.
///
/// Use `()` for a part you don't read. It comes after the path parameters:
///
/// ```
/// # use bffkit::RequestOption;
/// # #[derive(serde::Deserialize, schemars::JsonSchema)] pub struct Filter { tag: Option<String> }
/// # #[derive(serde::Deserialize, schemars::JsonSchema)] pub struct NewItem { name: String }
/// # #[derive(serde::Serialize, schemars::JsonSchema)] pub struct Item { id: u32, name: String }
/// // api/lambda/items/[id].rs
/// # /* The method macros need the route table an app's build script writes.
/// #[bffkit::post]
/// # */
/// pub async fn post(id: u32, RequestOption { query, data }: RequestOption<Filter, NewItem>) -> Item {
///     # let _ = query;
///     Item { id, name: data.name }
/// }
/// # fn main() {}
/// ```
///
/// A query string that does not read as `Q` is a [`QueryRejection`](super::QueryRejection)
/// (400, `query.page: ...`); a body that is not JSON, too large, too deep or not a `D` is a
/// [`BodyRejection`](super::BodyRejection) (400, 413 or 415, `data.name: ...`).
///
/// # Example
///
/// A handler takes it apart by pattern, reading only what it needs:
///
/// ```
/// use bffkit::RequestOption;
///
/// #[derive(serde::Deserialize)]
/// struct Filter {
///     page: u32,
/// }
///
/// #[derive(serde::Deserialize)]
/// struct NewItem {
///     title: String,
/// }
///
/// fn describe(RequestOption { query, data }: RequestOption<Filter, NewItem>) -> String {
///     format!("{} on page {}", data.title, query.page)
/// }
///
/// let option = RequestOption {
///     query: Filter { page: 2 },
///     data: NewItem { title: "milk".to_owned() },
/// };
/// assert_eq!(describe(option), "milk on page 2");
///
/// // `()` parts ignore whatever the client sent.
/// let RequestOption { query: (), data: () } = RequestOption::<(), ()>::default();
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestOption<Q = (), D = ()> {
    /// The decoded query string.
    pub query: Q,
    /// The decoded JSON body.
    pub data: D,
}

impl<Q, D> FromRequest<AppContext> for RequestOption<Q, D>
where
    Q: DeserializeOwned + Send,
    D: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, ctx: &AppContext) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let query = match unit::<Q>(|| serde_urlencoded::from_str("").ok()) {
            Some(unit) => unit,
            None => located::urlencoded("query", parts.uri.query().unwrap_or(""))?,
        };
        let data = match unit::<D>(|| serde_json::from_slice(b"null").ok()) {
            Some(unit) => unit,
            None => {
                let bytes =
                    body::read_limited(&parts.headers, body, ctx.config().limits.body_bytes)
                        .await?;
                if bytes.is_empty() {
                    serde_json::from_slice(b"null").map_err(|_| BodyRejection::MissingBody {
                        part: "data".to_owned(),
                    })?
                } else if !body::is_json(&parts.headers) {
                    return Err(BodyRejection::NotJson {
                        part: "data".to_owned(),
                    }
                    .into());
                } else {
                    super::depth::check("data", &bytes, ctx.config().limits.json_depth)?;
                    located::json("data", &bytes)?
                }
            }
        };
        Ok(RequestOption { query, data })
    }
}

/// `()` parts ignore whatever the client sent.
fn unit<T>(make: impl FnOnce() -> Option<T>) -> Option<T> {
    if std::mem::size_of::<T>() == 0 {
        make()
    } else {
        None
    }
}

// Generated code documents a handler by its argument types: this is how a
// `RequestOption` (under any alias or import name) gives its query and body.
impl<Q, D> RequestOptionParts for Describe<RequestOption<Q, D>> {
    type Query = Q;
    type Data = D;
    fn request_option(&self) -> (Describe<Q>, Describe<D>) {
        (Describe::new(), Describe::new())
    }
}

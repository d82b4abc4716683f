//! `CurrentUser`: the signed-in user, from `Authorization: Bearer <token>`.

use axum::extract::FromRequestParts;
use http::request::Parts;
use serde::Serialize;

use crate::app::AppContext;
use crate::error::ApiError;
use crate::schema::{DocumentArg, OperationDoc};

use super::rejection::{sign_in_first, store_unavailable};
use super::session::{SessionToken, Sessions};

/// The user of a valid session. A handler taking it requires sign-in: without a valid
/// `Authorization: Bearer <token>` the request gets 401 `{code: 20002, msg: "sign in first: …"}`,
/// and the manifest lists that 401.
///
/// ```ignore
/// #[bffkit::get]
/// pub async fn get(user: bffkit::auth::CurrentUser) -> String {
///     user.user_id
/// }
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct CurrentUser {
    /// `wechat`, `alipay`, …
    pub provider: String,
    /// WeChat `openid` or Alipay `user_id`.
    pub user_id: String,
    /// WeChat `unionid`, if any.
    pub unionid: Option<String>,
    /// Absolute expiry of the session, Unix seconds.
    pub expires_at: i64,
    /// Idle expiry of the session, Unix seconds.
    pub idle_expires_at: i64,
}

impl FromRequestParts<AppContext> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        let sessions = sessions(ctx)?;
        let token = bearer_token(parts)?;
        match sessions.validate(&token).await {
            Ok(Some(record)) => Ok(CurrentUser {
                provider: record.user.provider,
                user_id: record.user.user_id,
                unionid: record.user.unionid,
                expires_at: record.expires_at,
                idle_expires_at: record.idle_expires_at,
            }),
            Ok(None) => Err(sign_in_first("the session has expired or was revoked")),
            Err(e) => Err(store_unavailable(e)),
        }
    }
}

impl DocumentArg for CurrentUser {
    fn document(doc: &mut OperationDoc) {
        doc.requires_auth = true;
    }
}

pub(crate) fn sessions(ctx: &AppContext) -> Result<&Sessions, ApiError> {
    ctx.state::<Sessions>().ok_or_else(|| {
        ApiError::internal(
            "sessions are not set up: add `.auth(bffkit::auth::Auth::new())` to the App",
        )
    })
}

/// The token of `Authorization: Bearer <token>`.
pub(crate) fn bearer_token(parts: &Parts) -> Result<SessionToken, ApiError> {
    let Some(value) = parts.headers.get(http::header::AUTHORIZATION) else {
        return Err(sign_in_first(
            "no session token (send `Authorization: Bearer <token>`)",
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| sign_in_first("the `Authorization` header is not `Bearer <token>`"))?;
    Ok(SessionToken::from_client(token))
}

//! `CurrentUser`: the signed-in user, from `Authorization: Bearer <token>`.

use axum::extract::FromRequestParts;
use http::request::Parts;
use serde::Serialize;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::schema::{DocumentArg, OperationDoc};

use super::cookie::SessionCookie;
use super::rejection::{sign_in_first, store_unavailable};
use super::session::{SessionRecord, SessionToken, Sessions, TokenHash};

/// The user of a valid session. A handler taking it requires sign-in: without a valid
/// `Authorization: Bearer <token>` the request gets 401 `{code: 20002, msg: "sign in first: …"}`,
/// and the manifest lists that 401.
///
/// ```
/// # /* The method macros need the route table an app's build script writes.
/// #[bffkit::get]
/// # */
/// pub async fn get(user: bffkit::auth::CurrentUser) -> String {
///     user.user_id
/// }
/// # fn main() {}
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

impl CurrentUser {
    fn of(record: SessionRecord) -> CurrentUser {
        CurrentUser {
            provider: record.user.provider,
            user_id: record.user.user_id,
            unionid: record.user.unionid,
            expires_at: record.expires_at,
            idle_expires_at: record.idle_expires_at,
        }
    }
}

impl FromRequestParts<AppContext> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        let sessions = sessions(ctx)?;
        let token = request_token(parts, ctx)?;
        let validated = match parts.extensions.remove::<ValidatedUser>() {
            Some(validated) if validated.token_hash == token.hash() => Ok(validated.user),
            _ => sessions
                .validate(&token)
                .await
                .map(|record| record.map(CurrentUser::of)),
        };
        match validated {
            Ok(Some(user)) => Ok(user),
            Ok(None) => Err(sign_in_first("the session has expired or was revoked")),
            Err(e) => Err(store_unavailable(e)),
        }
    }
}

/// A session validated earlier in this request (by a user-keyed rate limit), so that
/// [`CurrentUser`] does not read the store a second time. With its token's hash: a request
/// whose token changed on the way (a middleware) is validated again.
#[derive(Clone)]
struct ValidatedUser {
    token_hash: TokenHash,
    /// `None`: no valid session for that token.
    user: Option<CurrentUser>,
}

/// The signed-in user of `parts`, for a user-keyed rate limit; the answer stays in the
/// request for [`CurrentUser`]. `None` without sessions, a token or a valid session, or
/// while the store fails (then the extractor asks again, and answers 503 if it must).
pub(crate) async fn signed_in_user(parts: &mut Parts, ctx: &AppContext) -> Option<CurrentUser> {
    let sessions = ctx.state::<Sessions>()?;
    let token = request_token(parts, ctx).ok()?;
    let user = sessions.validate(&token).await.ok()?.map(CurrentUser::of);
    parts.extensions.insert(ValidatedUser {
        token_hash: token.hash(),
        user: user.clone(),
    });
    user
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

/// How a request carried its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Carrier {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The session cookie (`[auth.cookie]`).
    Cookie,
}

/// The request's session token: `Authorization: Bearer` when sent, else the session
/// cookie, which must pass the cross-site check.
pub(crate) fn session_token(
    parts: &Parts,
    cookie: Option<&SessionCookie>,
) -> Result<(SessionToken, Carrier), ApiError> {
    let cookie = match cookie {
        Some(cookie) if !parts.headers.contains_key(http::header::AUTHORIZATION) => cookie,
        _ => return bearer_token(parts).map(|t| (t, Carrier::Bearer)),
    };
    let Some(token) = cookie.token(&parts.headers) else {
        return Err(sign_in_first(
            "no session token (send `Authorization: Bearer <token>`, or sign in from this \
             site for the session cookie)",
        ));
    };
    cookie.check_same_site(&parts.method, &parts.headers)?;
    Ok((token, Carrier::Cookie))
}

/// The request's session token, by the app's settings.
pub(crate) fn request_token(parts: &Parts, ctx: &AppContext) -> Result<SessionToken, ApiError> {
    let cookie = ctx
        .state::<Option<SessionCookie>>()
        .and_then(Option::as_ref);
    session_token(parts, cookie).map(|(token, _)| token)
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

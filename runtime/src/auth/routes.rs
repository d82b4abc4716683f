//! The sign-in routes: `{prefix}/auth/wechat/login`, `{prefix}/auth/alipay/login`,
//! `{prefix}/auth/refresh` and `{prefix}/auth/logout`, all `POST`.
//!
//! With `[auth.cookie]` on, a browser's sign-in gets the session in an `HttpOnly` cookie
//! and a body without the token; refresh and logout answer the way the session came.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::request::Parts;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::ApiError;
use crate::extract::body::read_limited;
use crate::extract::json_located;
use crate::extract::rejection::BodyRejection;
use crate::merged::{Method, RouteDoc, Routes};

#[cfg(feature = "auth-alipay")]
use super::alipay::{AlipayClient, AlipayLogin, AlipayTokens, Grant};
use super::answer::{Revoked, SessionAnswer};
use super::cookie::{with_cookie, CrossSite, SessionCookie};
use super::extract::{session_token, Carrier};
use super::rejection::{not_configured, sign_in_first, store_unavailable, PlatformRejection};
use super::session::{IssuedSession, SessionRecord, SessionToken, Sessions};
use super::wechat::{WechatClient, WechatLogin};

/// What the sign-in routes share.
pub(crate) struct AuthRoutes {
    pub sessions: Sessions,
    pub cookie: Option<SessionCookie>,
    pub wechat: Option<WechatClient>,
    #[cfg(feature = "auth-alipay")]
    pub alipay: Option<AlipayClient>,
    pub body_limit: usize,
}

/// The routes' state.
pub(crate) type Shared = Arc<AuthRoutes>;

/// The routes, in two groups: sign-in and refresh, which call the platforms (the app puts
/// them behind the sign-in rate limit), and logout. Each is served and described here.
pub(crate) struct SignInRoutes {
    pub limited: Routes<Shared>,
    pub logout: Routes<Shared>,
}

/// The routes below `prefix`, described for the app's configuration (the cookie, when
/// `[auth.cookie]` is on); their handlers take the `AuthRoutes` as state.
pub(crate) fn routes(config: &Config) -> SignInRoutes {
    let path = |p: &str| bffkit_contract::prefix::join(&config.routes.prefix, &format!("/auth{p}"));
    let cookie = config
        .auth
        .cookie
        .enabled
        .then_some(config.auth.cookie.name.as_str());
    let refresh_doc = session_doc(
        "refresh",
        "Swaps the session for a new one; the old token or cookie stops working",
        cookie,
    )
    .response::<SessionAnswer>()
    .response_description("The new session")
    .response_header_for(cookie);
    // Renewing an Alipay session's tokens calls Alipay (`renew_platform_tokens`).
    #[cfg(feature = "auth-alipay")]
    let refresh_doc = refresh_doc.rejection::<super::rejection::TokenRenewal>();
    let limited = Routes::default()
        .documented(
            Method::Post,
            &path("/wechat/login"),
            wechat_login,
            login_doc::<WechatLogin>(
                "wechatLogin",
                "Signs in with the code from wx.login",
                cookie,
            ),
        )
        .documented(Method::Post, &path("/refresh"), refresh, refresh_doc);
    #[cfg(feature = "auth-alipay")]
    let limited = limited.documented(
        Method::Post,
        &path("/alipay/login"),
        alipay_login,
        login_doc::<AlipayLogin>(
            "alipayLogin",
            "Signs in with the code from my.getAuthCode",
            cookie,
        ),
    );
    let logout = Routes::default().documented(
        Method::Post,
        &path("/logout"),
        logout,
        session_doc(
            "logout",
            "Ends the session (and clears the session cookie)",
            cookie,
        )
        .response::<Revoked>()
        .response_description("The session is revoked")
        // Clears the cookie.
        .response_header_for(cookie),
    );
    SignInRoutes { limited, logout }
}

/// A sign-in with a platform's code: no session needed, the answer is a new one.
fn login_doc<Body: JsonSchema + 'static>(
    id: &'static str,
    summary: &'static str,
    cookie: Option<&str>,
) -> RouteDoc {
    let mut description = "The platform's secrets stay on the server; the answer is the \
                           app's own session."
        .to_owned();
    if cookie.is_some() {
        description.push_str(
            " A browser (a request with Origin or Sec-Fetch-Site) gets it as the HttpOnly \
             session cookie and a body without the token; anything else gets the token.",
        );
    }
    RouteDoc::new()
        .operation_id(id)
        .summary(summary)
        .description(description)
        .json_body::<Body>()
        .response::<SessionAnswer>()
        .response_description("The new session")
        .rejection::<BodyRejection>()
        .rejection::<PlatformRejection>()
        .not_batchable()
        .response_header_for(cookie)
}

/// Refresh and logout: they take the session, by bearer token or cookie.
fn session_doc(id: &'static str, summary: &'static str, cookie: Option<&str>) -> RouteDoc {
    let doc = RouteDoc::new()
        .operation_id(id)
        .summary(summary)
        .requires_session()
        .not_batchable();
    match cookie {
        Some(_) => doc.rejection::<CrossSite>(),
        None => doc,
    }
}

/// `Set-Cookie` on a session's answer, when the session may be a cookie.
trait SetCookie {
    fn response_header_for(self, cookie: Option<&str>) -> Self;
}

impl SetCookie for RouteDoc {
    fn response_header_for(self, cookie: Option<&str>) -> RouteDoc {
        match cookie {
            Some(name) => self.response_header(
                "Set-Cookie",
                format!("`{name}=…; HttpOnly; …` for a browser's session"),
            ),
            None => self,
        }
    }
}

async fn wechat_login(State(routes): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let cookie = browser_cookie(&routes, &parts);
    let result = async {
        if let Some(cookie) = cookie {
            cookie.check_same_site(&parts.method, &parts.headers)?;
        }
        let login: WechatLogin = read_json(&routes, &parts, body).await?;
        let code = required(login.code, "data.code", "the code from wx.login")?;
        let client = routes.wechat.as_ref().ok_or_else(|| {
            not_configured(
                "WeChat",
                "[auth.wechat] appid and secret (env BFFKIT_WECHAT_APPID, BFFKIT_WECHAT_SECRET)",
            )
        })?;
        let session = client.code2session(&code).await?;
        routes
            .sessions
            .start(WechatClient::user(&session), Some(session.session_key))
            .await
            .map_err(store_unavailable)
    }
    .await;
    signed_in(&routes, &parts, cookie, result).await
}

#[cfg(feature = "auth-alipay")]
async fn alipay_login(State(routes): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let cookie = browser_cookie(&routes, &parts);
    let result = async {
        if let Some(cookie) = cookie {
            cookie.check_same_site(&parts.method, &parts.headers)?;
        }
        let login: AlipayLogin = read_json(&routes, &parts, body).await?;
        let auth_code = required(
            login.auth_code,
            "data.auth_code",
            "the code from my.getAuthCode",
        )?;
        let client = routes.alipay.as_ref().ok_or_else(|| {
            not_configured(
                "Alipay",
                "[auth.alipay] app_id and private_key_path (env BFFKIT_ALIPAY_APP_ID, \
                 BFFKIT_ALIPAY_PRIVATE_KEY_PATH or BFFKIT_ALIPAY_PRIVATE_KEY)",
            )
        })?;
        let token = client
            .exchange(Grant::AuthorizationCode(&auth_code))
            .await?;
        routes
            .sessions
            .start(AlipayClient::user(&token), Some(token.tokens.to_secret()))
            .await
            .map_err(store_unavailable)
    }
    .await;
    signed_in(&routes, &parts, cookie, result).await
}

async fn refresh(State(routes): State<Shared>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let mut carrier = Carrier::Bearer;
    let result = async {
        let (token, carried) = session_token(&parts, routes.cookie.as_ref())?;
        carrier = carried;
        let record = match routes.sessions.validate(&token).await {
            Ok(Some(record)) => record,
            Ok(None) => return Err(sign_in_first("the session has expired or was revoked")),
            Err(e) => return Err(store_unavailable(e)),
        };
        // The platform's tokens are renewed first: if it refuses, the session is unchanged.
        let renewed = renew_platform_tokens(&routes, &record).await?;
        let issued = match routes.sessions.rotate(&token).await {
            Ok(Some(issued)) => issued,
            Ok(None) => return Err(sign_in_first("the session has expired or was revoked")),
            Err(e) => return Err(store_unavailable(e)),
        };
        if let Some(secret) = renewed {
            let new = SessionToken::from_client(&issued.token);
            routes
                .sessions
                .set_platform_secret(&new, &record.user, Some(&secret))
                .await
                .map_err(store_unavailable)?;
        }
        Ok(issued)
    }
    .await;
    let cookie = routes
        .cookie
        .as_ref()
        .filter(|_| carrier == Carrier::Cookie);
    respond_session(result, cookie)
}

/// An Alipay session's tokens, renewed with the `refresh_token` grant: the new platform
/// secret, or `None` when there is nothing to renew.
#[cfg(feature = "auth-alipay")]
async fn renew_platform_tokens(
    routes: &AuthRoutes,
    record: &SessionRecord,
) -> Result<Option<String>, ApiError> {
    let (Some(client), "alipay") = (routes.alipay.as_ref(), record.user.provider.as_str()) else {
        return Ok(None);
    };
    let Some(refresh_token) = record
        .platform_secret
        .as_deref()
        .and_then(AlipayTokens::from_secret)
        .and_then(|tokens| tokens.refresh_token)
    else {
        return Ok(None);
    };
    let token = client.exchange(Grant::RefreshToken(&refresh_token)).await?;
    if token.user_id != record.user.user_id {
        tracing::error!("Alipay's refresh_token grant answered for another user_id");
        return Err(ApiError::new(
            PlatformRejection::Failed.code(),
            "Alipay's refresh_token grant answered for another user",
        ));
    }
    Ok(Some(token.tokens.to_secret()))
}

#[cfg(not(feature = "auth-alipay"))]
async fn renew_platform_tokens(
    _routes: &AuthRoutes,
    _record: &SessionRecord,
) -> Result<Option<String>, ApiError> {
    Ok(None)
}

async fn logout(State(routes): State<Shared>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let mut carrier = Carrier::Bearer;
    let result = async {
        let (token, carried) = session_token(&parts, routes.cookie.as_ref())?;
        carrier = carried;
        match routes.sessions.revoke(&token).await {
            Ok(true) => Ok(Revoked::new()),
            Ok(false) => Err(sign_in_first("the session has expired or was revoked")),
            Err(e) => Err(store_unavailable(e)),
        }
    }
    .await;
    let response = respond(result);
    match routes.cookie.as_ref() {
        Some(cookie) if carrier == Carrier::Cookie => with_cookie(response, cookie.clear()),
        _ => response,
    }
}

/// The cookie, when it is on and the sign-in comes from a browser.
fn browser_cookie<'a>(routes: &'a AuthRoutes, parts: &Parts) -> Option<&'a SessionCookie> {
    routes
        .cookie
        .as_ref()
        .filter(|_| SessionCookie::is_browser(&parts.headers))
}

/// A new session's answer. A browser's previous cookie session is revoked: a new sign-in
/// gets a new id, never the old one.
async fn signed_in(
    routes: &AuthRoutes,
    parts: &Parts,
    cookie: Option<&SessionCookie>,
    result: Result<IssuedSession, ApiError>,
) -> Response {
    if let (Some(cookie), Ok(_)) = (cookie, &result) {
        if let Some(previous) = cookie.token(&parts.headers) {
            if let Err(e) = routes.sessions.revoke(&previous).await {
                tracing::warn!(error = %e, "could not revoke the previous cookie session");
            }
        }
    }
    respond_session(result, cookie)
}

/// A session in the body, or (cookie) in `Set-Cookie` with only the expiries in the body.
fn respond_session(
    result: Result<IssuedSession, ApiError>,
    cookie: Option<&SessionCookie>,
) -> Response {
    match (result, cookie) {
        (Ok(issued), Some(cookie)) => with_cookie(
            Json(SessionAnswer::cookie(&issued)).into_response(),
            cookie.set(&issued.token),
        ),
        (result, _) => respond(result.map(SessionAnswer::bearer)),
    }
}

async fn read_json<T: DeserializeOwned>(
    routes: &AuthRoutes,
    parts: &Parts,
    body: Body,
) -> Result<T, ApiError> {
    let bytes = read_limited(&parts.headers, body, routes.body_limit).await?;
    // A body is JSON, as a lambda's is (and a cross-site form cannot send one).
    if !bytes.is_empty() && !crate::extract::body::is_json(&parts.headers) {
        return Err(BodyRejection::NotJson {
            part: "data".to_owned(),
        }
        .into());
    }
    // An empty body is an empty object, so the error names the missing field.
    let bytes: &[u8] = if bytes.is_empty() { b"{}" } else { &bytes };
    Ok(json_located("data", bytes)?)
}

fn required(value: Option<String>, field: &str, what: &str) -> Result<String, BodyRejection> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(BodyRejection::InvalidJson {
            path: field.to_owned(),
            reason: format!("required, {what}"),
        }),
    }
}

fn respond<T: serde::Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => e.into_response(),
    }
}

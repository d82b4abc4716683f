//! The sign-in routes: `{prefix}/auth/wechat/login`, `{prefix}/auth/alipay/login`,
//! `{prefix}/auth/refresh` and `{prefix}/auth/logout`, all `POST`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use crate::error::{code, ApiError};
use crate::extract::body::read_limited;
use crate::extract::json_located;

#[cfg(feature = "auth-alipay")]
use super::alipay::{AlipayClient, AlipayLogin, AlipayTokens, Grant};
use super::extract::bearer_token;
use super::rejection::{not_configured, sign_in_first, store_unavailable};
use super::session::{SessionRecord, SessionToken, Sessions};
use super::wechat::{WechatClient, WechatLogin};

/// What the sign-in routes share.
pub(crate) struct AuthRoutes {
    pub sessions: Sessions,
    pub wechat: Option<WechatClient>,
    #[cfg(feature = "auth-alipay")]
    pub alipay: Option<AlipayClient>,
    pub body_limit: usize,
}

type Shared = State<Arc<AuthRoutes>>;

pub(crate) fn router(prefix: &str, routes: AuthRoutes) -> Router {
    let path = |p: &str| format!("{}/auth{p}", prefix.trim_end_matches('/'));
    let router = Router::new()
        .route(&path("/wechat/login"), post(wechat_login))
        .route(&path("/refresh"), post(refresh))
        .route(&path("/logout"), post(logout));
    #[cfg(feature = "auth-alipay")]
    let router = router.route(&path("/alipay/login"), post(alipay_login));
    router.with_state(Arc::new(routes))
}

async fn wechat_login(State(routes): Shared, request: Request) -> Response {
    let result = async {
        let login: WechatLogin = read_json(&routes, request).await?;
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
    respond(result)
}

#[cfg(feature = "auth-alipay")]
async fn alipay_login(State(routes): Shared, request: Request) -> Response {
    let result = async {
        let login: AlipayLogin = read_json(&routes, request).await?;
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
    respond(result)
}

async fn refresh(State(routes): Shared, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = async {
        let token = bearer_token(&parts)?;
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
                .set_platform_secret(&new, Some(&secret))
                .await
                .map_err(store_unavailable)?;
        }
        Ok(issued)
    }
    .await;
    respond(result)
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
            code::UPSTREAM_ERROR,
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

async fn logout(State(routes): Shared, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = async {
        let token = bearer_token(&parts)?;
        match routes.sessions.revoke(&token).await {
            Ok(true) => Ok(serde_json::json!({ "revoked": true })),
            Ok(false) => Err(sign_in_first("the session has expired or was revoked")),
            Err(e) => Err(store_unavailable(e)),
        }
    }
    .await;
    respond(result)
}

async fn read_json<T: DeserializeOwned>(
    routes: &AuthRoutes,
    request: Request,
) -> Result<T, ApiError> {
    let (parts, body): (_, Body) = request.into_parts();
    let bytes = read_limited(&parts.headers, body, routes.body_limit).await?;
    // An empty body is an empty object, so the error names the missing field.
    let bytes: &[u8] = if bytes.is_empty() { b"{}" } else { &bytes };
    json_located("data", bytes)
}

fn required(value: Option<String>, field: &str, what: &str) -> Result<String, ApiError> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ApiError::new(
            code::BAD_REQUEST,
            format!("{field}: required, {what}"),
        )),
    }
}

fn respond<T: serde::Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => e.into_response(),
    }
}

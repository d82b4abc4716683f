//! WeChat mini-program sign-in: `POST {prefix}/auth/wechat/login {"code"}` exchanges the
//! `wx.login` code through `jscode2session` and opens a session for the `openid`.
//!
//! The `session_key` WeChat returns is kept in the session record only: it is in no
//! response, log line or error.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use super::rejection::PlatformRejection;
use crate::config::{ConfigError, Secret, TlsConfig, WechatConfig};
use crate::error::ApiError;
use crate::ops::FailureLog;

use super::session::SessionUser;

/// A `jscode2session` client for one mini program.
#[derive(Clone)]
pub(crate) struct WechatClient {
    pub(super) http: reqwest::Client,
    pub(super) appid: String,
    pub(super) secret: Secret,
    pub(super) base_url: String,
}

/// What `jscode2session` answers on success.
pub(crate) struct WechatSession {
    pub openid: String,
    pub unionid: Option<String>,
    pub session_key: String,
}

impl fmt::Debug for WechatSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WechatSession")
            .field("openid", &self.openid)
            .field("unionid", &self.unionid)
            .field("session_key", &"***")
            .finish()
    }
}

#[derive(Deserialize)]
struct Code2SessionResponse {
    #[serde(default)]
    openid: Option<String>,
    #[serde(default)]
    session_key: Option<String>,
    #[serde(default)]
    unionid: Option<String>,
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: Option<String>,
}

// The login body: `{"code": "<wx.login code>"}`.
// (No doc comment on the type: it would become the schema's description.) Read as an
// `Option`, so that a missing code gets the route's own message (`routes::required`);
// documented as the non-blank string it must be.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(inline)]
pub(crate) struct WechatLogin {
    /// The code from wx.login
    #[schemars(with = "String", required, length(min = 1), regex(pattern = r"\S"))]
    pub code: Option<String>,
}

/// One failed exchange, before mapping to the client's error.
enum Attempt {
    Busy,
    Failed(ApiError),
}

impl WechatClient {
    /// A client; `None` when `appid` or `secret` is not configured. A plain `http://`
    /// `base_url` is refused unless `allow_http` (debug builds).
    pub(crate) fn from_config(
        config: &WechatConfig,
        tls: &TlsConfig,
        allow_http: bool,
    ) -> Result<Option<WechatClient>, ConfigError> {
        if config.appid.is_empty() || config.secret.is_empty() {
            return Ok(None);
        }
        crate::outbound::require_https(
            "auth.wechat.base_url (env BFFKIT_WECHAT_BASE_URL)",
            &config.base_url,
            allow_http,
        )?;
        let http = crate::outbound::client_builder(tls)?
            .timeout(Duration::from_millis(config.timeout_ms.max(1)))
            .build()
            .map_err(|e| ConfigError {
                source: "auth.wechat".to_owned(),
                detail: e.to_string(),
            })?;
        Ok(Some(WechatClient {
            http,
            appid: config.appid.clone(),
            secret: config.secret.clone(),
            base_url: config.base_url.trim_end_matches('/').to_owned(),
        }))
    }

    /// Exchanges a `wx.login` code (a `wechat jscode2session` span in the request's trace).
    pub(crate) async fn code2session(&self, js_code: &str) -> Result<WechatSession, ApiError> {
        let result =
            crate::ops::traces::in_span("wechat jscode2session", self.exchange_code(js_code)).await;
        if result.is_ok() {
            WECHAT.success();
        }
        result
    }

    /// `-1` (busy) is retried once.
    async fn exchange_code(&self, js_code: &str) -> Result<WechatSession, ApiError> {
        match self.attempt(js_code).await {
            Ok(session) => return Ok(session),
            Err(Attempt::Failed(e)) => return Err(e),
            Err(Attempt::Busy) => {}
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        match self.attempt(js_code).await {
            Ok(session) => Ok(session),
            Err(Attempt::Failed(e)) => Err(e),
            Err(Attempt::Busy) => Err(ApiError::new(
                PlatformRejection::Unavailable.code(),
                "WeChat is busy (errcode -1), retried once: try again later",
            )),
        }
    }

    async fn attempt(&self, js_code: &str) -> Result<WechatSession, Attempt> {
        let url = format!("{}/sns/jscode2session", self.base_url);
        let response = self
            .http
            .get(&url)
            .query(&[
                ("appid", self.appid.as_str()),
                ("secret", self.secret.expose()),
                ("js_code", js_code),
                ("grant_type", "authorization_code"),
            ])
            .send()
            .await
            .map_err(|e| Attempt::Failed(transport_error(e)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| Attempt::Failed(transport_error(e)))?;
        let parsed: Code2SessionResponse = serde_json::from_slice(&body).map_err(|_| {
            Attempt::Failed(
                ApiError::new(
                    PlatformRejection::Failed.code(),
                    "WeChat answered jscode2session with something other than JSON",
                )
                .with_data(serde_json::json!({ "status": status.as_u16() })),
            )
        })?;
        match parsed.errcode.unwrap_or(0) {
            0 => match (parsed.openid, parsed.session_key) {
                (Some(openid), Some(session_key)) if !openid.is_empty() => Ok(WechatSession {
                    openid,
                    unionid: parsed.unionid.filter(|u| !u.is_empty()),
                    session_key,
                }),
                _ => Err(Attempt::Failed(ApiError::new(
                    PlatformRejection::Failed.code(),
                    "WeChat answered jscode2session without openid or session_key",
                ))),
            },
            -1 => Err(Attempt::Busy),
            errcode => Err(Attempt::Failed(
                self.errcode_error(errcode, parsed.errmsg.unwrap_or_default()),
            )),
        }
    }

    fn errcode_error(&self, errcode: i64, errmsg: String) -> ApiError {
        let (error_code, what) = match errcode {
            40029 => (PlatformRejection::Refused.code(), "the code is invalid"),
            40163 => (
                PlatformRejection::Refused.code(),
                "the code was already used",
            ),
            45011 => (
                PlatformRejection::RateLimited.code(),
                "too many sign-ins, slow down",
            ),
            40226 => (
                PlatformRejection::Blocked.code(),
                "WeChat blocked this user as high-risk",
            ),
            _ => (
                PlatformRejection::Failed.code(),
                "WeChat refused jscode2session",
            ),
        };
        // WeChat's errmsg may echo request parameters; the secret must not reach a client.
        let errmsg = if self.secret.is_empty() {
            errmsg
        } else {
            errmsg.replace(self.secret.expose(), "***")
        };
        ApiError::new(
            error_code,
            format!("WeChat sign-in: {what} (errcode {errcode})"),
        )
        .with_data(serde_json::json!({ "errcode": errcode, "errmsg": errmsg }))
    }

    /// The session owner for a successful exchange.
    pub(crate) fn user(session: &WechatSession) -> SessionUser {
        SessionUser {
            provider: "wechat".to_owned(),
            user_id: session.openid.clone(),
            unionid: session.unionid.clone(),
        }
    }
}

/// WeChat's API, as a dependency whose outages are logged (not once a sign-in).
pub(super) static WECHAT: FailureLog = FailureLog::new("WeChat API");

/// A failed call; its URL holds the secret, so the error is reported without it.
pub(super) fn transport_error(e: reqwest::Error) -> ApiError {
    let error = if e.is_timeout() {
        WECHAT.failure(&"no answer in time");
        ApiError::new(
            PlatformRejection::TimedOut.code(),
            "WeChat did not answer in time",
        )
    } else {
        let e = e.without_url();
        let detail = crate::outbound::describe(&e);
        WECHAT.failure(&detail);
        ApiError::new(
            PlatformRejection::Failed.code(),
            format!("cannot reach WeChat: {detail}"),
        )
    };
    error.reported()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> WechatConfig {
        WechatConfig {
            appid: "wx-app".to_owned(),
            secret: Secret::new("app-secret"),
            base_url: base_url.to_owned(),
            ..WechatConfig::default()
        }
    }

    /// What a release build does (`allow_http` is `cfg!(debug_assertions)` at the caller).
    #[test]
    fn release_rules_refuse_a_plain_http_base_url_naming_the_key() {
        let err = WechatClient::from_config(
            &config("http://api.weixin.qq.com"),
            &TlsConfig::default(),
            false,
        )
        .err()
        .expect("an http base_url was accepted");
        assert_eq!(
            err.to_string(),
            "invalid configuration in auth.wechat.base_url (env BFFKIT_WECHAT_BASE_URL): \
             `http://api.weixin.qq.com` is plain http: platform calls carry the app secret \
             and users' codes, so release builds accept https only"
        );
    }

    #[test]
    fn https_is_accepted_in_release_and_http_in_debug_builds() {
        let tls = TlsConfig::default();
        let https = WechatClient::from_config(&config("https://api.weixin.qq.com"), &tls, false);
        assert!(matches!(https, Ok(Some(_))));
        let http = WechatClient::from_config(&config("http://127.0.0.1:9"), &tls, true);
        assert!(matches!(http, Ok(Some(_))));
    }
}

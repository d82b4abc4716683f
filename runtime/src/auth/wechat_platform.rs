//! [`WechatPlatform`]: WeChat's server-to-server API for handlers, with the app's
//! `access_token`.
//!
//! The token comes from `POST /cgi-bin/stable_token` and is cached until
//! `token_refresh_before_secs` before it expires. The cache is shared through the session
//! store (Redis or SQLite), under a lock, so N instances fetch it once per expiry rather
//! than N times; each instance also keeps it in memory, so a request costs no store call
//! while the token is fresh.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRequestParts;
use http::request::Parts;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::context::AppContext;
use crate::error::{code, ApiError};
use crate::schema::{DocumentArg, OperationDoc};

use super::rejection::not_configured;
use super::session::{now_ms, SecretBox, SessionStore};
use super::wechat::{transport_error, WechatClient, WECHAT};
use super::wechat_data::{Watermark, WechatPhoneNumber};

/// How long one instance may hold the fetch lock (a fetch has `timeout_ms` anyway).
const LOCK_MS: u64 = 10_000;
/// How often an instance waiting for another's fetch looks for the result.
const WAIT_STEP: Duration = Duration::from_millis(25);

/// WeChat's server API for the configured mini program. Handlers take it as an argument;
/// without `[auth.wechat]` configured it answers 503.
///
/// ```
/// use bffkit::auth::{WechatPhoneNumber, WechatPlatform};
/// use bffkit::{ApiError, RequestOption};
///
/// #[bffkit::schema]
/// pub struct PhoneCode {
///     /// From the `getPhoneNumber` button's event.
///     pub code: String,
/// }
///
/// # /* The method macros need the route table an app's build script writes.
/// #[bffkit::post(auth)]
/// # */
/// pub async fn post(wechat: WechatPlatform, RequestOption { data, .. }: RequestOption<(), PhoneCode>)
///     -> Result<WechatPhoneNumber, ApiError> {
///     wechat.phone_number(&data.code).await
/// }
/// # fn main() {}
/// ```
#[derive(Clone)]
pub struct WechatPlatform {
    inner: Arc<Platform>,
}

impl std::fmt::Debug for WechatPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatPlatform")
            .field("appid", &self.inner.client.appid)
            .finish_non_exhaustive()
    }
}

/// What every request's `WechatPlatform` shares.
pub(crate) struct Platform {
    client: WechatClient,
    store: Arc<dyn SessionStore>,
    secrets: SecretBox,
    refresh_before: i64,
    /// This instance's copy; the mutex also makes one request fetch while the others wait.
    local: tokio::sync::Mutex<Option<CachedToken>>,
}

/// A token and when to stop using it, as shared in the store.
#[derive(Clone, Serialize, Deserialize)]
struct CachedToken {
    access_token: String,
    /// When WeChat says it expires (Unix milliseconds).
    expires_at_ms: i64,
    /// When to fetch the next one (Unix milliseconds).
    refresh_at_ms: i64,
}

impl CachedToken {
    fn is_fresh(&self) -> bool {
        now_ms() < self.refresh_at_ms
    }
}

#[derive(Deserialize)]
struct StableTokenResponse {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: Option<String>,
}

#[derive(Deserialize)]
struct PhoneResponse {
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: Option<String>,
    #[serde(default)]
    phone_info: Option<PhoneInfo>,
}

#[derive(Deserialize)]
struct PhoneInfo {
    #[serde(flatten)]
    number: WechatPhoneNumber,
    watermark: Option<Watermark>,
}

impl Platform {
    pub(crate) fn new(
        client: WechatClient,
        store: Arc<dyn SessionStore>,
        secrets: SecretBox,
        refresh_before_secs: u64,
    ) -> Platform {
        Platform {
            client,
            store,
            secrets,
            refresh_before: refresh_before_secs as i64,
            local: tokio::sync::Mutex::new(None),
        }
    }

    fn shared_key(&self) -> String {
        format!("wechat:{}:access_token", self.client.appid)
    }

    /// A fresh token: this instance's copy, the shared one, or a new one.
    async fn access_token(&self) -> Result<String, ApiError> {
        let mut local = self.local.lock().await;
        if let Some(token) = local.as_ref().filter(|t| t.is_fresh()) {
            return Ok(token.access_token.clone());
        }
        let token = self.shared_or_fetched().await?;
        let access_token = token.access_token.clone();
        *local = Some(token);
        Ok(access_token)
    }

    /// Drops a token WeChat refused, here and in the store, so the next call fetches.
    async fn forget(&self, refused: &str) {
        let mut local = self.local.lock().await;
        if local.as_ref().is_some_and(|t| t.access_token == refused) {
            *local = None;
        }
        if let Ok(Some(shared)) = self.read_shared().await {
            if shared.access_token == refused {
                let _ = self.store.put_shared(&self.shared_key(), "", 0).await;
            }
        }
    }

    async fn read_shared(&self) -> Result<Option<CachedToken>, ApiError> {
        match self.store.get_shared(&self.shared_key()).await {
            Ok(Some(text)) => Ok(self
                .secrets
                .open(&text, &self.shared_key())
                .and_then(|text| serde_json::from_str::<CachedToken>(&text).ok())
                .filter(CachedToken::is_fresh)),
            Ok(None) => Ok(None),
            Err(e) => Err(ApiError::new(code::SERVICE_UNAVAILABLE, e.to_string())),
        }
    }

    /// The shared token, or one fetched under the store's lock and shared. Instances that
    /// find the lock taken wait for the holder's result.
    async fn shared_or_fetched(&self) -> Result<CachedToken, ApiError> {
        let key = self.shared_key();
        let lock = format!("{key}:lock");
        let deadline = now_ms() + LOCK_MS as i64;
        loop {
            let shared = match self.read_shared().await {
                Ok(shared) => shared,
                Err(e) => {
                    // The store is down: serve this instance on its own rather than fail.
                    tracing::warn!(error = %e.msg(), "access_token cache unavailable; fetching without it");
                    return self.fetch().await;
                }
            };
            if let Some(token) = shared {
                return Ok(token);
            }
            match self.store.try_lock(&lock, LOCK_MS).await {
                Ok(true) => {
                    // Another instance may have shared one between our read and the lock.
                    let result = match self.read_shared().await {
                        Ok(Some(token)) => Ok(token),
                        _ => self.fetch_and_share(&key).await,
                    };
                    let _ = self.store.unlock(&lock).await;
                    return result;
                }
                Ok(false) if now_ms() < deadline => tokio::time::sleep(WAIT_STEP).await,
                Ok(false) => return self.fetch().await,
                Err(e) => {
                    tracing::warn!(error = %e, "access_token lock unavailable; fetching without it");
                    return self.fetch().await;
                }
            }
        }
    }

    async fn fetch_and_share(&self, key: &str) -> Result<CachedToken, ApiError> {
        let token = self.fetch().await?;
        let text = serde_json::to_string(&token).map_err(ApiError::internal)?;
        let text = self
            .secrets
            .seal(&text, key)
            .map_err(|e| ApiError::internal(format!("no random source: {e}")))?;
        let expires_at = token.expires_at_ms / 1000 + 1;
        if let Err(e) = self.store.put_shared(key, &text, expires_at).await {
            tracing::warn!(error = %e, "could not share the access_token");
        }
        Ok(token)
    }

    /// `POST /cgi-bin/stable_token` (a `wechat stable_token` span in the request's trace).
    async fn fetch(&self) -> Result<CachedToken, ApiError> {
        crate::ops::traces::in_span("wechat stable_token", self.fetch_token()).await
    }

    /// Normal mode: no forced refresh, which WeChat limits.
    async fn fetch_token(&self) -> Result<CachedToken, ApiError> {
        let client = &self.client;
        let response = client
            .http
            .post(format!("{}/cgi-bin/stable_token", client.base_url))
            .json(&json!({
                "grant_type": "client_credential",
                "appid": client.appid,
                "secret": client.secret.expose(),
                "force_refresh": false,
            }))
            .send()
            .await
            .map_err(transport_error)?;
        let body = response.bytes().await.map_err(transport_error)?;
        WECHAT.success();
        let parsed: StableTokenResponse = serde_json::from_slice(&body).map_err(|_| {
            ApiError::new(
                code::UPSTREAM_ERROR,
                "WeChat answered stable_token with something other than JSON",
            )
        })?;
        match (
            parsed.errcode.unwrap_or(0),
            parsed.access_token,
            parsed.expires_in,
        ) {
            (0, Some(access_token), Some(expires_in)) if !access_token.is_empty() => {
                let fetched = now_ms();
                tracing::info!(expires_in, "fetched WeChat access_token");
                Ok(CachedToken {
                    access_token,
                    expires_at_ms: fetched + expires_in * 1000,
                    refresh_at_ms: fetched + (expires_in - self.refresh_before).max(0) * 1000,
                })
            }
            (errcode, _, _) => Err(ApiError::new(
                code::UPSTREAM_ERROR,
                format!("WeChat refused stable_token (errcode {errcode})"),
            )
            .with_data(json!({
                "errcode": errcode,
                "errmsg": parsed.errmsg.unwrap_or_default().replace(client.secret.expose(), "***"),
            }))),
        }
    }
}

/// WeChat's codes for an access_token it no longer accepts.
fn token_refused(errcode: i64) -> bool {
    matches!(errcode, 40001 | 40014 | 42001)
}

impl WechatPlatform {
    /// The app's current `access_token`, for calls this type does not wrap. Keep it
    /// server-side.
    pub async fn access_token(&self) -> Result<String, ApiError> {
        self.inner.access_token().await
    }

    /// The phone number behind a `getPhoneNumber` button's `code`
    /// (`POST /wxa/business/getuserphonenumber`). A token WeChat refuses is fetched again
    /// once.
    pub async fn phone_number(&self, code: &str) -> Result<WechatPhoneNumber, ApiError> {
        for attempt in 0..2 {
            let token = self.inner.access_token().await?;
            let asked = crate::ops::traces::in_span(
                "wechat getuserphonenumber",
                self.ask_phone_number(&token, code),
            )
            .await;
            return match asked {
                Ok(number) => Ok(number),
                Err(PhoneFailure::Refused { errcode, .. })
                    if token_refused(errcode) && attempt == 0 =>
                {
                    self.inner.forget(&token).await;
                    continue;
                }
                Err(PhoneFailure::Refused { errcode: 40029, .. }) => Err(ApiError::new(
                    code::BAD_REQUEST,
                    "code: WeChat says the phone-number code is invalid or used (errcode 40029)",
                )),
                Err(PhoneFailure::Refused { errcode, errmsg }) => Err(ApiError::new(
                    code::UPSTREAM_ERROR,
                    format!("WeChat refused getuserphonenumber (errcode {errcode})"),
                )
                .with_data(json!({ "errcode": errcode, "errmsg": errmsg }))),
                Err(PhoneFailure::Call(e)) => Err(e),
            };
        }
        Err(ApiError::new(
            code::UPSTREAM_ERROR,
            "WeChat refused a freshly fetched access_token",
        ))
    }

    /// One `getuserphonenumber` call with `token`.
    async fn ask_phone_number(
        &self,
        token: &str,
        code: &str,
    ) -> Result<WechatPhoneNumber, PhoneFailure> {
        let client = &self.inner.client;
        let response = client
            .http
            .post(format!(
                "{}/wxa/business/getuserphonenumber",
                client.base_url
            ))
            .query(&[("access_token", token)])
            .json(&json!({ "code": code }))
            .send()
            .await
            .map_err(transport_error)?;
        let body = response.bytes().await.map_err(transport_error)?;
        WECHAT.success();
        let parsed: PhoneResponse = serde_json::from_slice(&body).map_err(|_| {
            ApiError::new(
                code::UPSTREAM_ERROR,
                "WeChat answered getuserphonenumber with something other than JSON",
            )
        })?;
        match (parsed.errcode.unwrap_or(0), parsed.phone_info) {
            (0, Some(info)) => {
                if let Some(found) = info
                    .watermark
                    .map(|w| w.appid)
                    .filter(|appid| *appid != client.appid)
                {
                    return Err(PhoneFailure::Call(ApiError::new(
                        code::UPSTREAM_ERROR,
                        format!(
                            "WeChat's phone_info carries watermark.appid `{found}`, not this app's"
                        ),
                    )));
                }
                Ok(info.number)
            }
            (errcode, _) => Err(PhoneFailure::Refused {
                errcode,
                errmsg: parsed.errmsg.unwrap_or_default(),
            }),
        }
    }
}

/// Why a `getuserphonenumber` call gave no number (the span's error).
enum PhoneFailure {
    /// WeChat answered with an `errcode`.
    Refused { errcode: i64, errmsg: String },
    /// The call failed, or its answer is not what WeChat documents.
    Call(ApiError),
}

impl From<ApiError> for PhoneFailure {
    fn from(error: ApiError) -> PhoneFailure {
        PhoneFailure::Call(error)
    }
}

impl std::fmt::Display for PhoneFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PhoneFailure::Refused { errcode, .. } => {
                write!(f, "WeChat refused getuserphonenumber (errcode {errcode})")
            }
            PhoneFailure::Call(e) => e.fmt(f),
        }
    }
}

impl FromRequestParts<AppContext> for WechatPlatform {
    type Rejection = ApiError;

    async fn from_request_parts(_parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        match ctx.state::<Option<Arc<Platform>>>() {
            Some(Some(inner)) => Ok(WechatPlatform {
                inner: inner.clone(),
            }),
            Some(None) => Err(not_configured(
                "WeChat",
                "[auth.wechat] appid and secret (env BFFKIT_WECHAT_APPID, BFFKIT_WECHAT_SECRET)",
            )),
            None => Err(ApiError::internal(
                "sessions are not set up: add `.auth(bffkit::auth::Auth::new())` to the App",
            )),
        }
    }
}

impl DocumentArg for WechatPlatform {
    fn document(doc: &mut OperationDoc) {
        doc.calls_upstreams = true;
    }
}

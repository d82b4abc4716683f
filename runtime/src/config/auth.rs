//! `[auth]`: sessions, API keys and the mini-program platforms. Read only when the app
//! switches sign-in on (`App::auth`, feature `auth`); parsed always, so a `bffkit.toml`
//! stays valid whichever features a build has.

use std::fmt;

use serde::Deserialize;

use super::ConfigError;

/// `[auth]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// Where sessions live: `memory` (default), `sqlite` or `redis`; env `BFFKIT_SESSION_STORE`.
    pub store: SessionStoreKind,
    /// Absolute session lifetime in seconds (default 14 days); env `BFFKIT_SESSION_TTL_SECS`.
    pub session_ttl_secs: u64,
    /// A session unused this long expires (default 1 day); env `BFFKIT_IDLE_TTL_SECS`.
    pub idle_ttl_secs: u64,
    /// How often expired sessions are deleted from the memory and SQLite stores (default
    /// 5 minutes); env `BFFKIT_SESSION_CLEANUP_SECS`.
    pub cleanup_interval_secs: u64,
    /// The SQLite file (default `bffkit-sessions.db`); env `BFFKIT_SESSION_SQLITE_PATH`.
    pub sqlite_path: String,
    /// The Redis URL (default `redis://127.0.0.1:6379/`); env `BFFKIT_REDIS_URL`.
    pub redis_url: String,
    /// Keys accepted by the `ApiKey` guard; env `BFFKIT_API_KEYS` (comma-separated).
    pub api_keys: Vec<Secret>,
    /// The header the `ApiKey` guard reads (default `x-api-key`); env `BFFKIT_API_KEY_HEADER`.
    pub api_key_header: String,
    /// Base64 of 32 random bytes: platform secrets (WeChat `session_key`, Alipay tokens, the
    /// shared WeChat `access_token`) are stored AES-256-GCM encrypted with it; env
    /// `BFFKIT_SESSION_SECRET_KEY`. Unset: stored as they are.
    pub secret_key: Secret,
    /// `[auth.cookie]`: the session cookie for browsers.
    pub cookie: CookieConfig,
    /// `[auth.wechat]`.
    pub wechat: WechatConfig,
    /// `[auth.alipay]`.
    pub alipay: AlipayConfig,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            store: SessionStoreKind::Memory,
            session_ttl_secs: 14 * 24 * 3600,
            idle_ttl_secs: 24 * 3600,
            cleanup_interval_secs: 300,
            sqlite_path: "bffkit-sessions.db".to_owned(),
            redis_url: "redis://127.0.0.1:6379/".to_owned(),
            api_keys: Vec::new(),
            api_key_header: "x-api-key".to_owned(),
            secret_key: Secret::default(),
            cookie: CookieConfig::default(),
            wechat: WechatConfig::default(),
            alipay: AlipayConfig::default(),
        }
    }
}

/// Which session store `[auth] store` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStoreKind {
    /// In the process: lost on restart, not shared.
    Memory,
    /// A SQLite file (feature `auth-sqlite`).
    Sqlite,
    /// A Redis server shared by many instances (feature `auth-redis`).
    Redis,
}

/// `[auth.cookie]`: sessions carried by a cookie, for web pages. Off by default; when on,
/// sign-in from a browser (a request with `Origin` or `Sec-Fetch-Site`) answers with the
/// cookie instead of a token the page's scripts could read.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CookieConfig {
    /// Env `BFFKIT_SESSION_COOKIE` (`1`/`0`).
    pub enabled: bool,
    /// The cookie's name (default `bffkit_session`); env `BFFKIT_SESSION_COOKIE_NAME`.
    pub name: String,
    /// Sent over HTTPS only (default true; turn off for plain-http development); env
    /// `BFFKIT_SESSION_COOKIE_SECURE`.
    pub secure: bool,
    /// `strict` (default), `lax` or `none` (needs `secure`); env
    /// `BFFKIT_SESSION_COOKIE_SAMESITE`.
    pub same_site: SameSite,
    /// The cookie's path (default `/`); env `BFFKIT_SESSION_COOKIE_PATH`.
    pub path: String,
    /// The cookie's lifetime in seconds (default: `session_ttl_secs`); env
    /// `BFFKIT_SESSION_COOKIE_MAX_AGE_SECS`.
    pub max_age_secs: Option<u64>,
    /// Pages on other origins allowed to make state-changing requests with the cookie
    /// (e.g. `https://admin.example.com`); env `BFFKIT_SESSION_COOKIE_TRUSTED_ORIGINS`
    /// (comma-separated).
    pub trusted_origins: Vec<String>,
}

impl Default for CookieConfig {
    fn default() -> Self {
        CookieConfig {
            enabled: false,
            name: "bffkit_session".to_owned(),
            secure: true,
            same_site: SameSite::Strict,
            path: "/".to_owned(),
            max_age_secs: None,
            trusted_origins: Vec::new(),
        }
    }
}

/// The cookie's `SameSite` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SameSite {
    /// Sent on requests from this site only.
    Strict,
    /// Also sent on top-level navigations from other sites.
    Lax,
    /// Sent on every request (needs `secure`).
    None,
}

impl SameSite {
    /// The attribute's value.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

/// `[auth.wechat]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WechatConfig {
    /// The mini program's AppID; env `BFFKIT_WECHAT_APPID`.
    pub appid: String,
    /// The AppSecret; env `BFFKIT_WECHAT_SECRET`.
    pub secret: Secret,
    /// The API base (default `https://api.weixin.qq.com`); env `BFFKIT_WECHAT_BASE_URL`.
    pub base_url: String,
    /// Time allowed for one `jscode2session` call (default 5000 ms); env
    /// `BFFKIT_WECHAT_TIMEOUT_MS`.
    pub timeout_ms: u64,
    /// The server-side `access_token` is fetched again this long before it expires
    /// (default 300 s: WeChat's `stable_token` hands out the next token in its last 5
    /// minutes); env `BFFKIT_WECHAT_TOKEN_REFRESH_BEFORE_SECS`.
    pub token_refresh_before_secs: u64,
}

impl Default for WechatConfig {
    fn default() -> Self {
        WechatConfig {
            appid: String::new(),
            secret: Secret::default(),
            base_url: "https://api.weixin.qq.com".to_owned(),
            timeout_ms: 5000,
            token_refresh_before_secs: 300,
        }
    }
}

/// `[auth.alipay]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlipayConfig {
    /// The app's `app_id`; env `BFFKIT_ALIPAY_APP_ID`.
    pub app_id: String,
    /// A PEM file holding the app private key (PKCS#8 or PKCS#1); env
    /// `BFFKIT_ALIPAY_PRIVATE_KEY_PATH`. Env `BFFKIT_ALIPAY_PRIVATE_KEY` holds the key itself.
    pub private_key_path: String,
    /// The key itself (PEM, or the bare base64 the Alipay console shows); env only.
    #[serde(skip)]
    pub private_key: Secret,
    /// A PEM file holding Alipay's public key ("支付宝公钥", not the app's), which verifies
    /// the gateway's answers; env `BFFKIT_ALIPAY_PUBLIC_KEY_PATH`. Env
    /// `BFFKIT_ALIPAY_PUBLIC_KEY` holds the key itself (PEM or the console's bare base64).
    pub alipay_public_key_path: String,
    /// The key itself; env only.
    #[serde(skip)]
    pub alipay_public_key: String,
    /// The gateway (default `https://openapi.alipay.com/gateway.do`); env `BFFKIT_ALIPAY_GATEWAY`.
    pub gateway: String,
    /// Time allowed for one gateway call (default 5000 ms); env `BFFKIT_ALIPAY_TIMEOUT_MS`.
    pub timeout_ms: u64,
}

impl Default for AlipayConfig {
    fn default() -> Self {
        AlipayConfig {
            app_id: String::new(),
            private_key_path: String::new(),
            private_key: Secret::default(),
            alipay_public_key_path: String::new(),
            alipay_public_key: String::new(),
            gateway: "https://openapi.alipay.com/gateway.do".to_owned(),
            timeout_ms: 5000,
        }
    }
}

/// A configured secret: its `Debug` never shows the value.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is unset.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

impl AuthConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        self.cookie.check()?;
        if self.session_ttl_secs == 0 || self.idle_ttl_secs == 0 {
            return Err(ConfigError {
                source: "auth.session_ttl_secs / auth.idle_ttl_secs".to_owned(),
                detail: "must be at least 1 second".to_owned(),
            });
        }
        if http::HeaderName::from_bytes(self.api_key_header.as_bytes()).is_err() {
            return Err(ConfigError {
                source: "auth.api_key_header".to_owned(),
                detail: format!("`{}` is not a header name", self.api_key_header),
            });
        }
        Ok(())
    }
}

impl CookieConfig {
    fn check(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, detail: String| ConfigError {
            source: format!("auth.cookie.{key}"),
            detail,
        };
        // RFC 6265 cookie-name: a token (no separators, no controls).
        let token = !self.name.is_empty()
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
        if !token {
            return Err(bad("name", format!("`{}` is not a cookie name", self.name)));
        }
        if !self.path.starts_with('/')
            || self.path.bytes().any(|b| b == b';' || b.is_ascii_control())
        {
            return Err(bad(
                "path",
                format!("`{}`: must start with `/` and hold no `;`", self.path),
            ));
        }
        if self.same_site == SameSite::None && !self.secure {
            return Err(bad(
                "same_site",
                "`none` needs `secure = true` (browsers drop SameSite=None cookies without Secure)"
                    .to_owned(),
            ));
        }
        for origin in &self.trusted_origins {
            let well_formed = (origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.ends_with('/');
            if !well_formed {
                return Err(bad(
                    "trusted_origins",
                    format!("`{origin}`: expected an origin like `https://admin.example.com`"),
                ));
            }
        }
        Ok(())
    }
}

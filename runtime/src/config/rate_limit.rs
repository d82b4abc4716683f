//! `[rate_limit]`: request rates per client, per user or per key, on chosen routes and on
//! the sign-in routes (see `crate::rate_limit`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;

/// `[rate_limit]`.
///
/// ```toml
/// [rate_limit]
/// trusted_proxies = ["10.0.0.0/8"]   # who may say the client's address in X-Forwarded-For
///
/// [rate_limit.routes.hello]          # `hello` names the policy in `RateLimit-Policy`
/// path = "/api/hello"                # a route, or a folder: "/api/admin/*"
/// requests = 100                     # 100 requests ...
/// period_secs = 60                   # ... a minute, in a burst of up to `burst` (default: requests)
/// key = "ip"                         # or "user", "api_key", "app:<name>"
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Switches every limit off (default on); env `BFFKIT_RATE_LIMIT`.
    pub enabled: bool,
    /// Where the counters live: `memory` (this process) or `redis` (shared by every
    /// instance, at `[auth] redis_url`). Default: `redis` when `[auth] store = "redis"`,
    /// else `memory`. Env `BFFKIT_RATE_LIMIT_STORE`.
    pub store: Option<RateLimitStoreKind>,
    /// When the Redis store does not answer: `open` admits the request (default),
    /// `closed` answers 503. Env `BFFKIT_RATE_LIMIT_ON_STORE_ERROR`.
    pub on_store_error: OnStoreError,
    /// Whether admitted answers carry `RateLimit` and `RateLimit-Policy` too (default off:
    /// a 429 always does). Adding two fields to every answer costs more than the check
    /// itself (BENCHMARKS.md); turn it on for clients that pace themselves. Env
    /// `BFFKIT_RATE_LIMIT_FIELDS`.
    pub fields_on_success: bool,
    /// How long a Redis call may take before it counts as failed (default 250 ms).
    pub store_timeout_ms: u64,
    /// Most keys the memory store remembers (default 100,000; about 16 bytes each); past
    /// that the keys nearest their full quota are forgotten. Env `BFFKIT_RATE_LIMIT_MEMORY_KEYS`.
    pub memory_keys: usize,
    /// Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` / `Forwarded` headers
    /// name the client; from any other peer those headers are ignored (default none).
    /// Env `BFFKIT_TRUSTED_PROXIES` (comma-separated).
    pub trusted_proxies: Vec<String>,
    /// The limit on `{prefix}/auth/*/login` and `{prefix}/auth/refresh`, which spend the
    /// app's WeChat and Alipay quotas (default 20 a minute per client address).
    pub sign_in: PolicyConfig,
    /// Limits by route or folder, each under its policy name.
    pub routes: BTreeMap<String, RouteLimitConfig>,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            enabled: true,
            store: None,
            on_store_error: OnStoreError::Open,
            fields_on_success: false,
            store_timeout_ms: 250,
            memory_keys: 100_000,
            trusted_proxies: Vec::new(),
            sign_in: PolicyConfig {
                requests: 20,
                period_secs: 60,
                burst: None,
                key: "ip".to_owned(),
            },
            routes: BTreeMap::new(),
        }
    }
}

/// `[rate_limit] store`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateLimitStoreKind {
    /// Counters in this process, in a table of fixed size.
    Memory,
    /// Counters in Redis (feature `auth-redis`), one round trip a request.
    Redis,
}

/// `[rate_limit] on_store_error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnStoreError {
    /// Admit requests while the store is down.
    Open,
    /// Refuse them (503) while the store is down.
    Closed,
}

/// A rate: `requests` every `period_secs`, at most `burst` at once, counted per `key`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// Requests admitted per period.
    pub requests: u32,
    /// The period in seconds (default 60).
    #[serde(default = "default_period")]
    pub period_secs: u64,
    /// Requests admitted at once after a quiet period (default: `requests`).
    #[serde(default)]
    pub burst: Option<u32>,
    /// Whose requests are counted together: `ip` (default), `user` (the signed-in user,
    /// else the address), `api_key` (the presented key, else the address), or
    /// `app:<name>` (a key the app computes, registered with `App::rate_limit_key`).
    #[serde(default = "default_key")]
    pub key: String,
}

/// `[rate_limit.routes.<name>]`: a policy on a route or a folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteLimitConfig {
    /// A route as the route table prints it (`/api/user/{id}`), or a folder with `/*`
    /// (`/api/admin/*`: every route under it).
    pub path: String,
    /// Only these methods (default: all).
    #[serde(default)]
    pub methods: Vec<String>,
    /// The rate.
    #[serde(flatten)]
    pub policy: PolicyConfig,
}

fn default_period() -> u64 {
    60
}

fn default_key() -> String {
    "ip".to_owned()
}

impl PolicyConfig {
    /// The burst, defaulted.
    pub fn burst(&self) -> u32 {
        self.burst.unwrap_or(self.requests)
    }

    pub(super) fn check(&self, at: &str) -> Result<(), ConfigError> {
        let error = |field: &str, detail: &str| ConfigError {
            source: format!("{at}.{field}"),
            detail: detail.to_owned(),
        };
        if self.requests == 0 {
            return Err(error("requests", "must be at least 1"));
        }
        if self.period_secs == 0 {
            return Err(error("period_secs", "must be at least 1"));
        }
        if self.burst == Some(0) {
            return Err(error("burst", "must be at least 1"));
        }
        match self.key.as_str() {
            "ip" | "user" | "api_key" => Ok(()),
            key if key.strip_prefix("app:").is_some_and(|n| !n.is_empty()) => Ok(()),
            key => Err(error(
                "key",
                &format!("`{key}`: expected ip, user, api_key or app:<name>"),
            )),
        }
    }
}

impl RateLimitConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        self.sign_in.check("rate_limit.sign_in")?;
        for (name, route) in &self.routes {
            let at = format!("rate_limit.routes.{name}");
            if !is_token(name) {
                return Err(ConfigError {
                    source: at,
                    detail: "a policy name is a letter then letters, digits, `-`, `_` or `.` \
                             (it is sent in the RateLimit-Policy header)"
                        .to_owned(),
                });
            }
            if !route.path.starts_with('/') {
                return Err(ConfigError {
                    source: format!("{at}.path"),
                    detail: format!("`{}`: must start with `/`", route.path),
                });
            }
            for method in &route.methods {
                if http::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).is_err() {
                    return Err(ConfigError {
                        source: format!("{at}.methods"),
                        detail: format!("`{method}` is not an HTTP method"),
                    });
                }
            }
            route.policy.check(&at)?;
        }
        if self.memory_keys == 0 {
            return Err(ConfigError {
                source: "rate_limit.memory_keys".to_owned(),
                detail: "must be at least 1".to_owned(),
            });
        }
        for proxy in &self.trusted_proxies {
            super::IpRange::parse(proxy).map_err(|detail| ConfigError {
                source: "rate_limit.trusted_proxies".to_owned(),
                detail,
            })?;
        }
        Ok(())
    }
}

/// A Structured Fields token that needs no quoting, as policy names are sent.
fn is_token(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

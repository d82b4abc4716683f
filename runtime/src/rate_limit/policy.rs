//! `RateLimit`: one limit (a rate, and whose requests it counts together), as a folder's
//! `_middleware.rs` declares it or `[rate_limit.routes.<name>]` configures it.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::request::Parts;

use super::gcra::Gcra;
use crate::config::PolicyConfig;

/// A key the app computes from the request (a tenant, a device id); `None` counts the
/// request by its client address instead.
pub type KeyFn = Arc<dyn Fn(&Parts) -> Option<String> + Send + Sync>;

/// Whose requests a limit counts together.
#[derive(Clone)]
pub enum LimitKey {
    /// The client's address (the peer, or from `X-Forwarded-For`/`Forwarded` when the
    /// peer is one of `[rate_limit] trusted_proxies`).
    Ip,
    /// The signed-in user (feature `auth`); requests without a valid session count by
    /// address.
    User,
    /// The API key the request presents in `[auth] api_key_header`; without one, by
    /// address.
    ApiKey,
    /// A key the app computes, under a name for the manifest.
    App(Cow<'static, str>, KeyFn),
}

impl LimitKey {
    /// A key computed by `key` (`None`: count by address), named `name` in the manifest.
    pub fn app(
        name: impl Into<Cow<'static, str>>,
        key: impl Fn(&Parts) -> Option<String> + Send + Sync + 'static,
    ) -> LimitKey {
        LimitKey::App(name.into(), Arc::new(key))
    }

    /// `ip`, `user`, `api_key` or `app:<name>`, as in `bffkit.toml`.
    pub fn name(&self) -> Cow<'_, str> {
        match self {
            LimitKey::Ip => "ip".into(),
            LimitKey::User => "user".into(),
            LimitKey::ApiKey => "api_key".into(),
            LimitKey::App(name, _) => format!("app:{name}").into(),
        }
    }
}

impl fmt::Debug for LimitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A limit: `requests` per `period`, at most `burst` at once, counted per [`LimitKey`].
///
/// ```
/// use std::time::Duration;
/// use bffkit::rate_limit::{LimitKey, RateLimit};
///
/// // 10 a minute per signed-in user, 3 at once.
/// let limit = RateLimit::new("reports", 10, Duration::from_secs(60))
///     .burst(3)
///     .key(LimitKey::User);
/// assert_eq!(limit.policy_header(), "reports;q=10;w=60");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct RateLimit {
    pub(crate) name: Cow<'static, str>,
    pub(crate) requests: u32,
    pub(crate) period_secs: u64,
    pub(crate) burst: u32,
    pub(crate) key: LimitKey,
    /// Tells this limit's counters from another's in the memory store.
    pub(crate) seed: u64,
}

impl RateLimit {
    /// `requests` per `period` (whole seconds, at least one), by client address, with a
    /// burst of `requests`. `name` names it in the `RateLimit-Policy` header and the manifest.
    pub fn new(name: impl Into<Cow<'static, str>>, requests: u32, period: Duration) -> RateLimit {
        RateLimit {
            name: name.into(),
            requests: requests.max(1),
            period_secs: period.as_secs().max(1),
            burst: requests.max(1),
            key: LimitKey::Ip,
            seed: 0,
        }
        .seeded()
    }

    /// At most `burst` requests at once (after a quiet period).
    pub fn burst(mut self, burst: u32) -> RateLimit {
        self.burst = burst.max(1);
        self
    }

    /// Counts requests by `key` instead of by address.
    pub fn key(mut self, key: LimitKey) -> RateLimit {
        self.key = key;
        self
    }

    /// `name;q=<requests>;w=<period>`: this limit as an item of the `RateLimit-Policy`
    /// field (draft-ietf-httpapi-ratelimit-headers-10).
    pub fn policy_header(&self) -> String {
        format!("{};q={};w={}", self.name, self.requests, self.period_secs)
    }

    /// The limit `[rate_limit]` configures; `None` for an `app:<name>` key the app has
    /// not registered (named in the error).
    pub(crate) fn from_config(
        name: &str,
        config: &PolicyConfig,
        app_key: impl Fn(&str) -> Option<KeyFn>,
    ) -> Result<RateLimit, String> {
        let key = match config.key.as_str() {
            "ip" => LimitKey::Ip,
            "user" => LimitKey::User,
            "api_key" => LimitKey::ApiKey,
            other => {
                let app = other.strip_prefix("app:").unwrap_or(other);
                let key = app_key(app).ok_or_else(|| {
                    format!(
                        "key `{other}`: no key `{app}` is registered; add \
                         `.rate_limit_key(\"{app}\", |parts| ...)` to the App"
                    )
                })?;
                LimitKey::App(app.to_owned().into(), key)
            }
        };
        Ok(RateLimit {
            name: name.to_owned().into(),
            requests: config.requests,
            period_secs: config.period_secs,
            burst: config.burst(),
            key,
            seed: 0,
        }
        .seeded())
    }

    /// Its seed, from its name.
    fn seeded(mut self) -> RateLimit {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher =
            std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().build_hasher();
        hasher.write(self.name.as_bytes());
        self.seed = hasher.finish();
        self
    }

    pub(crate) fn gcra(&self) -> Gcra {
        Gcra::new(self.requests, self.period_secs, self.burst)
    }

    /// What the manifest's `x-bffkit-rate-limit` says of it.
    pub(crate) fn describe(&self) -> bffkit_contract::manifest::RateLimitEntry {
        bffkit_contract::manifest::RateLimitEntry {
            name: self.name.to_string(),
            requests: self.requests.into(),
            period_secs: self.period_secs,
            burst: self.burst.into(),
            key: self.key.name().to_string(),
        }
    }
}

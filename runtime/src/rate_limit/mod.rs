//! Rate limits: requests per client address, signed-in user, API key or app-computed key,
//! on chosen routes (`[rate_limit.routes.<name>]` in `bffkit.toml`, or a folder's
//! `_middleware.rs`) and on the sign-in routes (`[rate_limit.sign_in]`, on by default).
//!
//! - **Algorithm**: GCRA (`gcra.rs`), one timestamp per key, no boundary bursts.
//! - **Stores**: in memory, a fixed-size table (`memory.rs`: a flood of distinct keys
//!   cannot grow it); or Redis (`redis.rs`, one Lua script, one round trip), shared by every
//!   instance. When Redis fails, `on_store_error` admits (`open`) or refuses with 503
//!   (`closed`), and the log says so once per change.
//! - **Answers**: past a limit, 429 `{"code": 20011, "msg": ...}` with `Retry-After` and the
//!   `RateLimit` / `RateLimit-Policy` fields of draft-ietf-httpapi-ratelimit-headers-10;
//!   admitted answers carry the two fields too. A batch call over its limit gets its 429
//!   in its own slot.
//! - **Declared**: each limited operation lists 429 in the manifest, with its limits under
//!   `x-bffkit-rate-limit`.
//!
//! A lambda checks its limits itself (no service around it for them), or, when a folder's
//! middleware wraps it, a layer checks them before that middleware runs. A route without
//! limits gets neither.
//!
//! ```
//! // api/lambda/reports/_middleware.rs: 10 a minute per signed-in user
//! use std::time::Duration;
//! use bffkit::rate_limit::{LimitKey, RateLimit};
//!
//! pub fn middleware() -> bffkit::Middleware {
//!     bffkit::Middleware::rate_limit(
//!         RateLimit::new("reports", 10, Duration::from_secs(60)).key(LimitKey::User),
//!     )
//! }
//! # let _ = middleware();
//! ```

mod client_ip;
mod gcra;
mod layer;
mod limiter;
mod memory;
mod policy;
#[cfg(feature = "auth-redis")]
mod redis;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;

use http::Method;

pub use crate::config::IpRange;
pub use policy::{KeyFn, LimitKey, RateLimit};

pub(crate) use layer::{Admission, RateLimitLayer, RouteLimits};

use crate::config::{Config, ConfigError};
use crate::context::AppContext;
use layer::Applied;
use limiter::Limiter;

/// Keys the app computes, by name (`App::rate_limit_key`), for `key = "app:<name>"`.
#[derive(Clone, Default)]
pub(crate) struct AppKeys(pub BTreeMap<String, KeyFn>);

/// A configured limit and the routes it covers.
struct Rule {
    /// A route, or a folder when it ends in `/*`.
    path: String,
    methods: Option<Vec<Method>>,
    limit: RateLimit,
}

impl Rule {
    fn covers(&self, path: &str) -> bool {
        match self.path.strip_suffix("/*") {
            Some(folder) => {
                path == folder
                    || path
                        .strip_prefix(folder)
                        .is_some_and(|rest| rest.starts_with('/'))
            }
            None => self.path == path,
        }
    }
}

/// Every limit of an app, resolved at start-up.
pub(crate) struct RateLimits {
    /// `None` when `[rate_limit] enabled = false`, or for the manifest (no store).
    limiter: Option<Arc<Limiter>>,
    enabled: bool,
    rules: Vec<Rule>,
    sign_in: RateLimit,
    redis_closed: bool,
    /// Whether any route got a limit, so the server must record client addresses.
    used: Cell<bool>,
    /// Which rules covered a route, to name those that cover none.
    matched: Vec<Cell<bool>>,
}

impl RateLimits {
    /// The limits `config` sets, with a store to count them (`with_store`) or without
    /// (to document them).
    pub(crate) fn from_config(
        config: &Config,
        keys: Option<&AppKeys>,
        with_store: bool,
    ) -> Result<RateLimits, ConfigError> {
        let settings = &config.rate_limit;
        let app_key = |name: &str| match keys {
            Some(keys) => keys.0.get(name).cloned(),
            // Documenting only: the key is named, never computed.
            None if !with_store => Some(Arc::new(|_: &http::request::Parts| None) as KeyFn),
            None => None,
        };
        let mut rules = Vec::new();
        for (name, route) in &settings.routes {
            let limit = RateLimit::from_config(name, &route.policy, app_key).map_err(|detail| {
                ConfigError {
                    source: format!("rate_limit.routes.{name}.key"),
                    detail,
                }
            })?;
            let methods = (!route.methods.is_empty()).then(|| {
                route
                    .methods
                    .iter()
                    .filter_map(|m| Method::from_bytes(m.to_ascii_uppercase().as_bytes()).ok())
                    .collect()
            });
            rules.push(Rule {
                path: route.path.clone(),
                methods,
                limit,
            });
        }
        let sign_in =
            RateLimit::from_config("sign-in", &settings.sign_in, app_key).map_err(|detail| {
                ConfigError {
                    source: "rate_limit.sign_in.key".to_owned(),
                    detail,
                }
            })?;
        let limiter = if with_store {
            Limiter::from_config(config)?
        } else {
            None
        };
        let redis_closed = settings.on_store_error == crate::config::OnStoreError::Closed
            && settings.store.map_or(
                config.auth.store == crate::config::SessionStoreKind::Redis,
                |s| s == crate::config::RateLimitStoreKind::Redis,
            );
        Ok(RateLimits {
            limiter,
            enabled: settings.enabled,
            rules,
            sign_in,
            redis_closed,
            used: Cell::new(false),
            matched: settings.routes.keys().map(|_| Cell::new(false)).collect(),
        })
    }

    /// The limits on `path` for `method` (`None`: for any method), configured ones first,
    /// then those of the folder middleware above it, outermost first.
    fn applied(&self, path: &str, folder_limits: &[RateLimit]) -> Vec<Applied> {
        if !self.enabled {
            return Vec::new();
        }
        let mut applied: Vec<Applied> = self
            .rules
            .iter()
            .zip(&self.matched)
            .filter(|(rule, _)| rule.covers(path))
            .map(|(rule, matched)| {
                matched.set(true);
                Applied::new(rule.limit.clone(), rule.methods.clone())
            })
            .collect();
        for limit in folder_limits {
            applied.push(Applied::new(limit.clone(), None));
        }
        applied
    }

    /// Whether limits are on (`[rate_limit] enabled`).
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// What the manifest lists for `method` on `path`: its limits, configured ones first.
    pub(crate) fn documented(
        &self,
        path: &str,
        method: &Method,
        folder_limits: &[RateLimit],
    ) -> Vec<bffkit_contract::manifest::RateLimitEntry> {
        self.applied(path, folder_limits)
            .iter()
            .filter(|a| a.methods.as_ref().is_none_or(|m| m.contains(method)))
            .map(|a| a.limit.describe())
            .collect()
    }

    /// What the manifest lists for the sign-in routes.
    pub(crate) fn documented_sign_in(&self) -> bffkit_contract::manifest::RateLimitEntry {
        self.sign_in.describe()
    }

    /// Whether a limited route answers 503 while the Redis store is down.
    pub(crate) fn closed_without_store(&self) -> bool {
        self.redis_closed
    }

    /// The limits on `path`, configured ones first, then those of `folder_limits`; `None`
    /// when there are none.
    pub(crate) fn route_limits(
        &self,
        path: &str,
        folder_limits: &[RateLimit],
        ctx: &AppContext,
    ) -> Option<Arc<RouteLimits>> {
        let limiter = self.limiter.as_ref()?;
        let applied = self.applied(path, folder_limits);
        if applied.is_empty() {
            return None;
        }
        self.used.set(true);
        Some(Arc::new(RouteLimits::new(
            limiter.clone(),
            applied,
            Some(ctx.clone()),
        )))
    }

    /// The layer for the sign-in routes, `None` when rate limiting is off.
    #[cfg_attr(not(feature = "auth"), allow(dead_code))]
    pub(crate) fn sign_in_layer(&self) -> Option<RateLimitLayer> {
        let limiter = self.limiter.as_ref()?;
        self.used.set(true);
        let applied = vec![Applied::new(self.sign_in.clone(), None)];
        // Sign-in keys need no session: `user` counts by address here.
        Some(RateLimitLayer(Arc::new(RouteLimits::new(
            limiter.clone(),
            applied,
            None,
        ))))
    }

    /// A configured limit that covers no lambda is a typo until shown otherwise: start-up
    /// stops and names it.
    pub(crate) fn check_every_rule_matched(&self) -> Result<(), ConfigError> {
        for (rule, matched) in self.rules.iter().zip(&self.matched) {
            if self.enabled && !matched.get() {
                return Err(ConfigError {
                    source: format!("rate_limit.routes.{}.path", rule.limit.name),
                    detail: format!(
                        "`{}` matches no route (`routes` lists them; a folder is `/api/admin/*`)",
                        rule.path
                    ),
                });
            }
        }
        Ok(())
    }

    /// Whether a route got a limit: then the server records each client's address, which
    /// an app without limits does not pay for.
    pub(crate) fn in_use(&self) -> bool {
        self.used.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::load(Some(text)).unwrap()
    }

    #[test]
    fn an_app_key_must_be_registered_and_the_error_says_how() {
        let config = config(
            "[rate_limit.routes.t]\npath = \"/api/t\"\nrequests = 1\nkey = \"app:tenant\"\n",
        );
        let err = RateLimits::from_config(&config, None, true)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("rate_limit.routes.t.key") && err.contains(".rate_limit_key(\"tenant\""),
            "{err}"
        );
        let mut keys = AppKeys::default();
        keys.0.insert(
            "tenant".to_owned(),
            Arc::new(|_: &http::request::Parts| None),
        );
        assert!(RateLimits::from_config(&config, Some(&keys), true).is_ok());
        // Documenting needs only the name.
        assert!(RateLimits::from_config(&config, None, false).is_ok());
    }

    #[test]
    fn a_folder_rule_covers_the_folder_and_below_only() {
        let rule = |path: &str| Rule {
            path: path.to_owned(),
            methods: None,
            limit: RateLimit::new("r", 1, std::time::Duration::from_secs(1)),
        };
        let admin = rule("/api/admin/*");
        assert!(admin.covers("/api/admin"));
        assert!(admin.covers("/api/admin/users"));
        assert!(admin.covers("/api/admin/reports/{year}"));
        assert!(!admin.covers("/api/administrators"));
        let user = rule("/api/user/{id}");
        assert!(user.covers("/api/user/{id}"));
        assert!(!user.covers("/api/user/{id}/posts"));
    }

    #[test]
    fn no_limits_no_layer_and_no_addresses() {
        let limits = RateLimits::from_config(&Config::default(), None, true).unwrap();
        assert!(limits.applied("/api/hello", &[]).is_empty());
        assert!(!limits.in_use());
        let off = config("[rate_limit]\nenabled = false\n[rate_limit.routes.h]\npath = \"/api/hello\"\nrequests = 1\n");
        let limits = RateLimits::from_config(&off, None, true).unwrap();
        assert!(limits.applied("/api/hello", &[]).is_empty());
        assert!(limits.sign_in_layer().is_none());
    }

    #[test]
    fn a_rule_that_covers_no_route_stops_the_start_naming_it() {
        let text = "[rate_limit.routes.greet]\npath = \"/api/gret\"\nrequests = 1\n";
        let limits = RateLimits::from_config(&config(text), None, true).unwrap();
        assert!(limits.applied("/api/greet", &[]).is_empty());
        let err = limits.check_every_rule_matched().unwrap_err().to_string();
        assert!(
            err.contains("rate_limit.routes.greet.path")
                && err.contains("`/api/gret` matches no route"),
            "{err}"
        );
        let text = "[rate_limit.routes.greet]\npath = \"/api/greet\"\nrequests = 1\n";
        let limits = RateLimits::from_config(&config(text), None, true).unwrap();
        assert_eq!(limits.applied("/api/greet", &[]).len(), 1);
        assert!(limits.check_every_rule_matched().is_ok());
    }
}

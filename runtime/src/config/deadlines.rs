//! `[deadlines]`: a route's time budget for its upstream calls, all attempts, retries and
//! backoff included, keyed by the route as the manifest lists it:
//!
//! ```toml
//! [deadlines]
//! "/api/dashboard/{user_id}" = 800   # milliseconds
//! ```
//!
//! Routes not listed get `limits.request_timeout_ms`, the time after which the request is
//! answered 408 anyway (a longer deadline is cut to it). No client header changes a
//! deadline.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use super::ConfigError;

/// `[deadlines]`: route path → milliseconds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct DeadlinesConfig {
    /// `"/api/dashboard/{user_id}" = 800`.
    pub routes: BTreeMap<String, u64>,
}

impl DeadlinesConfig {
    /// The budget of the route `path` (a route template), at most `limit_ms` (the request
    /// time limit, which answers 408 anyway), which is also the default.
    pub fn budget(&self, path: Option<&str>, limit_ms: u64) -> Duration {
        let ms = path
            .and_then(|path| self.routes.get(path))
            .map_or(limit_ms, |ms| (*ms).min(limit_ms));
        Duration::from_millis(ms)
    }

    pub(super) fn check(&self) -> Result<(), ConfigError> {
        for (route, ms) in &self.routes {
            let bad = |detail: &str| ConfigError {
                source: format!("deadlines.\"{route}\""),
                detail: detail.to_owned(),
            };
            if !route.starts_with('/') {
                return Err(bad("must be a route path such as \"/api/items/{id}\""));
            }
            if *ms == 0 {
                return Err(bad("must be above 0"));
            }
        }
        Ok(())
    }

    /// A listed route that `exists` does not know (a typo would otherwise be ignored).
    pub(crate) fn check_routes(&self, exists: impl Fn(&str) -> bool) -> Result<(), ConfigError> {
        match self.routes.keys().find(|route| !exists(route)) {
            Some(route) => Err(ConfigError {
                source: format!("deadlines.\"{route}\""),
                detail: "no such route (use the path the manifest lists, prefix included)"
                    .to_owned(),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_routes_get_their_budget_and_others_the_default() {
        let config = crate::Config::load(Some("[deadlines]\n\"/api/a/{id}\" = 500\n")).unwrap();
        let deadlines = &config.deadlines;
        assert_eq!(
            deadlines.budget(Some("/api/a/{id}"), 30_000),
            Duration::from_millis(500)
        );
        assert_eq!(
            deadlines.budget(Some("/api/b"), 30_000),
            Duration::from_secs(30)
        );
        assert_eq!(deadlines.budget(None, 1), Duration::from_millis(1));
        assert_eq!(
            deadlines.budget(Some("/api/a/{id}"), 200),
            Duration::from_millis(200)
        );
        let err = crate::Config::load(Some("[deadlines]\n\"api/a\" = 5\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("deadlines.\"api/a\""), "{err}");
        let err = deadlines.check_routes(|_| false).unwrap_err().to_string();
        assert!(
            err.contains("/api/a/{id}") && err.contains("no such route"),
            "{err}"
        );
    }
}

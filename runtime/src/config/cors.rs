//! `[cors]`: cross-origin access, e.g. for a frontend dev server.

use serde::Deserialize;

use super::ConfigError;

/// `[cors]`: off while `origins` is empty (the default).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorsConfig {
    /// Origins allowed to call the API, e.g. `["http://localhost:5173"]`; env
    /// `BFFKIT_CORS_ORIGINS` (comma-separated). `"*"` allows any origin, without credentials.
    pub origins: Vec<String>,
    /// Let browsers send cookies and auth headers (`Access-Control-Allow-Credentials`); env
    /// `BFFKIT_CORS_CREDENTIALS` (`1`/`0`).
    pub credentials: bool,
}

impl CorsConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        let invalid = |detail: String| ConfigError {
            source: "cors.origins".to_owned(),
            detail,
        };
        for origin in &self.origins {
            if origin == "*" {
                if self.credentials {
                    return Err(invalid(
                        "`*` cannot be used with `cors.credentials = true`: list the origins"
                            .to_owned(),
                    ));
                }
                continue;
            }
            let well_formed = (origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.ends_with('/')
                && http::HeaderValue::from_str(origin).is_ok();
            if !well_formed {
                return Err(invalid(format!(
                    "`{origin}`: expected `*` or an origin like `http://localhost:5173` (scheme and host, no path)"
                )));
            }
        }
        if self.origins.len() > 1 && self.origins.iter().any(|o| o == "*") {
            return Err(invalid("`*` must be the only origin".to_owned()));
        }
        Ok(())
    }
}

//! `[cors]` as a tower-http layer: explicit origins, methods and headers mirrored from the
//! preflight so credentials stay allowed.

use std::time::Duration;

use http::HeaderValue;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};

use crate::config::CorsConfig;

/// The layer for `config`, or `None` when CORS is off (no origins).
pub(crate) fn layer(config: &CorsConfig) -> Option<CorsLayer> {
    if config.origins.is_empty() {
        return None;
    }
    let origins = if config.origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        // Config::load checked every origin is a valid header value.
        AllowOrigin::list(
            config
                .origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(origins)
            .allow_methods(AllowMethods::mirror_request())
            .allow_headers(AllowHeaders::mirror_request())
            .allow_credentials(config.credentials)
            .max_age(Duration::from_secs(600)),
    )
}

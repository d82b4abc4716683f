//! bffkit's own routes for a configuration: each module serves and describes its routes
//! with [`Routes`] (the way an app's merged routes are), built here before their state
//! exists, so `<app> manifest` lists them without starting anything.

use std::sync::Arc;

use axum::Router;

use crate::batch::BatchEndpoint;
use crate::config::Config;
use crate::merged::{MergedRoute, Routes};

/// The routes the configuration switches on, without their state yet.
pub(super) struct OwnRoutes {
    pub manifest: Option<Routes<crate::manifest::Served>>,
    pub docs: Option<Routes<crate::docs::Page>>,
    pub batch: Option<Routes<Arc<BatchEndpoint>>>,
    #[cfg(feature = "auth")]
    pub sign_in: Option<crate::auth::SignInRoutes>,
    pub health: Routes<crate::ops::health::Checks>,
    pub metrics: Option<Routes<crate::ops::Metrics>>,
    /// Whether the manifest lists the health, readiness and metrics routes.
    operations: bool,
}

impl OwnRoutes {
    /// `signs_in`: the app has sign-in (`App::auth`).
    pub(super) fn new(config: &Config, signs_in: bool) -> OwnRoutes {
        let prefix = &config.routes.prefix;
        #[cfg(not(feature = "auth"))]
        let _ = signs_in;
        OwnRoutes {
            manifest: config
                .manifest
                .is_enabled()
                .then(|| crate::manifest::routes(prefix)),
            docs: config
                .docs
                .is_enabled()
                .then(|| crate::docs::routes(prefix)),
            batch: config
                .batch
                .enabled
                .then(|| crate::batch::routes(prefix, config.batch.max_calls)),
            #[cfg(feature = "auth")]
            sign_in: signs_in.then(|| crate::auth::routes(config)),
            health: crate::ops::health_routes(),
            metrics: config.metrics.enabled.then(crate::ops::metrics_routes),
            operations: config.manifest.operations.unwrap_or(true),
        }
    }

    /// What the manifest lists: the routes served inside the app's router (behind its
    /// JSON 404 and 405), and those beside it.
    pub(super) fn described(&self) -> (Vec<MergedRoute>, Vec<MergedRoute>) {
        let mut in_app = Vec::new();
        in_app.extend(described(&self.manifest));
        in_app.extend(described(&self.docs));
        in_app.extend(described(&self.batch));
        #[cfg(feature = "auth")]
        if let Some(sign_in) = &self.sign_in {
            in_app.extend_from_slice(sign_in.limited.described());
            in_app.extend_from_slice(sign_in.logout.described());
        }
        let mut beside = Vec::new();
        if self.operations {
            beside.extend_from_slice(self.health.described());
            beside.extend(described(&self.metrics));
        }
        (in_app, beside)
    }

    /// The sign-in routes behind the sign-in rate limit (sign-in and refresh).
    pub(super) fn rate_limited_sign_in(&self) -> &[MergedRoute] {
        #[cfg(feature = "auth")]
        if let Some(sign_in) = &self.sign_in {
            return sign_in.limited.described();
        }
        &[]
    }
}

fn described<S>(routes: &Option<Routes<S>>) -> Vec<MergedRoute>
where
    S: Clone + Send + Sync + 'static,
{
    routes
        .as_ref()
        .map(|r| r.described().to_vec())
        .unwrap_or_default()
}

/// The routes with their state, as a router to merge.
pub(super) fn serve<S>(routes: Routes<S>, state: S) -> Router
where
    S: Clone + Send + Sync + 'static,
{
    routes.with_state(state).into_parts().0
}

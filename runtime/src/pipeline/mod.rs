//! The request pipeline: every layer a request passes through, in one place.
//!
//! Outermost first:
//!
//! 1. per connection, [`stall`]: counts requests in flight, so a connection that sends no
//!    request head for a while is closed (`serve::connection` adds it);
//! 2. CORS ([`cors`], when `[cors] origins` is set), so preflights and error answers carry
//!    its headers too;
//! 3. [`request_id`]: the request's id, task scope and span (with feature `otel`, the
//!    OpenTelemetry server span and the incoming `traceparent`, see [`crate::ops::traces`]);
//! 4. axum's `DefaultBodyLimit` (`[limits] body_bytes`) for axum's own body extractors;
//! 5. [`catch_panic`]: a panic answers 500;
//! 6. [`limits`]: the query string's length and the request's time;
//! 7. the app's layers ([`App::layer`](crate::App::layer)), the last added outermost;
//! 8. [`metrics`] (when `[metrics] enabled` or traces are exported), inside the router to
//!    know the route template: metrics, and the name of the request's trace span;
//! 9. the router: built-in endpoints (`/metrics` among them), lambdas and merged routers, each lambda inside its
//!    folder middleware ([`crate::middleware`]).
//!
//! [`wrap`] puts 2 to 8 around the router. Layers 3, 5 and 6 are [`stage::Stage`]s: one
//! generic Layer/Service, each with its own future.
//!
//! Layers 2 to 6 wrap the whole router as one service. `Router::layer` would box and clone
//! each of them per route and per request; served directly, the stack costs no allocation
//! at all.

mod catch_panic;
mod cors;
mod limits;
mod metrics;
mod request_id;
mod stage;
pub(crate) mod stall;

use std::convert::Infallible;

use axum::extract::{DefaultBodyLimit, Request};
use axum::response::Response;
use axum::Router;
use tower::{Layer, Service, ServiceBuilder};
use tower_http::cors::CorsLayer;

use self::stage::StageLayer;
use crate::config::Config;

/// A layer added with [`App::layer`](crate::App::layer), applied once the router is built.
pub(crate) type AppLayer = Box<dyn FnOnce(Router) -> Router + Send>;

/// Puts bffkit's layers and the app's around `router` (see the module docs for the order).
pub(crate) fn wrap(mut router: Router, config: &Config, app_layers: Vec<AppLayer>) -> Pipeline {
    if crate::ops::metrics::enabled() || crate::ops::traces::enabled() {
        router = router.layer(axum::middleware::from_fn(metrics::record));
    }
    for layer in app_layers {
        router = layer(router);
    }
    Pipeline::new(router, config)
}

/// The routed app and the layers bffkit puts around it.
#[derive(Clone)]
pub(crate) struct Pipeline {
    inner: Router,
    expose_internal: bool,
    body_bytes: usize,
    limits: limits::Limits,
    cors: Option<CorsLayer>,
}

impl Pipeline {
    fn new(inner: Router, config: &Config) -> Pipeline {
        Pipeline {
            inner,
            expose_internal: config.response.expose_internal_errors,
            body_bytes: config.limits.body_bytes,
            limits: limits::Limits::new(&config.limits),
            cors: cors::layer(&config.cors),
        }
    }

    /// Layers 3 to 6 around the router.
    pub(crate) fn stack(
        &self,
    ) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send + 'static>
           + Clone
           + Send
           + Sync
           + 'static {
        ServiceBuilder::new()
            .layer(StageLayer(request_id::SetRequestId {
                expose_internal: self.expose_internal,
            }))
            .layer(DefaultBodyLimit::max(self.body_bytes))
            .layer(StageLayer(catch_panic::CatchPanic))
            .layer(StageLayer(self.limits))
            .service(self.inner.clone())
    }

    /// Whether CORS is on: then only [`Pipeline::router`] serves the whole pipeline;
    /// without it [`Pipeline::stack`] does, skipping the outer router.
    pub(crate) fn has_cors(&self) -> bool {
        self.cors.is_some()
    }

    /// The app as one axum `Router` (to embed, and for batch calls).
    pub(crate) fn router(&self) -> Router {
        // CORS is outermost, so preflights and error answers carry its headers too.
        match &self.cors {
            Some(cors) => Router::new().fallback_service(cors.layer(self.stack())),
            None => Router::new().fallback_service(self.stack()),
        }
    }
}

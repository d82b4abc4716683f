//! bffkit's own layers around the routed app: request id, body limit, panics, request
//! limits and CORS.
//!
//! They wrap the whole router as one service. `Router::layer` would box and clone each of
//! them per route and per request; served directly, the stack costs no allocation at all.

use std::convert::Infallible;

use axum::extract::{DefaultBodyLimit, Request};
use axum::response::Response;
use axum::Router;
use tower::{Layer, Service, ServiceBuilder};
use tower_http::cors::CorsLayer;

use super::{catch_panic, cors, limits};
use crate::config::Config;
use crate::request_id::RequestIdLayer;

/// The routed app and the layers bffkit puts around it.
#[derive(Clone)]
pub(crate) struct Pipeline {
    inner: Router,
    expose_internal: bool,
    body_bytes: usize,
    limits: limits::LimitsLayer,
    cors: Option<CorsLayer>,
}

impl Pipeline {
    pub(crate) fn new(inner: Router, config: &Config) -> Pipeline {
        Pipeline {
            inner,
            expose_internal: config.response.expose_internal_errors,
            body_bytes: config.limits.body_bytes,
            limits: limits::LimitsLayer::new(&config.limits),
            cors: cors::layer(&config.cors),
        }
    }

    fn stack(
        &self,
    ) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send + 'static>
           + Clone
           + Send
           + Sync
           + 'static {
        ServiceBuilder::new()
            .layer(RequestIdLayer::new(self.expose_internal))
            .layer(DefaultBodyLimit::max(self.body_bytes))
            .layer(catch_panic::CatchPanicLayer)
            .layer(self.limits)
            .service(self.inner.clone())
    }

    /// Serves on `listener` until `shutdown`: without CORS the stack itself, skipping the
    /// outer router.
    pub(crate) async fn serve(
        &self,
        listener: tokio::net::TcpListener,
        limits: &crate::config::LimitsConfig,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> std::io::Result<()> {
        match &self.cors {
            Some(_) => {
                crate::serve::connection::serve(listener, self.router(), limits, shutdown).await
            }
            None => crate::serve::connection::serve(listener, self.stack(), limits, shutdown).await,
        }
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

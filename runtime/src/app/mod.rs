//! `App`: collects every registered lambda into an axum `Router`, then serves it.

mod assemble;
mod cli;
mod declared_check;
mod lambda_service;
mod own_routes;
mod print;
mod rate_limit_doc;
mod serve;

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;

use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::Route;
use axum::Router;
use tower::{Layer, Service};

pub use crate::context::AppContext;
pub use crate::routes::{MergedRoute, Method, ResolveError, ResolvedRoute, RouteDoc, Routes};

use crate::config::{Config, ConfigError};
use crate::pipeline::AppLayer;

/// A bffkit application: the lambdas under `api/lambda`, plus your states, layers and routers.
///
/// An app's `main.rs` (its `build.rs` runs `bffkit_build::build()`, which writes the route
/// table `include_routes!` includes):
///
/// ```no_run
/// # /* `include_routes!` includes the file the build script writes, which a doctest lacks.
/// bffkit::include_routes!();
/// # */
///
/// fn main() -> std::process::ExitCode {
///     bffkit::App::new().run()
/// }
/// ```
///
/// # Example
///
/// The app as an axum `Router`, answering a request. Without a build script there are no
/// lambdas here; a merged router stands in for them, behind the same layers (the request
/// id, limits, errors as `{code, msg}`):
///
/// ```
/// use axum::body::Body;
/// use http::{Request, StatusCode};
/// use tower::ServiceExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let hello = axum::Router::new().route("/hello", axum::routing::get(|| async { "hi" }));
/// let router = bffkit::App::new().merge(hello).into_router();
///
/// let response = router
///     .clone()
///     .oneshot(Request::get("/hello").body(Body::empty()).unwrap())
///     .await
///     .unwrap();
/// assert_eq!(response.status(), StatusCode::OK);
/// assert!(response.headers().contains_key("x-request-id"));
///
/// let response = router
///     .oneshot(Request::get("/api/nowhere").body(Body::empty()).unwrap())
///     .await
///     .unwrap();
/// assert_eq!(response.status(), StatusCode::NOT_FOUND);
/// let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
/// let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
/// assert_eq!(body["code"], 20005);
/// # }
/// ```
#[must_use]
pub struct App {
    states: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    layers: Vec<AppLayer>,
    merged: Vec<Router>,
    /// The routes of routers merged with [`App::merge_routes`].
    merged_routes: Vec<MergedRoute>,
    /// How many routers were merged with [`App::merge`], whose routes are unknown.
    opaque_merges: usize,
    config: Option<Config>,
    readiness: Vec<crate::ops::ReadinessCheck>,
    #[cfg(feature = "auth")]
    auth: Option<crate::auth::Auth>,
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

/// Why an app could not start.
#[derive(Debug)]
pub enum StartError {
    /// The configuration is invalid.
    Config(ConfigError),
    /// Handlers and the route table don't line up.
    Routes(ResolveError),
    /// The listener could not be bound.
    Bind(std::io::Error),
    /// The AWS Lambda runtime could not start or stopped with an error.
    #[cfg(feature = "lambda")]
    Lambda(String),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Config(e) => write!(f, "{e}"),
            StartError::Routes(e) => write!(f, "{e}"),
            StartError::Bind(e) => write!(f, "cannot listen: {e}"),
            #[cfg(feature = "lambda")]
            StartError::Lambda(e) => write!(f, "AWS Lambda: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl App {
    /// An app serving every lambda registered in this binary.
    pub fn new() -> App {
        App {
            states: HashMap::new(),
            layers: Vec::new(),
            merged: Vec::new(),
            merged_routes: Vec::new(),
            opaque_merges: 0,
            config: None,
            readiness: Vec::new(),
            #[cfg(feature = "auth")]
            auth: None,
        }
    }

    /// Adds a value handlers can take with [`State<T>`](crate::State).
    pub fn state<T: Clone + Send + Sync + 'static>(mut self, value: T) -> App {
        self.states.insert(TypeId::of::<T>(), Box::new(value));
        self
    }

    /// Uses this configuration instead of `bffkit.toml` and the environment.
    pub fn config(mut self, config: Config) -> App {
        self.config = Some(config);
        self
    }

    /// Wraps every route (lambdas and merged routers) in a tower layer.
    pub fn layer<L>(mut self, layer: L) -> App
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.layers
            .push(Box::new(move |router: Router| router.layer(layer)));
        self
    }

    /// Registers a key the app computes from a request, for limits configured with
    /// `key = "app:<name>"` in `[rate_limit.routes.*]` (a tenant, a device id). `None`
    /// counts the request by its client address.
    pub fn rate_limit_key(
        mut self,
        name: &str,
        key: impl Fn(&http::request::Parts) -> Option<String> + Send + Sync + 'static,
    ) -> App {
        let keys = self
            .states
            .entry(TypeId::of::<crate::rate_limit::AppKeys>())
            .or_insert_with(|| Box::new(crate::rate_limit::AppKeys::default()));
        if let Some(keys) = keys.downcast_mut::<crate::rate_limit::AppKeys>() {
            keys.0.insert(name.to_owned(), std::sync::Arc::new(key));
        }
        self
    }

    /// Adds a check that `/readyz` runs (a store, a database): not ready while it fails.
    pub fn readiness(mut self, check: crate::ops::ReadinessCheck) -> App {
        self.readiness.push(check);
        self
    }

    /// Switches sign-in on: the `{prefix}/auth/...` routes, the session store, and the
    /// [`CurrentUser`](crate::auth::CurrentUser) and [`ApiKey`](crate::auth::ApiKey) extractors.
    #[cfg(feature = "auth")]
    pub fn auth(mut self, auth: crate::auth::Auth) -> App {
        self.auth = Some(auth);
        self
    }

    /// Serves an ordinary axum router beside the lambdas. bffkit cannot see its routes, so
    /// none is in the manifest and start-up warns about it; build the router with
    /// [`Routes`] and use [`App::merge_routes`] to list and describe them.
    pub fn merge(mut self, router: Router) -> App {
        self.merged.push(router);
        self.opaque_merges += 1;
        self
    }

    /// Serves a router built with [`Routes`]: the routes described with a [`RouteDoc`] are
    /// in the manifest, the others are listed as undocumented at start-up and by
    /// `routes --json`.
    pub fn merge_routes(mut self, routes: Routes) -> App {
        let (router, routes) = routes.into_parts();
        self.merged.push(router);
        self.merged_routes.extend(routes);
        self
    }

    /// What the manifest leaves out: merged routes without a description, and routers
    /// merged with [`App::merge`] (their routes unknown).
    pub(crate) fn undocumented(&self) -> (Vec<&MergedRoute>, usize) {
        (
            self.merged_routes
                .iter()
                .filter(|r| r.doc.is_none())
                .collect(),
            self.opaque_merges,
        )
    }

    /// The configuration the app runs with: the embedded `bffkit.toml`, then the
    /// environment (for a `main` that sets up logging before its own async start-up).
    pub fn effective_config(&self) -> Result<Config, StartError> {
        self.load_config()
    }

    pub(crate) fn load_config(&self) -> Result<Config, StartError> {
        match &self.config {
            Some(config) => Ok(config.clone()),
            None => Config::load(assemble::embedded_config()).map_err(StartError::Config),
        }
    }
}

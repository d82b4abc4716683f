//! `App`: collects every registered lambda into an axum `Router`, then serves it.

mod catch_panic;
mod cli;
mod context;
mod cors;
mod declared_check;
mod lambda_service;
mod limits;
mod merged;
mod pipeline;
mod print;
mod resolve;
pub(crate) mod route_table;

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::fmt;

use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use axum::Router;
use tower::{Layer, Service};

pub use context::AppContext;
pub use merged::{MergedRoute, RouteDoc, Routes};
pub(crate) use print::{routes_table as print_table, undocumented_warning};
pub use resolve::{ResolveError, ResolvedRoute};
pub use route_table::Method;
use route_table::MethodFilter as _;

use crate::batch::BatchEndpoint;
use crate::config::{Config, ConfigError};
use crate::error;

type RouterLayer = Box<dyn FnOnce(Router) -> Router + Send>;

/// A bffkit application: the lambdas under `api/lambda`, plus your states, layers and routers.
///
/// ```ignore
/// // needs the OUT_DIR of an app whose build.rs runs `bffkit_build::build()`
/// bffkit::include_routes!();
///
/// fn main() -> std::process::ExitCode {
///     bffkit::App::new().run()
/// }
/// ```
#[must_use]
pub struct App {
    states: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    layers: Vec<RouterLayer>,
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

/// The parts of an app once its routes are resolved.
pub(crate) struct Assembled {
    /// The app with its layers, as one axum router.
    pub router: Router,
    /// The same, served without the outer router when it can be.
    pub pipeline: pipeline::Pipeline,
    pub routes: Vec<ResolvedRoute>,
    /// Routes of merged routers, described or not.
    pub merged_routes: Vec<MergedRoute>,
    /// Routers merged with [`App::merge`], whose routes are unknown.
    pub opaque_merges: usize,
    pub config: Config,
}

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

    /// The resolved routes, without building a router.
    pub fn routes(&self) -> Result<Vec<ResolvedRoute>, StartError> {
        let config = self.load_config()?;
        resolved_routes(&config)
    }

    /// The OpenAPI 3.1 manifest of every route.
    pub fn manifest(&self) -> Result<serde_json::Value, StartError> {
        let config = self.load_config()?;
        let routes = resolved_routes(&config)?;
        Ok(manifest_document(
            &routes,
            &config,
            self.sign_in_doc(&config),
            &self.merged_routes,
        ))
    }

    /// The app as an axum `Router`, to embed in a larger axum app.
    ///
    /// # Panics
    /// If the configuration is invalid or handlers and files don't line up; use
    /// [`App::try_into_router`] to handle that.
    pub fn into_router(self) -> Router {
        self.try_into_router()
            .unwrap_or_else(|e| panic!("bffkit: {e}"))
    }

    /// Like [`App::into_router`], returning the start-up error.
    pub fn try_into_router(self) -> Result<Router, StartError> {
        self.assemble().map(|a| a.router)
    }

    /// The configuration the app runs with: the embedded `bffkit.toml`, then the
    /// environment (for a `main` that sets up logging before its own async start-up).
    pub fn effective_config(&self) -> Result<Config, StartError> {
        self.load_config()
    }

    fn load_config(&self) -> Result<Config, StartError> {
        match &self.config {
            Some(config) => Ok(config.clone()),
            None => Config::load(embedded_config()).map_err(StartError::Config),
        }
    }

    /// What the manifest says about sign-in: `None` without `App::auth`.
    fn sign_in_doc(&self, config: &Config) -> Option<crate::manifest::SignInDoc> {
        #[cfg(feature = "auth")]
        if self.auth.is_some() {
            return Some(crate::manifest::SignInDoc {
                alipay: cfg!(feature = "auth-alipay"),
                cookie: config
                    .auth
                    .cookie
                    .enabled
                    .then(|| config.auth.cookie.name.clone()),
                api_key_header: config.auth.api_key_header.clone(),
            });
        }
        let _ = config;
        None
    }

    pub(crate) fn assemble(self) -> Result<Assembled, StartError> {
        let config = self.load_config()?;
        let sign_in = self.sign_in_doc(&config);
        let routes = resolved_routes(&config)?;
        #[allow(unused_mut)]
        let (mut states, mut merged, mut readiness) = (self.states, self.merged, self.readiness);
        #[cfg(feature = "auth")]
        if let Some(auth) = self.auth {
            let (routes, store_check) = auth
                .install(&config, &mut states)
                .map_err(StartError::Config)?;
            merged.push(routes);
            readiness.push(store_check);
        }
        #[cfg(feature = "upstream")]
        {
            let pool = crate::upstream::Pool::build(&config.upstream, &config.tls)
                .map_err(StartError::Config)?;
            states.insert(
                TypeId::of::<std::sync::Arc<crate::upstream::Pool>>(),
                Box::new(std::sync::Arc::new(pool)),
            );
        }
        #[cfg(not(feature = "upstream"))]
        if let Some(name) = config.upstream.keys().next() {
            return Err(StartError::Config(ConfigError {
                source: format!("upstream.{name}"),
                detail: "upstream services need the `upstream` feature of bffkit".to_owned(),
            }));
        }
        let ctx = AppContext::new(states, config.clone());
        let mut by_path: BTreeMap<&str, MethodRouter<AppContext>> = BTreeMap::new();
        for route in &routes {
            let lambda = lambda_service::LambdaService::new(route, ctx.clone());
            let method_router = by_path.remove(route.path.as_str()).unwrap_or_default();
            by_path.insert(
                &route.path,
                method_router.on_service(route.method.filter(), lambda),
            );
        }
        // Folder middleware wraps the routes under it, inside the router so it sees the
        // matched path and its parameters; routes without any are left as they are.
        let mut built = crate::middleware::Built::default();
        let mut router: Router<AppContext> = Router::new();
        for (path, mut method_router) in by_path {
            let covering = routes
                .iter()
                .find(|r| r.path == path)
                .map_or(&[][..], |r| r.middleware);
            for folder in covering.iter().rev() {
                method_router = built.get(folder).wrap(method_router);
            }
            router = router.route(path, method_router);
        }
        if config.manifest.is_enabled() {
            let document =
                manifest_document(&routes, &config, sign_in.clone(), &self.merged_routes);
            let body = serde_json::to_vec_pretty(&document).unwrap_or_default();
            let path = resolve::full_path(
                &config.routes.prefix,
                crate::manifest::Internal::Manifest.route(),
            );
            router = router.route(
                &path,
                axum::routing::get(move || {
                    let body = body.clone();
                    async move { ([(http::header::CONTENT_TYPE, "application/json")], body) }
                }),
            );
        }
        if config.docs.is_enabled() {
            let document =
                manifest_document(&routes, &config, sign_in.clone(), &self.merged_routes);
            let path = resolve::full_path(
                &config.routes.prefix,
                crate::manifest::Internal::Docs.route(),
            );
            router = router.route(&path, crate::docs::route(&document));
        }
        // The batch route sits inside the app (so layers see the batch request too) and
        // sends its calls through the finished app, bound below.
        let batch = config.batch.enabled.then(|| BatchEndpoint::new(&config));
        if let Some(batch) = &batch {
            router = router.route(batch.path(), batch.method_router());
        }
        let mut router = router
            .fallback(error::not_found)
            .method_not_allowed_fallback(error::method_not_allowed)
            .with_state(ctx);
        for merged in merged {
            router = router.merge(merged);
        }
        router = router.merge(crate::ops::health_routes(readiness));
        if config.metrics.enabled {
            let metrics = crate::ops::Metrics::default();
            let exported = metrics.clone();
            let endpoint = move || {
                let body = exported.render();
                async move {
                    (
                        [(http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                        body,
                    )
                }
            };
            router = router
                .route("/metrics", axum::routing::get(endpoint))
                .layer(axum::middleware::from_fn_with_state(
                    metrics,
                    crate::ops::record_metrics,
                ));
        }
        for layer in self.layers {
            router = layer(router);
        }
        let pipeline = pipeline::Pipeline::new(router, &config);
        let router = pipeline.router();
        if let Some(batch) = batch {
            batch.bind(router.clone());
        }
        Ok(Assembled {
            router,
            pipeline,
            routes,
            merged_routes: self.merged_routes,
            opaque_merges: self.opaque_merges,
            config,
        })
    }
}

fn resolved_routes(config: &Config) -> Result<Vec<ResolvedRoute>, StartError> {
    let tables = inventory::iter::<route_table::TableEntry>
        .into_iter()
        .map(|t| t.0);
    resolve::resolve(
        tables,
        inventory::iter::<route_table::Handler>,
        &config.routes.prefix,
    )
    .map_err(StartError::Routes)
}

fn manifest_document(
    routes: &[ResolvedRoute],
    config: &Config,
    sign_in: Option<crate::manifest::SignInDoc>,
    merged: &[MergedRoute],
) -> serde_json::Value {
    let table = inventory::iter::<route_table::TableEntry>
        .into_iter()
        .next()
        .map(|t| t.0);
    use crate::manifest::Internal;
    let operations = config.manifest.operations.unwrap_or(true);
    let internal = [
        (Internal::Manifest, config.manifest.is_enabled()),
        (Internal::Docs, config.docs.is_enabled()),
        (Internal::Batch, config.batch.enabled),
        (Internal::Health, operations),
        (Internal::Readiness, operations),
        (Internal::Metrics, operations && config.metrics.enabled),
    ]
    .into_iter()
    .filter_map(|(endpoint, on)| on.then_some(endpoint))
    .collect();
    let info = crate::manifest::ManifestInfo {
        title: table.map(|t| t.package).unwrap_or("bffkit app"),
        version: table.map(|t| t.version).unwrap_or("0.0.0"),
        prefix: &config.routes.prefix,
        envelope: config.response.envelope,
        internal,
        sign_in,
        merged,
    };
    crate::manifest::document(routes, &info)
}

/// `bffkit.toml` as the build script embedded it.
fn embedded_config() -> Option<&'static str> {
    inventory::iter::<route_table::TableEntry>
        .into_iter()
        .find_map(|t| t.0.config)
}

//! What an app becomes: its resolved routes, its manifest, and the router with every
//! layer, built once by [`App::assemble`].

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::routing::MethodRouter;
use axum::Router;

use super::{lambda_service, App, AppContext, MergedRoute, ResolvedRoute, StartError};
use crate::batch::BatchEndpoint;
use crate::config::Config;
use crate::error;
use crate::routes::table::{self as route_table, MethodFilter as _};

/// The parts of an app once its routes are resolved.
pub(crate) struct Assembled {
    /// The app with its layers, as one axum router.
    pub router: Router,
    /// The same, served without the outer router when it can be.
    pub pipeline: crate::pipeline::Pipeline,
    pub routes: Vec<ResolvedRoute>,
    /// Routes of merged routers, described or not.
    pub merged_routes: Vec<MergedRoute>,
    /// Routers merged with [`App::merge`], whose routes are unknown.
    pub opaque_merges: usize,
    pub config: Config,
    /// Whether the server must record each client's address (a rate limit counts by it).
    pub client_addresses: bool,
}

impl App {
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
            self.rate_limit_keys().as_ref(),
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
                answers: crate::manifest::SignInAnswers::of::<
                    crate::auth::SessionAnswer,
                    crate::auth::Revoked,
                >(),
            });
        }
        let _ = config;
        None
    }

    /// The keys registered with [`App::rate_limit_key`].
    fn rate_limit_keys(&self) -> Option<crate::rate_limit::AppKeys> {
        self.states
            .get(&std::any::TypeId::of::<crate::rate_limit::AppKeys>())
            .and_then(|keys| keys.downcast_ref())
            .cloned()
    }

    pub(crate) fn assemble(self) -> Result<Assembled, StartError> {
        let config = self.load_config()?;
        let sign_in = self.sign_in_doc(&config);
        let routes = resolved_routes(&config)?;
        // A deadline for a route that does not exist would be ignored: say so at start-up.
        (config.deadlines)
            .check_routes(|path| routes.iter().any(|r| r.path == path))
            .map_err(StartError::Config)?;
        let keys = self.rate_limit_keys();
        let rate_limits = crate::rate_limit::RateLimits::from_config(&config, keys.as_ref(), true)
            .map_err(StartError::Config)?;
        #[allow(unused_mut)]
        let (mut states, mut merged, mut readiness) = (self.states, self.merged, self.readiness);
        #[cfg(feature = "auth")]
        if let Some(auth) = self.auth {
            let (routers, store_check) = auth
                .install(&config, &mut states)
                .map_err(StartError::Config)?;
            // Sign-in and refresh call the platforms: their limit is checked before.
            let sign_in = match rate_limits.sign_in_layer() {
                Some(limit) => routers.sign_in.route_layer(limit),
                None => routers.sign_in,
            };
            merged.push(sign_in.merge(routers.logout));
            readiness.push(store_check);
        }
        #[cfg(feature = "upstream")]
        {
            let pool = crate::upstream::Pool::build(&config.upstream, &config.tls)
                .map_err(StartError::Config)?;
            states.insert(
                std::any::TypeId::of::<std::sync::Arc<crate::upstream::Pool>>(),
                Box::new(std::sync::Arc::new(pool)),
            );
        }
        #[cfg(not(feature = "upstream"))]
        if let Some(name) = config.upstream.keys().next() {
            return Err(StartError::Config(crate::config::ConfigError {
                source: format!("upstream.{name}"),
                detail: "upstream services need the `upstream` feature of bffkit".to_owned(),
            }));
        }
        let ctx = AppContext::new(states, config.clone());
        // A path's rate limits are checked by its lambdas, unless a folder middleware wraps
        // them: then a layer checks the limits before that middleware runs.
        let mut built = crate::middleware::Built::default();
        let mut limits_by_path: BTreeMap<&str, Placed> = BTreeMap::new();
        let mut by_path: BTreeMap<&str, MethodRouter<AppContext>> = BTreeMap::new();
        for route in &routes {
            let placed = limits_by_path.entry(&route.path).or_insert_with(|| {
                let folder_limits = built.rate_limits(route.middleware);
                Placed {
                    limits: rate_limits.route_limits(&route.path, &folder_limits, &ctx),
                    wrapped: route.middleware.iter().any(|f| built.get(f).wraps()),
                }
            });
            let in_lambda = (!placed.wrapped).then(|| placed.limits.clone()).flatten();
            let lambda = lambda_service::LambdaService::new(route, ctx.clone(), in_lambda);
            let method_router = by_path.remove(route.path.as_str()).unwrap_or_default();
            by_path.insert(
                &route.path,
                method_router.on_service(route.method.filter(), lambda),
            );
        }
        // Folder middleware wraps the routes under it, inside the router so it sees the
        // matched path and its parameters; routes without any are left as they are.
        let mut router: Router<AppContext> = Router::new();
        for (path, mut method_router) in by_path {
            let covering = routes
                .iter()
                .find(|r| r.path == path)
                .map_or(&[][..], |r| r.middleware);
            for folder in covering.iter().rev() {
                method_router = built.get(folder).wrap(method_router);
            }
            if let Some(Placed {
                limits: Some(limits),
                wrapped: true,
            }) = limits_by_path.get(path)
            {
                method_router =
                    method_router.layer(crate::rate_limit::RateLimitLayer(Arc::clone(limits)));
            }
            router = router.route(path, method_router);
        }
        rate_limits
            .check_every_rule_matched()
            .map_err(StartError::Config)?;
        // Built once for both endpoints that show it.
        let document = (config.manifest.is_enabled() || config.docs.is_enabled()).then(|| {
            manifest_document(
                &routes,
                &config,
                sign_in.clone(),
                &self.merged_routes,
                keys.as_ref(),
            )
        });
        if let (true, Some(document)) = (config.manifest.is_enabled(), &document) {
            let body = serde_json::to_vec_pretty(&document).unwrap_or_default();
            let path = crate::routes::full_path(
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
        if let (true, Some(document)) = (config.docs.is_enabled(), &document) {
            let path = crate::routes::full_path(
                &config.routes.prefix,
                crate::manifest::Internal::Docs.route(),
            );
            router = router.route(&path, crate::docs::route(document));
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
        crate::ops::set_outage_period(std::time::Duration::from_secs(
            config.log.outage_summary_secs,
        ));
        crate::ops::traces::init(&config.otel);
        let pipeline = crate::pipeline::wrap(router, &config, self.layers);
        let router = pipeline.router();
        if let Some(batch) = batch {
            batch.bind(router.clone());
        }
        Ok(Assembled {
            client_addresses: rate_limits.in_use(),
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
    crate::routes::resolve(
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
    rate_limit_keys: Option<&crate::rate_limit::AppKeys>,
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
    let signs_in = info.sign_in.is_some();
    let mut document = crate::manifest::document(routes, &info);
    let mut built = crate::middleware::Built::default();
    super::rate_limit_doc::document(
        &mut document,
        routes,
        config,
        rate_limit_keys,
        signs_in,
        |route| built.rate_limits(route.middleware),
    );
    // Written as a JSON value, whose members serde_json keeps sorted: the served text is
    // stable whatever order the typed parts declare their fields in.
    serde_json::to_value(document).unwrap_or_default()
}

/// `bffkit.toml` as the build script embedded it.
pub(super) fn embedded_config() -> Option<&'static str> {
    inventory::iter::<route_table::TableEntry>
        .into_iter()
        .find_map(|t| t.0.config)
}

/// A path's rate limits, and whether a folder middleware wraps its lambdas.
struct Placed {
    limits: Option<Arc<crate::rate_limit::RouteLimits>>,
    wrapped: bool,
}

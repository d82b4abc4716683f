//! What an app becomes: its resolved routes, its manifest, and the router with every
//! layer, built once by [`App::assemble`].

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::routing::MethodRouter;
use axum::Router;

use super::own_routes::{self, OwnRoutes};
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
        let own = OwnRoutes::new(&config, self.signs_in());
        Ok(manifest_document(
            &routes,
            &config,
            self.sign_in_doc(&config),
            &self.merged_routes,
            &own,
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

    /// Whether the app has sign-in (`App::auth`).
    fn signs_in(&self) -> bool {
        #[cfg(feature = "auth")]
        return self.auth.is_some();
        #[cfg(not(feature = "auth"))]
        false
    }

    /// What the manifest says about sign-in: `None` without `App::auth`.
    fn sign_in_doc(&self, config: &Config) -> Option<crate::manifest::SignInDoc> {
        self.signs_in().then(|| crate::manifest::SignInDoc {
            cookie: config
                .auth
                .cookie
                .enabled
                .then(|| config.auth.cookie.name.clone()),
            api_key_header: config.auth.api_key_header.clone(),
        })
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
        let own = OwnRoutes::new(&config, self.signs_in());
        let routes = resolved_routes(&config)?;
        // A deadline for a route that does not exist would be ignored: say so at start-up.
        (config.deadlines)
            .check_routes(|path| routes.iter().any(|r| r.path == path))
            .map_err(StartError::Config)?;
        let keys = self.rate_limit_keys();
        let rate_limits = crate::rate_limit::RateLimits::from_config(&config, keys.as_ref(), true)
            .map_err(StartError::Config)?;
        // Built once for both routes that show it.
        let document = (own.manifest.is_some() || own.docs.is_some()).then(|| {
            manifest_document(
                &routes,
                &config,
                self.sign_in_doc(&config),
                &self.merged_routes,
                &own,
                keys.as_ref(),
            )
        });
        #[allow(unused_mut)]
        let (mut states, merged, mut readiness) = (self.states, self.merged, self.readiness);
        #[cfg(feature = "auth")]
        let sign_in_routes = match (self.auth, own.sign_in) {
            (Some(auth), Some(routes)) => {
                let (state, store_check) = auth
                    .install(&config, &mut states)
                    .map_err(StartError::Config)?;
                readiness.push(store_check);
                Some((routes, state))
            }
            _ => None,
        };
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
        let mut router: Router = router.with_state(ctx);
        // bffkit's own routes inside the app's router, behind its JSON 404 and 405 (sign-in
        // too, below). The batch route is among them (so layers see the batch request too) and sends its
        // calls through the finished app, bound below.
        if let (Some(routes), Some(document)) = (own.manifest, &document) {
            let served = crate::manifest::Served::new(document);
            router = router.merge(own_routes::serve(routes, served));
        }
        if let (Some(routes), Some(document)) = (own.docs, &document) {
            router = router.merge(own_routes::serve(routes, crate::docs::Page::new(document)));
        }
        let batch = own.batch.map(|routes| {
            let endpoint = BatchEndpoint::new(&config);
            router = std::mem::take(&mut router).merge(own_routes::serve(routes, endpoint.clone()));
            endpoint
        });
        #[cfg(feature = "auth")]
        if let Some((routes, state)) = sign_in_routes {
            // Sign-in and refresh call the platforms: their limit is checked before (a
            // wrong method, answered by the fallback, is not counted).
            let limited = own_routes::serve(routes.limited, state.clone());
            let limited = match rate_limits.sign_in_layer() {
                Some(limit) => limited.route_layer(limit),
                None => limited,
            };
            router = router
                .merge(limited)
                .merge(own_routes::serve(routes.logout, state));
        }
        let mut router = router
            .fallback(error::not_found)
            .method_not_allowed_fallback(error::method_not_allowed);
        for merged in merged {
            router = router.merge(merged);
        }
        router = router.merge(own_routes::serve(own.health, Arc::new(readiness)));
        crate::ops::set_outage_period(std::time::Duration::from_secs(
            config.log.outage_summary_secs,
        ));
        crate::ops::traces::init(&config.otel);
        // Installed whether or not the page is served: OTLP metrics record through it too.
        let metrics = crate::ops::Metrics::install(&config);
        if let (Some(routes), Some(metrics)) = (own.metrics, metrics) {
            router = router.merge(own_routes::serve(routes, metrics));
        }
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
    own: &OwnRoutes,
    rate_limit_keys: Option<&crate::rate_limit::AppKeys>,
) -> serde_json::Value {
    let table = inventory::iter::<route_table::TableEntry>
        .into_iter()
        .next()
        .map(|t| t.0);
    let (in_app, beside) = own.described();
    let info = crate::manifest::ManifestInfo {
        title: table.map(|t| t.package).unwrap_or("bffkit app"),
        version: table.map(|t| t.version).unwrap_or("0.0.0"),
        prefix: &config.routes.prefix,
        envelope: config.response.envelope,
        sign_in,
        merged,
        in_app: &in_app,
        beside: &beside,
    };
    let mut document = crate::manifest::document(routes, &info);
    let mut built = crate::middleware::Built::default();
    super::rate_limit_doc::document(
        &mut document,
        routes,
        config,
        rate_limit_keys,
        own.rate_limited_sign_in(),
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

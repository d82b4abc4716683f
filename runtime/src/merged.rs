//! Routers merged beside the lambdas. [`App::merge`](crate::App::merge) takes any axum
//! `Router`, whose routes bffkit cannot see; [`Routes`] builds one route by route, so
//! each is known by method and path and may carry a [`RouteDoc`] for the manifest.
//! Routes served without a description are listed at start-up and by `routes --json`
//! with `"documented": false`.

use std::fmt;
use std::sync::Arc;

use axum::handler::Handler;
use axum::Router;
use schemars::JsonSchema;

use crate::error::{DocumentedRejection, IntoDeclaredError};
use crate::schema::{parts, BodyKind, OperationDoc};
pub use bffkit_contract::Method;

/// One step of a description, given the route's path (for its parameter names).
type DescribeStep = Arc<dyn Fn(&mut OperationDoc, &str) + Send + Sync>;

/// What a merged route takes and answers, for the manifest (and so the generated client
/// and `bffkit diff`).
///
/// ```
/// use bffkit::{Method, RouteDoc, Routes};
///
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Pong { ok: bool }
///
/// let routes = Routes::new().documented(
///     Method::Get,
///     "/legacy/ping",
///     || async { axum::Json(Pong { ok: true }) },
///     RouteDoc::new().summary("Answers while the process is up").response::<Pong>(),
/// );
/// # let _ = routes;
/// ```
#[derive(Clone, Default)]
pub struct RouteDoc {
    steps: Vec<DescribeStep>,
    internal: bool,
    operation_id: Option<&'static str>,
}

impl RouteDoc {
    /// A route that documents nothing yet.
    pub fn new() -> RouteDoc {
        RouteDoc::default()
    }

    fn step(mut self, step: impl Fn(&mut OperationDoc) + Send + Sync + 'static) -> RouteDoc {
        self.steps.push(Arc::new(move |doc, _| step(doc)));
        self
    }

    /// The one-line summary.
    pub fn summary(self, text: &'static str) -> RouteDoc {
        self.step(move |doc| doc.summary = Some(text.to_owned()))
    }

    /// The longer description, after the summary.
    pub fn description(self, text: impl Into<String>) -> RouteDoc {
        let text = text.into();
        self.step(move |doc| doc.description = Some(text.clone()))
    }

    /// The operation id, instead of the one derived from method and path (`postAuthRefresh`):
    /// the name of the generated client's function.
    pub fn operation_id(mut self, id: &'static str) -> RouteDoc {
        self.operation_id = Some(id);
        self
    }

    /// Groups the route under `tag` in the document.
    pub fn tag(self, tag: &'static str) -> RouteDoc {
        self.step(move |doc| doc.tags.push((tag, None)))
    }

    /// Groups the route under `tag`, which the document describes as `description`.
    pub(crate) fn tag_described(self, tag: &'static str, description: &'static str) -> RouteDoc {
        self.step(move |doc| doc.tags.push((tag, Some(description))))
    }

    /// Not to be called inside a batch (`x-bffkit-unbatched`): the route sets cookies or
    /// headers, which a batched call cannot (see [`batch`](crate::batch)).
    pub fn not_batchable(self) -> RouteDoc {
        self.step(|doc| doc.unbatched = true)
    }

    /// What the success answer is, in its description (otherwise "Success").
    pub fn response_description(self, text: &'static str) -> RouteDoc {
        self.step(move |doc| doc.response_description = Some(text))
    }

    /// The success answer may also come as `media_type`, with a body of type `T` (the
    /// batch's NDJSON lines beside its JSON array).
    pub(crate) fn response_also<T: JsonSchema + 'static>(
        self,
        media_type: &'static str,
    ) -> RouteDoc {
        self.step(move |doc| {
            let schema = doc.generator().subschema_for::<T>();
            doc.response_also.push((media_type, schema));
        })
    }

    /// A header of the success answer.
    #[cfg_attr(not(feature = "auth"), allow(dead_code))]
    pub(crate) fn response_header(self, name: &'static str, description: String) -> RouteDoc {
        self.step(move |doc| doc.response_headers.push((name, description.clone())))
    }

    /// Another answer than the success, with a body of type `T` (readiness's 503).
    pub(crate) fn answer<T: JsonSchema + 'static>(
        self,
        status: u16,
        description: &'static str,
    ) -> RouteDoc {
        self.step(move |doc| {
            let schema = doc.generator().subschema_for::<T>();
            doc.answers.push((status, description, schema));
        })
    }

    /// The statuses the rejection type `R` answers with, as bffkit's `{code, msg}` errors:
    /// the route's code returns `R`, so `R` states them (a lambda's extractors do the same).
    pub(crate) fn rejection<R: DocumentedRejection>(self) -> RouteDoc {
        self.step(|doc| doc.rejections.rejection::<R>())
    }

    /// Requires a session (bearer token or cookie): the operation's `security` says so, and
    /// its statuses include the session check's.
    #[cfg_attr(not(feature = "auth"), allow(dead_code))]
    pub(crate) fn requires_session(self) -> RouteDoc {
        self.step(|doc| doc.requires_auth = true)
    }

    /// The query string, as the properties of `T`.
    pub fn query<T: JsonSchema + 'static>(self) -> RouteDoc {
        self.step(parts::query::<T>)
    }

    /// A JSON body of type `T`.
    pub fn json_body<T: JsonSchema + 'static>(self) -> RouteDoc {
        self.step(|doc| parts::body::<T>(doc, BodyKind::Json))
    }

    /// A JSON body of type `T`, its schema then completed by `adjust` with what the type
    /// cannot say (a limit from the app's settings).
    pub(crate) fn json_body_with<T: JsonSchema + 'static>(
        self,
        adjust: impl Fn(&mut schemars::Schema) + Send + Sync + 'static,
    ) -> RouteDoc {
        self.step(move |doc| {
            parts::body::<T>(doc, BodyKind::Json);
            if let Some((_, schema)) = &mut doc.body {
                adjust(schema);
            }
        })
    }

    /// A JSON success body of type `T`.
    pub fn response<T: JsonSchema + 'static>(self) -> RouteDoc {
        self.step(parts::response::<T>)
    }

    /// A success body of another media type (`text/html`), documented as a string.
    pub fn response_media(self, media_type: &'static str) -> RouteDoc {
        self.step(move |doc| {
            doc.response = Some(schemars::json_schema!({ "type": "string" }));
            doc.response_media = Some(media_type);
        })
    }

    /// The request headers, as the properties of `T`.
    pub fn headers<T: JsonSchema + 'static>(self) -> RouteDoc {
        self.step(parts::headers::<T>)
    }

    /// The path parameters, as the properties of `T` (those it lacks are strings).
    pub fn path_params<T: JsonSchema + 'static>(mut self) -> RouteDoc {
        self.steps.push(Arc::new(|doc, path| {
            let names: Vec<&str> = path_param_names(path).collect();
            parts::params::<T>(doc, &names);
        }));
        self
    }

    /// An error the route answers, declared as lambdas declare theirs (an
    /// [`ErrorCode`](crate::ErrorCode) or a `(status, code)` pair): its status is among the
    /// operation's responses, and the generated client types it.
    pub fn error(self, error: impl IntoDeclaredError) -> RouteDoc {
        let error = error.into_declared();
        self.step(move |doc| {
            if !doc.declared_errors.contains(&error) {
                doc.declared_errors.push(error);
            }
        })
    }

    /// An upgrade to a WebSocket: documented as `101` with `x-bffkit-websocket`, as WebSocket
    /// lambdas are, and left out of generated clients (fetch cannot upgrade).
    pub fn websocket(self) -> RouteDoc {
        self.step(|doc| {
            doc.websocket = true;
            doc.errors.extend([400, 426]);
        })
    }

    /// Documented, but left out of generated clients (a page, an asset).
    pub fn internal(mut self) -> RouteDoc {
        self.internal = true;
        self
    }

    /// Fills `doc` for the route at `path`.
    pub(crate) fn describe(&self, doc: &mut OperationDoc, path: &str) {
        self.steps.iter().for_each(|step| step(doc, path));
    }

    /// Whether it documents a response (it may describe only its inputs).
    /// A WebSocket upgrade documents its messages, not a response body.
    pub(crate) fn has_response(&self) -> bool {
        let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
        let mut doc = OperationDoc::new(&mut generator);
        self.describe(&mut doc, "");
        doc.websocket
            || doc
                .response
                .is_some_and(|s| !crate::schema::documents_nothing(s.as_value()))
    }

    /// Whether generated clients leave the route out.
    pub(crate) fn is_internal(&self) -> bool {
        self.internal
    }

    /// The operation id it names, if it names one.
    pub(crate) fn named_operation_id(&self) -> Option<&'static str> {
        self.operation_id
    }
}

impl fmt::Debug for RouteDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteDoc")
            .field("steps", &self.steps.len())
            .field("internal", &self.internal)
            .field("operation_id", &self.operation_id)
            .finish()
    }
}

/// One route of a [`Routes`] router.
#[derive(Debug, Clone)]
pub struct MergedRoute {
    /// The method it answers.
    pub method: Method,
    /// Its path in axum syntax (`/legacy/{id}`).
    pub path: String,
    /// Its description, if it has one.
    pub doc: Option<RouteDoc>,
}

/// An axum router built route by route, so bffkit knows what it answers. Merge it with
/// [`App::merge_routes`](crate::App::merge_routes).
///
/// Its handlers may take a state `S`, given with [`Routes::with_state`]: the routes are
/// described before the state exists (bffkit's own routes are documented this way by
/// `<app> manifest`, which starts nothing).
///
/// ```
/// use axum::extract::State;
/// use bffkit::{Method, RouteDoc, Routes};
///
/// let routes: Routes = Routes::<&'static str>::default()
///     .documented(
///         Method::Get,
///         "/legacy/motd",
///         |State(motd): State<&'static str>| async move { motd },
///         RouteDoc::new().response_media("text/plain"),
///     )
///     .with_state("hello");
/// # let _ = routes;
/// ```
pub struct Routes<S = ()> {
    router: Router<S>,
    routes: Vec<MergedRoute>,
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Routes {
        Routes::default()
    }
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Routes {
            router: Router::new(),
            routes: Vec::new(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    /// Serves `handler` for `method` on `path` without describing it: it is listed as
    /// undocumented at start-up and by `routes --json`.
    pub fn route<H, T>(self, method: Method, path: &str, handler: H) -> Routes<S>
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.add(method, path, handler, None)
    }

    /// Serves `handler` for `method` on `path`, described in the manifest by `doc`.
    pub fn documented<H, T>(
        self,
        method: Method,
        path: &str,
        handler: H,
        doc: RouteDoc,
    ) -> Routes<S>
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.add(method, path, handler, Some(doc))
    }

    /// Gives the handlers their state.
    pub fn with_state(self, state: S) -> Routes {
        Routes {
            router: self.router.with_state(state),
            routes: self.routes,
        }
    }

    /// The routes, as the manifest and `routes --json` read them.
    pub(crate) fn described(&self) -> &[MergedRoute] {
        &self.routes
    }

    fn add<H, T>(
        mut self,
        method: Method,
        path: &str,
        handler: H,
        doc: Option<RouteDoc>,
    ) -> Routes<S>
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self
            .router
            .route(path, axum::routing::on(method.filter(), handler));
        self.routes.push(MergedRoute {
            method,
            path: path.to_owned(),
            doc,
        });
        self
    }
}

impl Routes {
    pub(crate) fn into_parts(self) -> (Router, Vec<MergedRoute>) {
        (self.router, self.routes)
    }
}

/// The axum filter serving a [`Method`].
pub(crate) trait MethodFilter {
    fn filter(self) -> axum::routing::MethodFilter;
}

impl MethodFilter for Method {
    fn filter(self) -> axum::routing::MethodFilter {
        use axum::routing::MethodFilter as F;
        match self {
            Method::Get => F::GET,
            Method::Post => F::POST,
            Method::Put => F::PUT,
            Method::Delete => F::DELETE,
            Method::Patch => F::PATCH,
            Method::Head => F::HEAD,
            Method::Options => F::OPTIONS,
            Method::Trace => F::TRACE,
            Method::Connect => F::CONNECT,
        }
    }
}

/// The names of `{name}` and `{*name}` segments, in path order.
pub(crate) fn path_param_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter_map(|segment| {
        let name = segment.strip_prefix('{')?.strip_suffix('}')?;
        Some(name.strip_prefix('*').unwrap_or(name))
    })
}

//! Per-folder middleware: `_middleware.rs` in any folder of the lambda directory wraps
//! every route in that folder and below, outermost at the top of the tree.
//!
//! The file defines `pub fn middleware() -> bffkit::Middleware`, built from an async
//! function or from any tower layer:
//!
//! ```
//! // api/lambda/admin/_middleware.rs
//! use bffkit::middleware::{Middleware, Next};
//! use bffkit::{code, ApiError};
//! use axum::extract::Request;
//! use axum::response::Response;
//!
//! pub fn middleware() -> Middleware {
//!     Middleware::from_fn(admin_only).status(403, "Not an admin")
//! }
//!
//! async fn admin_only(request: Request, next: Next) -> Result<Response, ApiError> {
//!     if request.headers().get("x-role").is_some_and(|r| r == "admin") {
//!         Ok(next.run(request).await)
//!     } else {
//!         Err(ApiError::new(code::FORBIDDEN, "admins only"))
//!     }
//! }
//! # let _ = middleware();
//! ```
//!
//! A route without middleware files above it is served exactly as before: nothing is
//! added to its path.

use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use axum::extract::{MatchedPath, Request};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use tower::{Layer, Service};

use crate::context::AppContext;

pub use axum::middleware::Next;

type Apply = dyn Fn(MethodRouter<AppContext>) -> MethodRouter<AppContext> + Send + Sync;

/// What a folder's `_middleware.rs` returns: how it wraps the routes below it, and what
/// it adds to their documentation.
#[derive(Clone)]
#[must_use]
pub struct Middleware {
    apply: Arc<Apply>,
    /// Whether `apply` wraps the routes (`false` for a middleware that only limits).
    wraps: bool,
    doc: MiddlewareDoc,
    /// Limits on the routes it covers, counted by the app's rate limiter.
    rate_limits: Vec<crate::rate_limit::RateLimit>,
}

/// What a middleware adds to the manifest of each route it covers.
#[derive(Debug, Clone, Default)]
pub struct MiddlewareDoc {
    /// Statuses it may answer with, and what they mean.
    pub statuses: Vec<(u16, Cow<'static, str>)>,
    /// Security schemes it checks: name and OpenAPI Security Scheme Object.
    pub security: Vec<(Cow<'static, str>, serde_json::Value)>,
}

impl Middleware {
    /// An async function `(request, next) -> response`: call `next.run(request).await`
    /// to go on, or answer early. Any `IntoResponse` will do, so
    /// `Result<Response, ApiError>` answers errors in bffkit's JSON shape.
    pub fn from_fn<F, Fut, Out>(f: F) -> Middleware
    where
        F: Fn(Request, Next) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Out> + Send + 'static,
        Out: IntoResponse + 'static,
    {
        let layer = axum::middleware::from_fn(move |request: Request, next: Next| {
            let f = f.clone();
            async move { f(request, next).await }
        });
        Middleware::layer(layer)
    }

    /// Any tower layer, such as a `tower_http` one.
    pub fn layer<L>(layer: L) -> Middleware
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        Middleware {
            apply: Arc::new(move |router: MethodRouter<AppContext>| router.layer(layer.clone())),
            wraps: true,
            doc: MiddlewareDoc::default(),
            rate_limits: Vec::new(),
        }
    }

    /// Only a rate limit on the routes below the folder (see [`crate::rate_limit`]).
    pub fn rate_limit(limit: crate::rate_limit::RateLimit) -> Middleware {
        Middleware {
            apply: Arc::new(|router| router),
            wraps: false,
            doc: MiddlewareDoc::default(),
            rate_limits: Vec::new(),
        }
        .limit(limit)
    }

    /// Adds a rate limit on the routes it covers: counted in the app's store (`[rate_limit]
    /// store`), checked before this middleware runs, and declared in the manifest (429 and
    /// `x-bffkit-rate-limit`).
    pub fn limit(mut self, limit: crate::rate_limit::RateLimit) -> Middleware {
        if !self.doc.statuses.iter().any(|(status, _)| *status == 429) {
            self = self.status(
                429,
                "Too many requests: a rate limit of this folder was reached",
            );
        }
        self.rate_limits.push(limit);
        self
    }

    pub(crate) fn rate_limits(&self) -> &[crate::rate_limit::RateLimit] {
        &self.rate_limits
    }

    /// Declares a status this middleware may answer with (`401`, `403`, `429`), so the
    /// manifest and the generated client list it for every route it covers.
    pub fn status(mut self, status: u16, description: impl Into<Cow<'static, str>>) -> Middleware {
        self.doc.statuses.push((status, description.into()));
        self
    }

    /// Declares a security scheme this middleware checks, as an OpenAPI Security Scheme
    /// Object (`{"type": "http", "scheme": "bearer"}`): the manifest lists it in
    /// `components.securitySchemes` and requires it on every route it covers.
    pub fn security(
        mut self,
        name: impl Into<Cow<'static, str>>,
        scheme: serde_json::Value,
    ) -> Middleware {
        self.doc.security.push((name.into(), scheme));
        self
    }

    /// What this middleware adds to the documentation of the routes it covers.
    pub fn doc(&self) -> &MiddlewareDoc {
        &self.doc
    }

    pub(crate) fn wrap(&self, router: MethodRouter<AppContext>) -> MethodRouter<AppContext> {
        (self.apply)(router)
    }

    /// Whether it runs code around the routes it covers (a rate limit must come first).
    pub(crate) fn wraps(&self) -> bool {
        self.wraps
    }
}

/// A path parameter of the route a request matched (`year` of
/// `admin/reports/[year].rs`), percent-decoded; `None` when the route has no such
/// parameter. For a catch-all, the rest of the path.
pub fn path_param(request: &Request, name: &str) -> Option<String> {
    let template = request.extensions().get::<MatchedPath>()?.as_str();
    let mut actual = request.uri().path().split('/');
    for part in template.split('/') {
        let value = actual.next();
        if part.starts_with("{*") && part[2..].strip_suffix('}') == Some(name) {
            let rest: Vec<&str> = value.into_iter().chain(actual).collect();
            return Some(decode(&rest.join("/")));
        }
        if part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) == Some(name) {
            return value.map(decode);
        }
    }
    None
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A folder's `_middleware.rs`, as the build script lists it.
#[derive(Debug)]
pub struct FolderMiddleware {
    /// The folder it covers, relative to the crate root.
    pub folder: &'static str,
    /// The file, relative to the crate root.
    pub file: &'static str,
    /// Its `pub fn middleware()`.
    pub make: fn() -> Middleware,
}

/// Builds each folder's middleware once, however many routes it covers.
#[derive(Default)]
pub(crate) struct Built(Vec<(&'static FolderMiddleware, Middleware)>);

impl Built {
    /// The rate limits of the folders `covering` a route, outermost first.
    pub(crate) fn rate_limits(
        &mut self,
        covering: &[&'static FolderMiddleware],
    ) -> Vec<crate::rate_limit::RateLimit> {
        let mut limits = Vec::new();
        for folder in covering {
            limits.extend_from_slice(self.get(folder).rate_limits());
        }
        limits
    }

    pub(crate) fn get(&mut self, folder: &'static FolderMiddleware) -> &Middleware {
        match self.0.iter().position(|(f, _)| std::ptr::eq(*f, folder)) {
            Some(i) => &self.0[i].1,
            None => {
                self.0.push((folder, (folder.make)()));
                &self.0[self.0.len() - 1].1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `path_param` reads for `name` when `path` matches `template` in a router.
    async fn param(template: &str, path: &str, name: &'static str) -> Option<String> {
        let router: axum::Router = axum::Router::new().route(
            template,
            axum::routing::get(move |request: Request| async move {
                axum::Json(path_param(&request, name))
            }),
        );
        let response = tower::ServiceExt::oneshot(
            router,
            Request::builder()
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
        let bytes = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn reads_params_of_the_matched_route() {
        let template = "/api/{org}/reports/{year}/{*rest}";
        let path = "/api/a%20b/reports/2024/x/y%2Fz";
        assert_eq!(param(template, path, "org").await.as_deref(), Some("a b"));
        assert_eq!(param(template, path, "year").await.as_deref(), Some("2024"));
        assert_eq!(
            param(template, path, "rest").await.as_deref(),
            Some("x/y/z")
        );
        assert_eq!(param(template, path, "missing").await, None);
        assert_eq!(param("/api/docs", "/api/docs", "rest").await, None);
    }
}

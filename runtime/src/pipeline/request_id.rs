//! The layer that gives every request its id (see [`crate::request_id`]), its task scope,
//! its (debug) `tracing` span and its trace span (see [`crate::ops::traces`]), and echoes the id
//! on the response.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use http::HeaderValue;
use tokio::task::futures::TaskLocalFuture;
use tower::Service;
use tracing::instrument::Instrumented;
use tracing::Instrument;

use super::stage::Stage;
use crate::ops::traces::ServerSpan;
use crate::request_id::{RequestId, Scope, HEADER, SCOPE};

/// Sets the request's id; `expose_internal` is the app's `[response] expose_internal_errors`.
#[derive(Clone, Copy)]
pub(crate) struct SetRequestId {
    pub(crate) expose_internal: bool,
}

impl Stage for SetRequestId {
    type Future<F> = RequestIdFuture<F>;

    fn call<S>(&self, inner: &mut S, request: Request) -> RequestIdFuture<S::Future>
    where
        S: Service<Request, Response = Response>,
    {
        let id = RequestId::for_request(request.headers().get(&HEADER));
        // Handlers, extractors and upstream calls read the id from the task scope.
        // Debug level, as tower-http's TraceLayer: log lines get the id from the task
        // scope (see `ops::logging`), so the common case pays for no span.
        let span = tracing::debug_span!(
            "request",
            method = %request.method(),
            path = %request.uri().path()
        );
        let header = id.to_header();
        let scope = Scope {
            id,
            expose_internal: self.expose_internal,
        };
        let trace = ServerSpan::start(&request);
        let inner = {
            let _current = trace.as_ref().map(ServerSpan::attach);
            SCOPE.scope(scope, inner.call(request))
        };
        RequestIdFuture {
            inner: inner.instrument(span),
            header: Some(header),
            trace,
        }
    }
}

pin_project_lite::pin_project! {
    /// See [`SetRequestId`].
    pub(crate) struct RequestIdFuture<F> {
        #[pin]
        inner: Instrumented<TaskLocalFuture<Scope, F>>,
        header: Option<HeaderValue>,
        trace: Option<ServerSpan>,
    }
}

impl<F, E> Future for RequestIdFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let polled = {
            let _current = this.trace.as_ref().map(ServerSpan::attach);
            this.inner.poll(cx)
        };
        let mut response = std::task::ready!(polled)?;
        if let Some(header) = this.header.take() {
            response.headers_mut().insert(HEADER, header);
        }
        if let Some(trace) = this.trace.take() {
            response = trace.respond(response);
        }
        Poll::Ready(Ok(response))
    }
}

//! The shape bffkit's own layers share, written once: a [`Stage`] says what happens around
//! the inner service's call and which future answers; [`StageLayer`] and [`Staged`] make it
//! a tower `Layer` and `Service`. Everything stays monomorphic: no boxing, no dynamic
//! dispatch, nothing allocated per request.

use std::future::Future;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use tower::{Layer, Service};

/// One of bffkit's layers around the routed app.
pub(crate) trait Stage: Clone {
    /// The future answering a request, around the inner service's future `F`.
    type Future<F>;

    /// Starts answering `request`, calling `inner` (or not, to refuse it).
    fn call<S>(&self, inner: &mut S, request: Request) -> Self::Future<S::Future>
    where
        S: Service<Request, Response = Response>;
}

/// A [`Stage`] as a tower `Layer`.
#[derive(Clone, Copy)]
pub(crate) struct StageLayer<St>(pub St);

impl<St: Stage, S> Layer<S> for StageLayer<St> {
    type Service = Staged<St, S>;

    fn layer(&self, inner: S) -> Staged<St, S> {
        Staged {
            stage: self.0.clone(),
            inner,
        }
    }
}

/// A [`Stage`] around the service `S`.
#[derive(Clone)]
pub(crate) struct Staged<St, S> {
    stage: St,
    inner: S,
}

impl<St, S> Service<Request> for Staged<St, S>
where
    St: Stage,
    S: Service<Request, Response = Response>,
    St::Future<S::Future>: Future<Output = Result<Response, S::Error>>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = St::Future<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        self.stage.call(&mut self.inner, request)
    }
}

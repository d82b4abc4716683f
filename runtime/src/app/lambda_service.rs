//! A lambda as a tower service: the registered `call` with the app context, served by
//! the method router without axum's handler machinery (one boxed future per request).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use tower::Service;

use super::route_table::HandlerFuture;
use super::AppContext;

#[derive(Clone)]
pub(crate) struct LambdaService {
    call: fn(Request, AppContext) -> HandlerFuture,
    ctx: AppContext,
}

impl LambdaService {
    pub(crate) fn new(call: fn(Request, AppContext) -> HandlerFuture, ctx: AppContext) -> Self {
        LambdaService { call, ctx }
    }
}

impl Service<Request> for LambdaService {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Answer {
        Answer((self.call)(request, self.ctx.clone()))
    }
}

/// The handler's future, as a service's `Result`.
pub(crate) struct Answer(HandlerFuture);

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.as_mut().poll(cx).map(Ok)
    }
}

//! A lambda as a tower service: the registered `call` with the app context, served by
//! the method router without axum's handler machinery (one boxed future per request).
//! A stream the lambda answers gets its body here, in the format the request asked for.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use tower::Service;

use super::route_table::HandlerFuture;
use super::AppContext;
use crate::stream::{self, StreamRequest};

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
        let stream = StreamRequest::of(&request, &self.ctx);
        Answer {
            handler: (self.call)(request, self.ctx.clone()),
            stream,
        }
    }
}

/// The handler's future, as a service's `Result`.
pub(crate) struct Answer {
    handler: HandlerFuture,
    stream: StreamRequest,
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.handler
            .as_mut()
            .poll(cx)
            .map(|response| Ok(stream::finish(response, this.stream)))
    }
}

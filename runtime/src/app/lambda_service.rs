//! A lambda as a tower service: the registered `call` with the app context, served by
//! the method router without axum's handler machinery (one boxed future per request).
//! A stream the lambda answers gets its body here, in the format the request asked for.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use tower::Service;

use super::declared_check::DeclaredCodes;
use super::{AppContext, ResolvedRoute};
use crate::routes::table::HandlerFuture;
use crate::stream::{self, StreamRequest};

#[derive(Clone)]
pub(crate) struct LambdaService {
    call: fn(Request, AppContext) -> HandlerFuture,
    ctx: AppContext,
    /// Debug builds: what the handler declares, to warn about undeclared error codes.
    declared: Option<Arc<DeclaredCodes>>,
}

impl LambdaService {
    pub(crate) fn new(route: &ResolvedRoute, ctx: AppContext) -> Self {
        LambdaService {
            call: route.call,
            ctx,
            declared: cfg!(debug_assertions).then(|| Arc::new(DeclaredCodes::of(route))),
        }
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
            declared: self.declared.clone(),
            stream,
        }
    }
}

/// The handler's future, as a service's `Result`.
pub(crate) struct Answer {
    handler: HandlerFuture,
    /// The codes the handler declares, checked in debug builds.
    declared: Option<Arc<DeclaredCodes>>,
    stream: StreamRequest,
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let answer = this.handler.as_mut().poll(cx);
        if let (Poll::Ready(response), Some(declared)) = (&answer, &this.declared) {
            if response.status().as_u16() >= 400 {
                declared.check(response);
            }
        }
        answer.map(|response| Ok(stream::finish(response, this.stream)))
    }
}

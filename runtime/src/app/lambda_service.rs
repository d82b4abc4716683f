//! A lambda as a tower service: the registered `call` with the app context, served by
//! the method router without axum's handler machinery (one boxed future per request).
//! A stream the lambda answers gets its body here, in the format the request asked for.
//! The route's rate limits are checked here too, when no folder middleware must run
//! between them and the lambda: a layer of their own would be one more boxed service that
//! axum clones for every request.

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
use crate::rate_limit::{Admission, RouteLimits};
use crate::routes::table::HandlerFuture;
use crate::stream::{self, StreamRequest};

#[derive(Clone)]
pub(crate) struct LambdaService {
    call: fn(Request, AppContext) -> HandlerFuture,
    ctx: AppContext,
    /// Debug builds: what the handler declares, to warn about undeclared error codes.
    declared: Option<Arc<DeclaredCodes>>,
    /// The route's rate limits, when they are checked here.
    limits: Option<Arc<RouteLimits>>,
}

impl LambdaService {
    pub(crate) fn new(
        route: &ResolvedRoute,
        ctx: AppContext,
        limits: Option<Arc<RouteLimits>>,
    ) -> Self {
        LambdaService {
            call: route.call,
            ctx,
            declared: cfg!(debug_assertions).then(|| Arc::new(DeclaredCodes::of(route))),
            limits,
        }
    }

    /// The handler's future behind the route's limits.
    fn limited(&self, limits: &Arc<RouteLimits>, request: Request) -> HandlerFuture {
        match limits.admit(request) {
            Admission::Admitted(request, fields) => {
                let handler = (self.call)(request, self.ctx.clone());
                if fields.is_empty() {
                    return handler;
                }
                Box::pin(async move {
                    let mut response = handler.await;
                    fields.stamp(&mut response);
                    response
                })
            }
            Admission::Refused(response) => Box::pin(std::future::ready(response)),
            Admission::Later(request) => {
                let (call, ctx, limits) = (self.call, self.ctx.clone(), Arc::clone(limits));
                Box::pin(async move {
                    match limits.admit_later(request).await {
                        Ok((request, fields)) => {
                            let mut response = call(request, ctx).await;
                            fields.stamp(&mut response);
                            response
                        }
                        Err(response) => response,
                    }
                })
            }
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
        let handler = match &self.limits {
            None => (self.call)(request, self.ctx.clone()),
            Some(limits) => self.limited(limits, request),
        };
        Answer {
            handler,
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

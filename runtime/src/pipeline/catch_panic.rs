//! A panic in a handler (or a layer inside this one) answers 500 and the server goes on.
//! tower-http's `CatchPanic` does the same but boxes every response body.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use tower::Service;

use super::stage::Stage;
use crate::error::panic_response;

/// Catches panics while the request is called and while its future is polled.
#[derive(Clone, Copy)]
pub(crate) struct CatchPanic;

impl Stage for CatchPanic {
    type Future<F> = CatchPanicFuture<F>;

    fn call<S>(&self, inner: &mut S, request: Request) -> CatchPanicFuture<S::Future>
    where
        S: Service<Request, Response = Response>,
    {
        match catch_unwind(AssertUnwindSafe(|| inner.call(request))) {
            Ok(inner) => CatchPanicFuture::Running { inner },
            Err(panic) => CatchPanicFuture::Panicked {
                response: Some(panic_response(panic)),
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// See [`CatchPanic`].
    #[project = CatchPanicProj]
    pub(crate) enum CatchPanicFuture<F> {
        Running { #[pin] inner: F },
        Panicked { response: Option<Response> },
    }
}

impl<F, E> Future for CatchPanicFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CatchPanicProj::Running { inner } => {
                match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
                    Ok(poll) => poll,
                    Err(panic) => Poll::Ready(Ok(panic_response(panic))),
                }
            }
            CatchPanicProj::Panicked { response } => {
                Poll::Ready(Ok(response.take().expect("polled after completion")))
            }
        }
    }
}

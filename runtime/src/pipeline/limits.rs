//! Request-level limits: query string length (414) and total request time (408).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use tokio::time::Sleep;
use tower::Service;

use super::stage::Stage;
use crate::config::LimitsConfig;
use crate::extract::LimitRejection;

/// Applies [`LimitsConfig::query_bytes`] and [`LimitsConfig::request_timeout_ms`].
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    query_bytes: usize,
    timeout_ms: u64,
}

impl Limits {
    pub(crate) fn new(limits: &LimitsConfig) -> Limits {
        Limits {
            query_bytes: limits.query_bytes,
            timeout_ms: limits.request_timeout_ms,
        }
    }
}

impl Stage for Limits {
    type Future<F> = LimitsFuture<F>;

    fn call<S>(&self, inner: &mut S, request: Request) -> LimitsFuture<S::Future>
    where
        S: Service<Request, Response = Response>,
    {
        let len = request.uri().query().map_or(0, str::len);
        if len > self.query_bytes {
            let refusal = LimitRejection::QueryTooLong {
                len,
                limit: self.query_bytes,
            };
            return LimitsFuture::Refused {
                response: Some(refusal.into_response()),
            };
        }
        LimitsFuture::Running {
            inner: inner.call(request),
            timeout_ms: self.timeout_ms,
            timer: None,
        }
    }
}

pin_project_lite::pin_project! {
    /// See [`Limits`].
    #[project = LimitsProj]
    pub(crate) enum LimitsFuture<F> {
        Refused { response: Option<Response> },
        Running {
            #[pin]
            inner: F,
            timeout_ms: u64,
            // Armed the first time the request waits, so a request answered in one
            // poll never touches the timer wheel.
            timer: Option<Pin<Box<Sleep>>>,
        },
    }
}

impl<F, E> Future for LimitsFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            LimitsProj::Refused { response } => {
                Poll::Ready(Ok(response.take().expect("polled after completion")))
            }
            LimitsProj::Running {
                inner,
                timeout_ms,
                timer,
            } => {
                if let Poll::Ready(output) = inner.poll(cx) {
                    return Poll::Ready(output);
                }
                let timer = timer.get_or_insert_with(|| {
                    Box::pin(tokio::time::sleep(Duration::from_millis(*timeout_ms)))
                });
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Ok(
                        LimitRejection::Timeout { ms: *timeout_ms }.into_response()
                    )),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

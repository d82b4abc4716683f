//! Request-level limits: query string length (414) and total request time (408).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use tokio::time::Sleep;
use tower::{Layer, Service};

use crate::config::LimitsConfig;
use crate::error::{code, ApiError};

/// Applies [`LimitsConfig::query_bytes`] and [`LimitsConfig::request_timeout_ms`].
#[derive(Clone, Copy)]
pub(crate) struct LimitsLayer {
    query_bytes: usize,
    timeout_ms: u64,
}

impl LimitsLayer {
    pub(crate) fn new(limits: &LimitsConfig) -> LimitsLayer {
        LimitsLayer {
            query_bytes: limits.query_bytes,
            timeout_ms: limits.request_timeout_ms,
        }
    }
}

impl<S> Layer<S> for LimitsLayer {
    type Service = Limits<S>;

    fn layer(&self, inner: S) -> Limits<S> {
        Limits {
            inner,
            limits: *self,
        }
    }
}

/// See [`LimitsLayer`].
#[derive(Clone)]
pub(crate) struct Limits<S> {
    inner: S,
    limits: LimitsLayer,
}

impl<S> Service<Request> for Limits<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = LimitsFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let query_len = request.uri().query().map_or(0, str::len);
        if query_len > self.limits.query_bytes {
            let error = ApiError::new(
                code::URI_TOO_LONG,
                format!(
                    "query string is {query_len} bytes; the limit is {}",
                    self.limits.query_bytes
                ),
            );
            return LimitsFuture::Refused {
                response: Some(error.into_response()),
            };
        }
        LimitsFuture::Running {
            inner: self.inner.call(request),
            timeout_ms: self.limits.timeout_ms,
            timer: None,
        }
    }
}

pin_project_lite::pin_project! {
    /// See [`LimitsLayer`].
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
                    Poll::Ready(()) => Poll::Ready(Ok(ApiError::new(
                        code::TIMEOUT,
                        format!("the request took longer than the limit of {timeout_ms} ms"),
                    )
                    .into_response())),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

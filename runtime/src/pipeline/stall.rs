//! Slow-loris protection: a connection that, for a whole period, neither completes a
//! request head nor has a request in flight is closed.
//!
//! hyper's `header_read_timeout` does this per request: a timer armed and disarmed for
//! every head, and a read attempt after every response, about 5% of a small request's
//! CPU. Here a request costs a few counter updates, and each connection one timer per
//! period. A head trickling in is cut off after one to two periods.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::response::Response;
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use tower::Service;

/// What one connection has been doing.
#[derive(Default)]
pub(crate) struct Activity {
    heads: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    /// Resolves once a whole `period` passes with no new request head and none in flight
    /// (its response not yet fully sent).
    pub(crate) async fn stalled(&self, period: Duration) {
        let mut heads = self.heads.load(Ordering::Relaxed);
        loop {
            tokio::time::sleep(period).await;
            let now = self.heads.load(Ordering::Relaxed);
            if now == heads && self.in_flight.load(Ordering::Relaxed) == 0 {
                return;
            }
            heads = now;
        }
    }
}

/// Counts a connection's requests for [`Activity`].
#[derive(Clone)]
pub(crate) struct Counted<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S> Counted<S> {
    pub(crate) fn new(inner: S, activity: Arc<Activity>) -> Counted<S> {
        Counted { inner, activity }
    }
}

impl<S, R> Service<R> for Counted<S>
where
    S: Service<R, Response = Response>,
{
    type Response = Response<Tracked>;
    type Error = S::Error;
    type Future = CountedFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        self.activity.heads.fetch_add(1, Ordering::Relaxed);
        self.activity.in_flight.fetch_add(1, Ordering::Relaxed);
        CountedFuture {
            inner: self.inner.call(request),
            in_flight: Some(InFlight(Arc::clone(&self.activity))),
        }
    }
}

/// Counts one request as in flight until dropped.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

pin_project_lite::pin_project! {
    /// See [`Counted`].
    pub(crate) struct CountedFuture<F> {
        #[pin]
        inner: F,
        in_flight: Option<InFlight>,
    }
}

impl<F, E> Future for CountedFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response<Tracked>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = std::task::ready!(this.inner.poll(cx))?;
        let in_flight = this.in_flight.take();
        Poll::Ready(Ok(response.map(|body| Tracked {
            body,
            _in_flight: in_flight,
        })))
    }
}

pin_project_lite::pin_project! {
    /// A response body; its request stays in flight until it is sent or dropped.
    pub(crate) struct Tracked {
        #[pin]
        body: axum::body::Body,
        _in_flight: Option<InFlight>,
    }
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        self.project().body.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use axum::extract::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_connection_without_requests_stalls_after_one_period() {
        let activity = Activity::default();
        let start = tokio::time::Instant::now();
        activity.stalled(Duration::from_secs(10)).await;
        assert_eq!(start.elapsed(), Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn requests_and_unsent_bodies_keep_it_open() {
        let activity = Arc::new(Activity::default());
        let app = tower::service_fn(|_: Request| async {
            Ok::<_, Infallible>(Response::new(axum::body::Body::from("hi")))
        });
        let mut counted = Counted::new(app, Arc::clone(&activity));
        let start = tokio::time::Instant::now();
        let response = counted
            .ready()
            .await
            .unwrap()
            .call(Request::new(axum::body::Body::empty()))
            .await
            .unwrap();
        // The body is still being sent twenty periods later: not stalled.
        let watch = activity.stalled(Duration::from_secs(1));
        tokio::pin!(watch);
        assert!(tokio::time::timeout(Duration::from_secs(20), &mut watch)
            .await
            .is_err());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(body, "hi");
        watch.await;
        assert!(
            start.elapsed() < Duration::from_secs(23),
            "{:?}",
            start.elapsed()
        );
    }
}

//! The client's address, kept beside its connection: the accept loop runs each request of
//! a connection inside a task-local scope holding the peer's address, and a rate limit
//! reads it there (`rate_limit/client_ip.rs`).
//!
//! Not an extension on each request: the first extension allocates the request's map (and
//! a fifth grows it), about a thousand instructions a request; the scope swaps a value in
//! and out per poll. Only a server with rate limits opens the scope at all.

use std::future::Future;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use tokio::task::futures::TaskLocalFuture;
use tower::Service;

tokio::task_local! {
    static PEER: SocketAddr;
}

/// The address of the connection the current request came on; `None` outside a
/// connection's scope (served in-process, AWS Lambda, a server without rate limits).
pub(crate) fn current() -> Option<SocketAddr> {
    PEER.try_with(|peer| *peer).ok()
}

/// `future` with `peer` as the current address whenever it is polled: for work that leaves
/// the request's own future, such as a batch's calls run from its streamed body.
pub(crate) fn scope<F: Future>(peer: SocketAddr, future: F) -> TaskLocalFuture<SocketAddr, F> {
    PEER.scope(peer, future)
}

/// A connection's service, each request of which sees `peer` as the current address.
#[derive(Clone)]
pub(crate) struct PeerScoped<S> {
    inner: S,
    peer: SocketAddr,
}

impl<S> PeerScoped<S> {
    pub(crate) fn new(inner: S, peer: SocketAddr) -> PeerScoped<S> {
        PeerScoped { inner, peer }
    }
}

impl<S, R> Service<R> for PeerScoped<S>
where
    S: Service<R>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = TaskLocalFuture<SocketAddr, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        // HTTP/2 polls each request on a task of its own: the future carries the scope.
        let future = PEER.sync_scope(self.peer, || self.inner.call(request));
        PEER.scope(self.peer, future)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_sees_its_connection_address_wherever_it_is_polled() {
        let peer: SocketAddr = "192.0.2.7:4711".parse().unwrap();
        let mut service = PeerScoped::new(
            tower::service_fn(|()| async {
                // Read in the future, after a yield, as a route would.
                tokio::task::yield_now().await;
                Ok::<_, std::convert::Infallible>(current())
            }),
            peer,
        );
        let future = service.call(());
        // Polled on another task, as HTTP/2 does.
        let seen = tokio::spawn(future).await.unwrap().unwrap();
        assert_eq!(seen, Some(peer));
        assert_eq!(current(), None, "outside the scope");
    }
}

//! The client's address, kept beside its connection: a server with rate limits runs each
//! connection's task inside a task-local scope holding the peer's address, and a rate limit
//! reads it there (`rate_limit/client_ip.rs`).
//!
//! Not an extension on each request, nor a wrapper around each request's future: the
//! first extension allocates the request's map (and a fifth grows it), and a wrapper moves
//! the whole future once more; either costs hundreds of instructions a request. The scope
//! costs a swap each time the connection's task is polled. HTTP/2 serves each stream on a
//! task of its own: [`StreamExecutor`] gives those tasks the scope of the connection that
//! spawns them. A server without rate limits opens no scope.

use std::future::Future;
use std::net::SocketAddr;

tokio::task_local! {
    static PEER: SocketAddr;
}

/// The address of the connection the current request came on; `None` outside a
/// connection's scope (served in-process, AWS Lambda, a server without rate limits).
pub(crate) fn current() -> Option<SocketAddr> {
    PEER.try_with(|peer| *peer).ok()
}

/// Runs `future` with `peer` as the current address whenever it is polled: for work that
/// leaves the connection's task, such as a batch's calls run from its streamed body.
pub(crate) async fn scope<F: Future>(peer: SocketAddr, future: F) -> F::Output {
    PEER.scope(peer, future).await
}

/// Spawns a connection's task, in the scope of `peer` when there is one.
pub(crate) fn spawn<F>(peer: Option<SocketAddr>, connection: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    match peer {
        Some(peer) => tokio::spawn(PEER.scope(peer, connection)),
        None => tokio::spawn(connection),
    };
}

/// Spawns hyper's HTTP/2 stream tasks, each in the scope of the connection that spawns it
/// (when the server keeps addresses).
#[derive(Clone, Copy, Debug)]
pub(crate) struct StreamExecutor {
    scoped: bool,
}

impl StreamExecutor {
    pub(crate) fn new(scoped: bool) -> StreamExecutor {
        StreamExecutor { scoped }
    }
}

impl<F> hyper::rt::Executor<F> for StreamExecutor
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, future: F) {
        match self.scoped.then(current).flatten() {
            Some(peer) => tokio::spawn(PEER.scope(peer, future)),
            None => tokio::spawn(future),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use hyper::rt::Executor;

    #[tokio::test]
    async fn a_stream_task_sees_the_address_of_the_connection_that_spawned_it() {
        let peer: SocketAddr = "192.0.2.7:4711".parse().unwrap();
        let (seen, read) = tokio::sync::oneshot::channel();
        let connection = async move {
            assert_eq!(current(), Some(peer));
            // As hyper spawns an HTTP/2 stream: another task, read after a yield.
            StreamExecutor::new(true).execute(async move {
                tokio::task::yield_now().await;
                let _ = seen.send(current());
            });
        };
        spawn(Some(peer), connection);
        assert_eq!(read.await.unwrap(), Some(peer));
        assert_eq!(current(), None, "outside the scope");

        // A server without limits opens no scope, and its streams get none.
        let (seen, read) = tokio::sync::oneshot::channel();
        spawn(None, async move {
            StreamExecutor::new(false).execute(async move {
                let _ = seen.send(current());
            });
        });
        assert_eq!(read.await.unwrap(), None);
    }
}

//! The accept loop: HTTP/1.1 and HTTP/2 (prior knowledge, or ALPN over TLS) on the same port
//! (hyper-util's auto builder tells them apart by the connection preface), with the
//! connection-level limits axum's `serve` does not expose (header size, stalled
//! connections, concurrent HTTP/2 streams), upgrades (WebSockets), and graceful draining.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::util::MapRequest;
use tower::Service;

use super::peer::{spawn, StreamExecutor};
use super::transport::Transport;
use crate::config::{LimitsConfig, ServerConfig};
use crate::pipeline::stall::{Activity, Counted};

/// hyper refuses buffers below this.
const MIN_HEADER_BUFFER: usize = 8192;

/// Serves `app` on `listener` (over `transport`) until `shutdown` resolves, then drains open connections.
pub(crate) async fn serve<S>(
    listener: TcpListener,
    app: S,
    server: &ServerConfig,
    limits: &LimitsConfig,
    transport: Transport,
    client_addresses: bool,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    let app = MapRequest::new(app, |request: hyper::Request<Incoming>| {
        request.map(Body::new)
    });
    let mut builder = auto::Builder::new(StreamExecutor::new(client_addresses));
    builder
        .http1()
        .max_buf_size(limits.header_bytes.max(MIN_HEADER_BUFFER));
    // HTTP/2 counts header bytes as RFC 9113 does (name + value + 32 per field); over the
    // limit, h2 answers 431 like HTTP/1.
    builder
        .http2()
        .max_header_list_size(u32::try_from(limits.header_bytes).unwrap_or(u32::MAX))
        .max_concurrent_streams(limits.http2_max_concurrent_streams);
    // Slow-loris protection (0 turns it off, behind a proxy that already enforces it).
    let stall_period = (limits.header_read_timeout_ms > 0)
        .then(|| Duration::from_millis(limits.header_read_timeout_ms));
    #[cfg(feature = "https")]
    let builder = Arc::new(builder);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let (stream, peer) = stream;
                let _ = stream.set_nodelay(server.tcp_nodelay);
                let activity = Arc::new(Activity::default());
                // Only a rate limit reads the peer's address; others don't pay for it.
                let peer = client_addresses.then_some(peer);
                let service = TowerToHyperService::new(Counted::new(app.clone(), Arc::clone(&activity)));
                match &transport {
                    Transport::Plain => {
                        let connection = builder
                            .serve_connection_with_upgrades(TokioIo::new(stream), service)
                            .into_owned();
                        spawn(peer, drive(graceful.watch(connection), activity, stall_period));
                    }
                    #[cfg(feature = "https")]
                    Transport::Tls(handshake) => {
                        // The handshake runs in the connection's task, not the accept loop;
                        // the watcher makes shutdown wait for it too.
                        let (handshake, builder, watcher) =
                            (handshake.clone(), Arc::clone(&builder), graceful.watcher());
                        spawn(peer, async move {
                            let Some(stream) = handshake.accept(stream, stall_period).await else {
                                return;
                            };
                            let connection = builder
                                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                                .into_owned();
                            drive(watcher.watch(connection), activity, stall_period).await;
                        });
                    }
                }
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    // Upgraded connections (WebSockets) are no longer hyper's: tell them, then wait.
    super::shutdown::begin();
    graceful.shutdown().await;
    super::shutdown::sessions_closed(super::shutdown::SESSION_DRAIN).await;
    Ok(())
}

/// Runs one connection until it ends, or closes it once it stalls for `stall_period`.
async fn drive<C, E>(connection: C, activity: Arc<Activity>, stall_period: Option<Duration>)
where
    C: Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    let stalled = async {
        match stall_period {
            Some(period) => activity.stalled(period).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        ended = connection => {
            if let Err(error) = ended {
                tracing::debug!(%error, "connection ended with an error");
            }
        }
        // Dropping the connection closes it.
        () = stalled => tracing::debug!("closed a stalled connection"),
    }
}

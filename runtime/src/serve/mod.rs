//! Serving: the accept loop with its connection limits, the listening socket, HTTPS
//! (feature `https`), graceful shutdown, and (feature `lambda`) AWS Lambda events.
//! `App::serve` is in `app/serve.rs`.

pub(crate) mod connection;
#[cfg(feature = "lambda")]
pub mod lambda;
pub(crate) mod listen;
pub(crate) mod peer;
pub(crate) mod shutdown;
#[cfg(feature = "https")]
mod tls;
pub(crate) mod transport;

pub use shutdown::{shutting_down, Session};

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: draining in-flight requests");
}

//! Binding, printing the route table, and graceful shutdown.

pub(crate) mod connection;
#[cfg(feature = "lambda")]
pub mod lambda;
mod listen;
pub(crate) mod shutdown;
mod stall;

pub use shutdown::{shutting_down, Session};

use std::io::Write;

use crate::app::{print_table, App, StartError};

impl App {
    /// Binds `HOST`:`PORT` (default `127.0.0.1:8080`), or takes the socket passed with
    /// `LISTEN_FDS` (systemd socket activation), prints the routes, and serves until SIGINT
    /// or SIGTERM, letting in-flight requests finish.
    pub async fn serve(self) -> Result<(), StartError> {
        let assembled = self.assemble()?;
        let server = &assembled.config.server;
        let listener = listen::listener(server).await.map_err(StartError::Bind)?;
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{}", print_table(&assembled.routes));
            // Beside the table (not on stderr) so it is read before the address line.
            if let Some(warning) = crate::manifest::response_schema_warning(&assembled.routes) {
                let _ = write!(out, "{warning}");
            }
            if let Some(warning) =
                crate::app::undocumented_warning(&assembled.merged_routes, assembled.opaque_merges)
            {
                let _ = write!(out, "{warning}");
            }
            let _ = writeln!(out, "bffkit: listening on http://{addr}");
            let _ = out.flush();
        }
        assembled
            .pipeline
            .serve(listener, &assembled.config.limits, shutdown_signal())
            .await
            .map_err(StartError::Bind)
    }
}

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

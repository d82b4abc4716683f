//! Serving the app: on a port (or an inherited socket), or as AWS Lambda events.

use std::io::Write;

use super::{print, App, StartError};
use crate::serve::transport::Transport;
use crate::serve::{connection, listen, shutdown_signal};

impl App {
    /// Binds `HOST`:`PORT` (default `127.0.0.1:8080`), or takes the socket passed with
    /// `LISTEN_FDS` (systemd socket activation), prints the routes, and serves (HTTPS with
    /// `[server.tls]`) until SIGINT or SIGTERM, letting in-flight requests finish.
    pub async fn serve(self) -> Result<(), StartError> {
        let assembled = self.assemble()?;
        let server = &assembled.config.server;
        let transport = Transport::from_config(server).map_err(StartError::Config)?;
        let listener = listen::listener(server).await.map_err(StartError::Bind)?;
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{}", print::routes_table(&assembled.routes));
            // Beside the table (not on stderr) so it is read before the address line.
            if let Some(warning) = crate::manifest::response_schema_warning(
                &assembled.routes,
                &assembled.merged_routes,
            ) {
                let _ = write!(out, "{warning}");
            }
            if let Some(warning) =
                print::undocumented_warning(&assembled.merged_routes, assembled.opaque_merges)
            {
                let _ = write!(out, "{warning}");
            }
            let _ = writeln!(out, "bffkit: listening on {}://{addr}", transport.scheme());
            let _ = out.flush();
        }
        let limits = &assembled.config.limits;
        let pipeline = &assembled.pipeline;
        // Without CORS the stack itself serves, skipping the outer router.
        let served = if pipeline.has_cors() {
            connection::serve(
                listener,
                pipeline.router(),
                server,
                limits,
                transport,
                assembled.client_addresses,
                shutdown_signal(),
            )
            .await
        } else {
            connection::serve(
                listener,
                pipeline.stack(),
                server,
                limits,
                transport,
                assembled.client_addresses,
                shutdown_signal(),
            )
            .await
        };
        crate::ops::traces::flush().await;
        crate::ops::metrics::flush().await;
        served.map_err(StartError::Bind)
    }

    /// Serves Lambda events until the runtime stops the process: the same routes, layers
    /// and fallbacks as [`App::serve`], no port.
    #[cfg(feature = "lambda")]
    pub async fn serve_lambda(self) -> Result<(), StartError> {
        use crate::serve::lambda::{service, Stage, REQUIRED};

        let var = |name: &str| std::env::var(name).ok();
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|name| var(name).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(StartError::Lambda(format!(
                "the Lambda runtime environment lacks {}",
                missing.join(", ")
            )));
        }
        let assembled = self.assemble()?;
        tracing::info!(
            routes = assembled.routes.len(),
            "bffkit: serving AWS Lambda events"
        );
        lambda_http::run(service(assembled.router, Stage::from_env(&var)))
            .await
            .map_err(|e| StartError::Lambda(e.to_string()))
    }
}

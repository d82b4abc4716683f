//! What the accept loop speaks on an accepted connection: HTTP as it arrives, or (with
//! `[server.tls]` and feature `https`) HTTP inside TLS.

use crate::config::{ConfigError, ServerConfig};

/// How accepted connections are read.
#[derive(Clone)]
pub(crate) enum Transport {
    /// HTTP/1.1 and cleartext HTTP/2 straight off the socket.
    Plain,
    /// A TLS handshake first, ALPN choosing `h2` or `http/1.1`.
    #[cfg(feature = "https")]
    Tls(super::tls::Handshake),
}

impl Transport {
    /// The transport `[server.tls]` asks for. With HTTPS, the files are read now (a bad
    /// one stops start-up, naming its key and path) and again on every `SIGHUP` and, with
    /// `watch_secs`, when they change.
    pub(crate) fn from_config(server: &ServerConfig) -> Result<Transport, ConfigError> {
        let Some(files) = server.tls.files()? else {
            return Ok(Transport::Plain);
        };
        #[cfg(feature = "https")]
        {
            let https = std::sync::Arc::new(super::tls::Https::load(files)?);
            let handshake = https.handshake();
            if server.tls.watch_secs > 0 {
                let period = std::time::Duration::from_secs(server.tls.watch_secs);
                std::sync::Arc::clone(&https).reload_on_change(period);
            }
            https.reload_on_hangup().map_err(|e| ConfigError {
                source: "server.tls".to_owned(),
                detail: format!("cannot watch for SIGHUP to reload the certificate: {e}"),
            })?;
            Ok(Transport::Tls(handshake))
        }
        #[cfg(not(feature = "https"))]
        {
            let _ = files;
            Err(ConfigError {
                source: "server.tls".to_owned(),
                detail: "serving HTTPS needs the `https` feature of bffkit \
                         (`bffkit = { features = [\"https\"] }`), or a proxy in front that \
                         terminates TLS"
                    .to_owned(),
            })
        }
    }

    /// `http` or `https`, for the address the app prints.
    pub(crate) fn scheme(&self) -> &'static str {
        match self {
            Transport::Plain => "http",
            #[cfg(feature = "https")]
            Transport::Tls(_) => "https",
        }
    }
}

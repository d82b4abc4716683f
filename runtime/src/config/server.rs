//! `[server]`: where to listen, and (`[server.tls]`) whether over HTTPS.

use serde::Deserialize;

use super::ServerTlsConfig;

/// `[server]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Interface to bind; env `HOST`.
    pub host: String,
    /// Port to bind, `0` for any free port; env `PORT`.
    pub port: u16,
    /// Sends each response as soon as it is written (`TCP_NODELAY`, as Go, Node.js and
    /// nginx do); `false` lets the kernel coalesce small writes (Nagle), which costs less
    /// CPU with many HTTP/2 streams a connection and can delay a write by a round trip;
    /// env `BFFKIT_TCP_NODELAY`.
    pub tcp_nodelay: bool,
    /// `[server.tls]`: serve HTTPS with this certificate and key.
    pub tls: ServerTlsConfig,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".to_owned(),
            port: 8080,
            tcp_nodelay: true,
            tls: ServerTlsConfig::default(),
        }
    }
}

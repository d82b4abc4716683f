//! `[tls]`: how the app's outgoing HTTPS calls (sign-in platforms, upstream services)
//! verify the servers they reach.

use serde::Deserialize;

/// `[tls]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// PEM files of extra certificate authorities to trust beside the built-in Mozilla
    /// roots (a corporate TLS-intercepting proxy, a private CA); env `BFFKIT_TLS_CA_FILES`
    /// (comma-separated).
    pub ca_files: Vec<String>,
}

//! `[tls]`: how the app's outgoing HTTPS calls (sign-in platforms, upstream services)
//! verify the servers they reach.

use serde::Deserialize;

use super::ConfigError;

/// `[tls]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// PEM files of extra certificate authorities to trust beside the built-in Mozilla
    /// roots (a corporate TLS-intercepting proxy, a private CA); env `BFFKIT_TLS_CA_FILES`
    /// (comma-separated).
    pub ca_files: Vec<String>,
}

impl TlsConfig {
    pub(super) fn apply_env(
        &mut self,
        var: &impl Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(files) = var("BFFKIT_TLS_CA_FILES") {
            self.ca_files = files
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
        }
        Ok(())
    }
}

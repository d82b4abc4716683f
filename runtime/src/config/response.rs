//! `[response]`: the response envelope and error exposure.

use serde::Deserialize;

/// `[response]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResponseConfig {
    /// Wrap successes as `{"data": .., "msg": "Success!", "code": 10000}` (default off);
    /// env `BFFKIT_ENVELOPE`.
    pub envelope: bool,
    /// Send the message and data of 5xx errors to clients (default: on in debug builds,
    /// off in release builds); env `BFFKIT_EXPOSE_ERRORS`.
    pub expose_internal_errors: bool,
}

impl Default for ResponseConfig {
    fn default() -> Self {
        ResponseConfig {
            envelope: false,
            expose_internal_errors: cfg!(debug_assertions),
        }
    }
}

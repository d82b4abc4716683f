//! `[stream]`: streams answered by lambdas (SSE and NDJSON).

use serde::Deserialize;

/// `[stream]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StreamConfig {
    /// Send a keep-alive (an SSE comment, or an empty NDJSON line) after this long without
    /// an item (default 15 s), so proxies keep the connection open and a vanished client is
    /// noticed; 0 turns it off. Env `BFFKIT_STREAM_KEEP_ALIVE_MS`.
    pub keep_alive_ms: u64,
}

impl Default for StreamConfig {
    fn default() -> Self {
        StreamConfig {
            keep_alive_ms: 15_000,
        }
    }
}

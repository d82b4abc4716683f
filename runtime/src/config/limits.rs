//! `[limits]`: request limits.

use serde::Deserialize;

use super::ConfigError;

/// `[limits]`: every limit answers with a 4xx JSON error (see SECURITY.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest request body in bytes (default 1 MiB); env `BFFKIT_BODY_LIMIT`. 413.
    pub body_bytes: usize,
    /// Deepest JSON nesting of a body (default 64). 400.
    pub json_depth: usize,
    /// Longest query string in bytes (default 8 KiB). 414.
    pub query_bytes: usize,
    /// Largest request head (request line + headers) in bytes (default 16 KiB, minimum
    /// 8 KiB). 431.
    pub header_bytes: usize,
    /// Slow-loris protection (default 10 s): a connection that completes no request head,
    /// with no request in flight, for this long is closed (within one to two periods), so a
    /// client sending one byte a second is cut off. 0 turns it off. Env
    /// `BFFKIT_HEADER_READ_TIMEOUT_MS`.
    pub header_read_timeout_ms: u64,
    /// Time allowed for a whole request, body and handler included (default 30 s). Env
    /// `BFFKIT_REQUEST_TIMEOUT_MS`. 408.
    pub request_timeout_ms: u64,
    /// Largest part of a `multipart/form-data` body (default 16 MiB); env
    /// `BFFKIT_MULTIPART_PART_BYTES`.
    pub multipart_part_bytes: usize,
    /// Most parts in a `multipart/form-data` body (default 32); env
    /// `BFFKIT_MULTIPART_PARTS`.
    pub multipart_parts: usize,
    /// Largest whole `multipart/form-data` body (default 64 MiB); env
    /// `BFFKIT_MULTIPART_TOTAL_BYTES`.
    pub multipart_total_bytes: usize,
    /// Most requests in flight at once on one HTTP/2 connection (default 100); a client
    /// opening more gets the extra streams refused (`REFUSED_STREAM`). Env
    /// `BFFKIT_HTTP2_MAX_STREAMS`.
    pub http2_max_concurrent_streams: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            body_bytes: 1024 * 1024,
            json_depth: 64,
            query_bytes: 8 * 1024,
            header_bytes: 16 * 1024,
            header_read_timeout_ms: 10_000,
            request_timeout_ms: 30_000,
            multipart_part_bytes: 16 * 1024 * 1024,
            multipart_parts: 32,
            multipart_total_bytes: 64 * 1024 * 1024,
            http2_max_concurrent_streams: 100,
        }
    }
}

impl LimitsConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if self.http2_max_concurrent_streams == 0 {
            return Err(ConfigError {
                source: "limits.http2_max_concurrent_streams".to_owned(),
                detail: "must be at least 1".to_owned(),
            });
        }
        Ok(())
    }
}

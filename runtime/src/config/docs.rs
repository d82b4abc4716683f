//! `[docs]`: the docs playground page.

use serde::Deserialize;

/// `[docs]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocsConfig {
    /// Serve the playground at `GET {prefix}/_docs`; default on in debug builds, off in
    /// release; env `BFFKIT_DOCS` (`1`/`0`).
    pub enabled: Option<bool>,
}

impl DocsConfig {
    /// Whether the page is served.
    pub fn is_enabled(&self) -> bool {
        self.enabled.unwrap_or(cfg!(debug_assertions))
    }
}

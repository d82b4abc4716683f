//! `manifest --check FILE`: is the committed contract still what the code says?

use similar::TextDiff;

/// The result of comparing a committed manifest with the current one.
pub enum CheckOutcome {
    /// Identical (as JSON values).
    UpToDate,
    /// Different: a unified diff of the pretty-printed documents.
    Stale(String),
}

/// Compares `committed` (file text) with the current document.
pub fn check(committed: &str, current: &serde_json::Value) -> Result<CheckOutcome, String> {
    let committed: serde_json::Value = serde_json::from_str(committed)
        .map_err(|e| format!("the committed manifest is not JSON: {e}"))?;
    if &committed == current {
        return Ok(CheckOutcome::UpToDate);
    }
    let old = serde_json::to_string_pretty(&committed).unwrap_or_default();
    let new = serde_json::to_string_pretty(current).unwrap_or_default();
    let diff = TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header("committed", "current")
        .to_string();
    Ok(CheckOutcome::Stale(diff))
}

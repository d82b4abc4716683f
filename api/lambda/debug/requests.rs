//! `GET /api/debug/requests`: how many HTTP requests and batched calls reached each path
//! since start (or the last `DELETE /api/debug/requests`). A test aid: the demo's
//! `src/main.rs` counts every request with a layer; the Node tests read these counts to
//! check that calls were merged into one batch and deduplicated.
//!
//! `{"http": {"/api/_batch": 1}, "batched": {"/api/hello": 3}}`: a handler at a path ran
//! `http[path] + batched[path]` times. Requests to this path are not counted.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

#[derive(Default, Clone, Serialize)]
pub struct RequestCounts {
    /// Requests that arrived over HTTP, batch requests included.
    pub http: BTreeMap<String, u64>,
    /// Calls that arrived inside a batch.
    pub batched: BTreeMap<String, u64>,
}

static COUNTS: Mutex<RequestCounts> = Mutex::new(RequestCounts { http: BTreeMap::new(), batched: BTreeMap::new() });

/// Counts one request to `path`; called by the demo's counting layer.
pub fn record(path: &str, batched: bool) {
    if path == "/api/debug/requests" {
        return;
    }
    let mut counts = COUNTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let map = if batched { &mut counts.batched } else { &mut counts.http };
    *map.entry(path.to_owned()).or_default() += 1;
}

#[bffkit::get]
pub async fn get() -> RequestCounts {
    COUNTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
}

#[bffkit::delete]
pub async fn reset() -> RequestCounts {
    std::mem::take(&mut *COUNTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

//! Real local upstream HTTP servers for the upstream tests, started in the test process.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use axum::Router;

/// Serves `router` on an ephemeral port; returns its base URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// A URL where nothing listens: a port bound, then released.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// One call's headers and raw query string.
type Call = (HeaderMap, Option<String>);

/// Counts calls and keeps each call's headers and query string.
#[derive(Clone, Default)]
pub struct Log {
    hits: Arc<AtomicUsize>,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl Log {
    /// Records a call; returns its 1-based number.
    pub fn record(&self, headers: &HeaderMap, query: Option<&str>) -> usize {
        self.calls
            .lock()
            .unwrap()
            .push((headers.clone(), query.map(str::to_owned)));
        self.hits.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// A header of the `n`th call (0-based).
    pub fn header(&self, n: usize, name: &str) -> Option<String> {
        self.calls.lock().unwrap()[n]
            .0
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    pub fn query(&self, n: usize) -> Option<String> {
        self.calls.lock().unwrap()[n].1.clone()
    }
}

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

/// An upstream that accepts connections and reads requests but never answers (a black
/// hole), until [`BlackHole::revive`] makes it answer each request with `body` as JSON.
/// It counts the requests that reach it (GETs: every request head is one).
#[derive(Clone)]
pub struct BlackHole {
    pub url: String,
    requests: Arc<AtomicUsize>,
    answering: Arc<std::sync::atomic::AtomicBool>,
}

impl BlackHole {
    pub async fn start(body: &'static str, answering: bool) -> BlackHole {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let hole = BlackHole {
            url: format!("http://{}", listener.local_addr().unwrap()),
            requests: Arc::default(),
            answering: Arc::new(answering.into()),
        };
        let (requests, answering) = (hole.requests.clone(), hole.answering.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (requests, answering) = (requests.clone(), answering.clone());
                tokio::spawn(async move {
                    let mut pending = Vec::new();
                    let mut buf = [0u8; 4096];
                    while let Ok(n @ 1..) = socket.read(&mut buf).await {
                        pending.extend_from_slice(&buf[..n]);
                        while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                            pending.drain(..end + 4);
                            requests.fetch_add(1, Ordering::SeqCst);
                            if answering.load(Ordering::SeqCst) {
                                let head = format!(
                                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                                    body.len()
                                );
                                let answer = [head.as_bytes(), body.as_bytes()].concat();
                                if socket.write_all(&answer).await.is_err() {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
        hole
    }

    /// Requests read so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Stops answering (requests read from now on hang).
    pub fn black_hole(&self) {
        self.answering.store(false, Ordering::SeqCst);
    }

    /// Answers requests read from now on.
    pub fn revive(&self) {
        self.answering.store(true, Ordering::SeqCst);
    }
}

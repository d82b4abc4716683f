//! A per-request loader (server-side DataLoader): parts of one request ask for keys one
//! at a time; identical keys share one lookup, and the distinct keys asked for in the
//! same tick go to the batch function together.
//!
//! ```
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use std::sync::Arc;
//!
//! use bffkit::upstream::Loader;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let calls = Arc::new(AtomicUsize::new(0));
//! let counted = calls.clone();
//! // In a handler, the batch function calls the service (`/users?ids=1,2`).
//! let users = Loader::new(move |ids: Vec<u32>| {
//!     counted.fetch_add(1, Ordering::SeqCst);
//!     async move { Ok(ids.into_iter().map(|id| (id, format!("user {id}"))).collect()) }
//! });
//! let (a, b, again) = tokio::join!(users.load(1), users.load(2), users.load(1));
//! assert_eq!(a.unwrap().as_deref(), Some("user 1"));
//! assert_eq!(b.unwrap().as_deref(), Some("user 2"));
//! assert_eq!(again.unwrap().as_deref(), Some("user 1"));
//! assert_eq!(calls.load(Ordering::SeqCst), 1); // one call for the three lookups
//! # }
//! ```

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use futures_util::future::{BoxFuture, FutureExt, Shared};

use crate::error::ApiError;

type BatchResult<K, V> = Arc<Result<HashMap<K, V>, ApiError>>;
type Lookup<V> = Shared<BoxFuture<'static, Result<Option<V>, ApiError>>>;
type BatchFn<K, V> =
    Box<dyn Fn(Vec<K>) -> BoxFuture<'static, Result<HashMap<K, V>, ApiError>> + Send + Sync>;

/// Deduplicates and batches lookups by key. Create one per request; it caches for its
/// lifetime (errors included), so a request sees one consistent answer per key.
pub struct Loader<K, V> {
    inner: Arc<Inner<K, V>>,
}

struct Inner<K, V> {
    batch: BatchFn<K, V>,
    state: Mutex<State<K, V>>,
}

struct State<K, V> {
    /// Keys waiting for the open batch.
    queue: Vec<K>,
    /// The batch new keys join, until it starts.
    open: Option<Shared<BoxFuture<'static, BatchResult<K, V>>>>,
    /// Every key asked for, with its (possibly still running) lookup.
    known: HashMap<K, Lookup<V>>,
}

impl<K, V> Loader<K, V>
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    /// A loader over a batch function: distinct keys in, the values found out (keys
    /// missing from the map load as `None`).
    pub fn new<F, Fut>(batch: F) -> Loader<K, V>
    where
        F: Fn(Vec<K>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<HashMap<K, V>, ApiError>> + Send + 'static,
    {
        Loader {
            inner: Arc::new(Inner {
                batch: Box::new(move |keys| batch(keys).boxed()),
                state: Mutex::new(State {
                    queue: Vec::new(),
                    open: None,
                    known: HashMap::new(),
                }),
            }),
        }
    }

    /// The value for `key`, from the cache, the open batch, or a new batch.
    pub async fn load(&self, key: K) -> Result<Option<V>, ApiError> {
        let lookup = {
            let mut state = self.inner.state.lock().unwrap_or_else(|p| p.into_inner());
            match state.known.get(&key) {
                Some(lookup) => lookup.clone(),
                None => {
                    let batch = match &state.open {
                        Some(batch) => batch.clone(),
                        None => {
                            let batch = open_batch(self.inner.clone());
                            state.open = Some(batch.clone());
                            batch
                        }
                    };
                    state.queue.push(key.clone());
                    let wanted = key.clone();
                    let lookup = async move {
                        match &*batch.await {
                            Ok(found) => Ok(found.get(&wanted).cloned()),
                            Err(error) => Err(error.clone()),
                        }
                    }
                    .boxed()
                    .shared();
                    state.known.insert(key, lookup.clone());
                    lookup
                }
            }
        };
        lookup.await
    }

    /// Loads many keys; the distinct ones go out in one batch.
    pub async fn load_many(
        &self,
        keys: impl IntoIterator<Item = K>,
    ) -> Vec<Result<Option<V>, ApiError>> {
        futures_util::future::join_all(keys.into_iter().map(|k| self.load(k))).await
    }
}

/// The batch runs as its own task, so it starts only once the request's task has let go
/// of the thread: by then every sibling future polled in the same turn has queued its key.
/// Running apart also means a cancelled caller never strands the others.
fn open_batch<K, V>(inner: Arc<Inner<K, V>>) -> Shared<BoxFuture<'static, BatchResult<K, V>>>
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    let task = tokio::spawn(async move {
        tokio::task::yield_now().await;
        let keys = {
            let mut state = inner.state.lock().unwrap_or_else(|p| p.into_inner());
            state.open = None;
            std::mem::take(&mut state.queue)
        };
        Arc::new((inner.batch)(keys).await)
    });
    async move {
        task.await.unwrap_or_else(|e| {
            Arc::new(Err(ApiError::internal(format!(
                "a loader batch failed: {e}"
            ))))
        })
    }
    .boxed()
    .shared()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::error::code;

    #[tokio::test]
    async fn one_batch_per_tick_with_distinct_keys() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = calls.clone();
        let loader = Loader::new(move |keys: Vec<u32>| {
            seen.lock().unwrap().push(keys.clone());
            async move {
                Ok(keys
                    .into_iter()
                    .filter(|k| *k != 3)
                    .map(|k| (k, k * 10))
                    .collect())
            }
        });
        let (a, b, c, d) = tokio::join!(
            loader.load(1),
            loader.load(2),
            loader.load(1),
            loader.load(3)
        );
        assert_eq!(
            (a.unwrap(), b.unwrap(), c.unwrap(), d.unwrap()),
            (Some(10), Some(20), Some(10), None)
        );
        assert_eq!(*calls.lock().unwrap(), vec![vec![1, 2, 3]]);
        // Cached afterwards; a new key starts a new batch.
        let again = loader.load_many([2, 4]).await;
        assert_eq!(
            again.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
            [Some(20), Some(40)]
        );
        assert_eq!(calls.lock().unwrap()[1], vec![4]);
    }

    #[tokio::test]
    async fn a_failed_batch_fails_each_waiter() {
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        let loader: Loader<u32, u32> = Loader::new(move |_keys| {
            counted.fetch_add(1, Ordering::SeqCst);
            async { Err(ApiError::new(code::UPSTREAM_ERROR, "down")) }
        });
        let (a, b) = tokio::join!(loader.load(1), loader.load(2));
        assert_eq!(
            (a.unwrap_err().code(), b.unwrap_err().code()),
            (30000, 30000)
        );
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }
}

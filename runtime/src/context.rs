//! The state every request sees: app states by type, and the resolved configuration.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;

/// Marks a request as one call of a batch (a request extension), so layers (spans, streams, metrics) can tell
/// batched calls from HTTP requests, e.g. to count or log them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchedCall {
    /// The call's position in the batch's `calls`.
    pub index: usize,
}

/// Shared by all requests; cheap to clone.
#[derive(Clone)]
pub struct AppContext {
    inner: Arc<Inner>,
}

struct Inner {
    states: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    config: Config,
}

impl AppContext {
    pub(crate) fn new(
        states: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
        config: Config,
    ) -> AppContext {
        AppContext {
            inner: Arc::new(Inner { states, config }),
        }
    }

    /// A state added with [`App::state`](crate::App::state).
    pub fn state<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.inner
            .states
            .get(&TypeId::of::<T>())
            .and_then(|b| b.downcast_ref())
    }

    /// The resolved configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Whether successes are wrapped as `{"data": .., "msg": "Success!", "code": 10000}`
    /// (`[response] envelope`, env `BFFKIT_ENVELOPE`). Batch lines and the manifest
    /// follow the same choice.
    pub fn envelope(&self) -> bool {
        self.inner.config.response.envelope
    }
}

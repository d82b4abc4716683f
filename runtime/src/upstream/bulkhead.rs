//! [`Bulkhead`]: a cap on the calls in flight to one service, with a short queue. Past the
//! queue a call fails at once, so a service that hangs holds at most its own slots, never
//! every socket and task of the app (resilience4j's bulkhead, Envoy's `max_requests` and
//! `max_pending_requests`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::config::BulkheadConfig;

/// See the module docs.
pub(crate) struct Bulkhead {
    slots: Semaphore,
    queued: AtomicUsize,
    max_queued: usize,
}

/// Why a call got no slot.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NoSlot {
    /// Every slot busy and the queue full.
    Full,
    /// Queued, but no slot came free within the wait allowed.
    Waited,
}

impl Bulkhead {
    pub(crate) fn new(settings: &BulkheadConfig) -> Bulkhead {
        Bulkhead {
            slots: Semaphore::new(settings.max_concurrent.min(Semaphore::MAX_PERMITS)),
            queued: AtomicUsize::new(0),
            max_queued: settings.max_queued,
        }
    }

    /// A slot for one call, waiting at most `wait` in the queue; the slot is held until the
    /// permit drops.
    pub(crate) async fn enter(&self, wait: Duration) -> Result<SemaphorePermit<'_>, NoSlot> {
        if let Ok(permit) = self.slots.try_acquire() {
            return Ok(permit);
        }
        if self.queued.fetch_add(1, Ordering::AcqRel) >= self.max_queued {
            self.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(NoSlot::Full);
        }
        let waited = tokio::time::timeout(wait, self.slots.acquire()).await;
        self.queued.fetch_sub(1, Ordering::AcqRel);
        match waited {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(NoSlot::Waited),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn full_slots_queue_briefly_then_fail_fast() {
        let bulkhead = Bulkhead::new(&BulkheadConfig {
            max_concurrent: 2,
            max_queued: 1,
        });
        let wait = Duration::from_secs(1);
        let a = bulkhead.enter(wait).await.unwrap();
        let _b = bulkhead.enter(wait).await.unwrap();
        // The third call queues; a fourth finds the queue full and fails at once.
        let queued = bulkhead.enter(wait);
        tokio::pin!(queued);
        assert!(futures_util::FutureExt::now_or_never(queued.as_mut()).is_none());
        assert_eq!(bulkhead.enter(wait).await.err(), Some(NoSlot::Full));
        // A slot frees: the queued call gets it.
        drop(a);
        let _c = queued.await.unwrap();
        // Nothing frees within the wait: the queued call gives up.
        assert_eq!(bulkhead.enter(wait).await.err(), Some(NoSlot::Waited));
    }
}

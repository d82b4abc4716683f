//! The timer behind the header-read timeout, one per connection.
//!
//! hyper asks its timer for a new sleep for every request head, and with tokio's timer
//! each one registers in the timer wheel and leaves it again: about 5% of a small
//! request's CPU. Here every sleep of a connection shares one tokio timer, which stays
//! armed at or before the earliest deadline still waited for and is moved only when it
//! fires: once per timeout period instead of once per request.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};

/// One connection's timer; give each connection its own.
#[derive(Clone, Default)]
pub(crate) struct HeadTimer {
    armed: Arc<Mutex<Option<Pin<Box<tokio::time::Sleep>>>>>,
}

impl Timer for HeadTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        self.sleep_until(self.now() + duration)
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn Sleep>> {
        Box::pin(HeadSleep {
            armed: Arc::clone(&self.armed),
            deadline: tokio::time::Instant::from_std(deadline),
        })
    }

    // tokio's clock, so the sleeps follow it when tests pause time.
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }
}

struct HeadSleep {
    armed: Arc<Mutex<Option<Pin<Box<tokio::time::Sleep>>>>>,
    deadline: tokio::time::Instant,
}

impl Sleep for HeadSleep {}

impl Future for HeadSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = self.deadline;
        if tokio::time::Instant::now() >= deadline {
            return Poll::Ready(());
        }
        let mut armed = self.armed.lock().unwrap_or_else(|e| e.into_inner());
        let timer = armed.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        // Armed later than this deadline (a long-lived connection's first sleep is always
        // earlier): bring it forward, so the wake-up is never late.
        if timer.deadline() > deadline {
            timer.as_mut().reset(deadline);
        }
        // Fired for an earlier head's deadline: this one is still ahead, so re-arm.
        if timer.as_mut().poll(cx).is_ready() {
            timer.as_mut().reset(deadline);
            let _ = timer.as_mut().poll(cx);
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn each_sleep_ends_at_its_own_deadline() {
        let timer = HeadTimer::default();
        let start = tokio::time::Instant::now();
        let first = timer.sleep(Duration::from_secs(10));
        // A later head on the same connection, while the first deadline is armed.
        tokio::time::advance(Duration::from_secs(3)).await;
        drop(first);
        let second = timer.sleep(Duration::from_secs(10));
        second.await;
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_secs(13) && waited < Duration::from_secs(14),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_earlier_deadline_moves_the_armed_timer_forward() {
        let timer = HeadTimer::default();
        let start = tokio::time::Instant::now();
        let mut long = timer.sleep(Duration::from_secs(60));
        assert!(poll_once(&mut long).await.is_pending());
        timer.sleep(Duration::from_secs(5)).await;
        assert!(start.elapsed() < Duration::from_secs(6));
        assert!(poll_once(&mut long).await.is_pending());
    }

    async fn poll_once(sleep: &mut Pin<Box<dyn Sleep>>) -> Poll<()> {
        std::future::poll_fn(|cx| Poll::Ready(sleep.as_mut().poll(cx))).await
    }
}

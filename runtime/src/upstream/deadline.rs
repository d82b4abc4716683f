//! [`Deadline`]: the point after which a request's upstream calls are pointless, because
//! the client has given up (or is about to be answered 408). Every attempt's timeout is
//! cut to the time left, and a retry whose backoff would end past it is not made, so
//! retries and backoff never run past the deadline (the SRE book's deadline propagation,
//! within one app). The budget is per route (`[deadlines]`), by default the request time
//! limit (`limits.request_timeout_ms`), and counted from when the handler's extractors run.

use std::time::{Duration, Instant};

/// See the module docs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: Instant,
    budget: Duration,
}

impl Deadline {
    /// `budget` from `now`.
    pub(crate) fn after(budget: Duration, now: Instant) -> Deadline {
        Deadline {
            at: now + budget,
            budget,
        }
    }

    /// The whole budget, for messages.
    pub(crate) fn budget(&self) -> Duration {
        self.budget
    }

    /// Time left at `now` (zero once passed).
    pub(crate) fn remaining(&self, now: Instant) -> Duration {
        self.at.saturating_duration_since(now)
    }

    /// The timeout of an attempt starting at `now`: the service's, or less when the
    /// deadline comes first (then `true`).
    pub(crate) fn cut(&self, timeout: Duration, now: Instant) -> (Duration, bool) {
        let left = self.remaining(now);
        if left < timeout {
            (left, true)
        } else {
            (timeout, false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_cut_to_the_time_left() {
        let t0 = Instant::now();
        let deadline = Deadline::after(Duration::from_millis(500), t0);
        let second = Duration::from_secs(1);
        assert_eq!(deadline.cut(second, t0), (Duration::from_millis(500), true));
        let later = t0 + Duration::from_millis(100);
        assert_eq!(
            deadline.cut(Duration::from_millis(200), later),
            (Duration::from_millis(200), false)
        );
        let past = t0 + Duration::from_secs(2);
        assert_eq!(deadline.remaining(past), Duration::ZERO);
        assert_eq!(deadline.budget(), Duration::from_millis(500));
    }
}

//! Two counts over the last stretch of time, kept in ten buckets: what the circuit breaker
//! (calls, failures) and the retry budget (requests, retries) look back over. Old buckets
//! are reused in place, so counting costs no allocation and no timer.

use std::time::{Duration, Instant};

/// Buckets a window is cut into: the window slides in steps of a tenth of its length.
const BUCKETS: usize = 10;

/// `(first, second)` counts over the last `length` (to within one bucket).
#[derive(Debug)]
pub(crate) struct Window {
    origin: Instant,
    /// A bucket's length in nanoseconds (u64 arithmetic: cheap on every call).
    bucket_nanos: u64,
    buckets: [Bucket; BUCKETS],
}

#[derive(Debug, Clone, Copy, Default)]
struct Bucket {
    /// Which step since `origin` this bucket counts; stale when behind the current one.
    step: u64,
    first: u64,
    second: u64,
}

impl Window {
    pub(crate) fn new(length: Duration, origin: Instant) -> Window {
        Window {
            origin,
            bucket_nanos: (length / BUCKETS as u32)
                .max(Duration::from_millis(1))
                .as_nanos()
                .try_into()
                .unwrap_or(u64::MAX),
            buckets: [Bucket::default(); BUCKETS],
        }
    }

    fn step(&self, now: Instant) -> u64 {
        let since = now.saturating_duration_since(self.origin);
        (since.as_secs() * 1_000_000_000 + u64::from(since.subsec_nanos())) / self.bucket_nanos
    }

    /// Adds to the counts of the bucket `now` falls in.
    pub(crate) fn add(&mut self, now: Instant, first: u64, second: u64) {
        let step = self.step(now);
        let bucket = &mut self.buckets[step as usize % BUCKETS];
        if bucket.step != step {
            *bucket = Bucket {
                step,
                first: 0,
                second: 0,
            };
        }
        bucket.first += first;
        bucket.second += second;
    }

    /// The counts of the buckets still inside the window at `now`.
    pub(crate) fn sums(&self, now: Instant) -> (u64, u64) {
        let step = self.step(now);
        self.buckets
            .iter()
            .filter(|b| b.step + (BUCKETS as u64) > step && b.step <= step)
            .fold((0, 0), |(a, b), bucket| {
                (a + bucket.first, b + bucket.second)
            })
    }

    /// Forgets everything (a breaker closing starts afresh).
    pub(crate) fn clear(&mut self) {
        self.buckets = [Bucket::default(); BUCKETS];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_slide_out_after_the_window() {
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut window = Window::new(Duration::from_secs(10), t0);
        window.add(at(0), 3, 1);
        window.add(at(4_500), 2, 2);
        assert_eq!(window.sums(at(5_000)), (5, 3));
        // The first second's bucket leaves at 10 s; the one at 4.5 s stays until 14 s.
        assert_eq!(window.sums(at(10_000)), (2, 2));
        assert_eq!(window.sums(at(14_999)), (0, 0));
        // A reused bucket starts from zero.
        window.add(at(20_100), 1, 0);
        assert_eq!(window.sums(at(20_200)), (1, 0));
        window.clear();
        assert_eq!(window.sums(at(20_200)), (0, 0));
    }
}

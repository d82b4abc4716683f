//! [`RetryBudget`]: retries to one service may add at most a share of its recent requests
//! (Finagle's and Envoy's 20%), with a small floor so a quiet app still retries a lone
//! failure. Per-call retry limits alone let every request triple the load on a service
//! that is already failing; a budget caps the extra load at the share, whatever the
//! traffic. Time is passed in (`now`), as in the breaker.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::window::Window;
use crate::config::RetryBudgetConfig;

/// See the module docs.
pub(crate) struct RetryBudget {
    percent: u64,
    min_retries: u64,
    /// Requests (first) and retries (second) over the window.
    window: Mutex<Window>,
}

impl RetryBudget {
    pub(crate) fn new(settings: &RetryBudgetConfig, now: Instant) -> RetryBudget {
        RetryBudget {
            percent: u64::from(settings.percent),
            min_retries: u64::from(settings.min_retries),
            window: Mutex::new(Window::new(Duration::from_millis(settings.window_ms), now)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts a call the app asked for (its first attempt).
    pub(crate) fn request(&self, now: Instant) {
        self.lock().add(now, 1, 0);
    }

    /// Takes one retry from the budget, if any is left.
    pub(crate) fn try_retry(&self, now: Instant) -> bool {
        let mut window = self.lock();
        let (requests, retries) = window.sums(now);
        let allowed = (requests * self.percent / 100).max(self.min_retries);
        if retries < allowed {
            window.add(now, 0, 1);
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_stay_within_a_fifth_of_requests_above_the_floor() {
        let t0 = Instant::now();
        let budget = RetryBudget::new(&RetryBudgetConfig::default(), t0);
        // A quiet app: the floor of 10 retries.
        budget.request(t0);
        assert_eq!((0..20).filter(|_| budget.try_retry(t0)).count(), 10);
        // 200 requests allow 40 retries in all, 30 more.
        for _ in 0..199 {
            budget.request(t0);
        }
        assert_eq!((0..100).filter(|_| budget.try_retry(t0)).count(), 30);
        // Once they leave the window, the floor is back.
        let later = t0 + Duration::from_secs(11);
        assert_eq!((0..20).filter(|_| budget.try_retry(later)).count(), 10);
    }

    #[test]
    fn no_retries_at_zero_percent_and_no_floor() {
        let t0 = Instant::now();
        let settings = RetryBudgetConfig {
            percent: 0,
            min_retries: 0,
            ..RetryBudgetConfig::default()
        };
        let budget = RetryBudget::new(&settings, t0);
        budget.request(t0);
        assert!(!budget.try_retry(t0));
    }
}

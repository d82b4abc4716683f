//! [`FailureLog`]: how a failing dependency is logged, so an outage reads as a few lines
//! instead of one (or two) per request.
//!
//! The first failure logs at ERROR; while the dependency keeps failing, one WARN summary a
//! period counts the failures; the first success after that logs one INFO recovery line.
//! Each failure is also logged at DEBUG with its own detail and request id. The period is
//! `[log] outage_summary_secs` (5 s by default).
//!
//! The summary is written by a timer (a task on the app's tokio runtime, started by the
//! first failure of a period), so a dependency that fails a few times and goes quiet still
//! gets its summary when the period ends, not whenever it next fails. The timer stops after
//! a period without failures; the next failure starts it again. A failure recorded off the
//! runtime (on an OTLP exporter's thread) starts it on the app's runtime; with no runtime at
//! all the summary is written by the first failure after the period instead.
//!
//! The success path reads one atomic flag; the lock is taken only while failing.

use std::borrow::Cow;
use std::fmt::Display;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

// Tokio's clock (std's outside a runtime), so tests can run a period on a paused clock.
use tokio::time::Instant;

/// The summary period of every [`FailureLog`], in milliseconds (`[log] outage_summary_secs`).
static PERIOD_MS: AtomicU64 = AtomicU64::new(5_000);

/// The app's runtime, for the timers of failures recorded on other threads (the OTLP
/// exporters run on the SDK's own threads).
static RUNTIME: OnceLock<tokio::runtime::Handle> = OnceLock::new();

/// Sets the summary period (at start-up, from `[log] outage_summary_secs`), and keeps the
/// app's runtime for the summary timers.
pub(crate) fn set_period(period: Duration) {
    PERIOD_MS.store(
        u64::try_from(period.as_millis()).unwrap_or(u64::MAX).max(1),
        Ordering::Relaxed,
    );
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let _ = RUNTIME.set(runtime);
    }
}

fn period() -> Duration {
    Duration::from_millis(PERIOD_MS.load(Ordering::Relaxed))
}

/// The failures and recovery of one dependency (a session store, an upstream service, a
/// sign-in platform), logged as an outage rather than per request.
///
/// # Example
///
/// ```
/// use bffkit::ops::FailureLog;
///
/// static PAYMENTS: FailureLog = FailureLog::new("payments service");
///
/// // Logs "payments service unavailable: connection refused" once at ERROR, then one
/// // summary a period while it keeps failing.
/// PAYMENTS.failure(&"connection refused");
/// assert!(PAYMENTS.is_failing());
/// // Logs "payments service recovered" at INFO.
/// PAYMENTS.success();
/// assert!(!PAYMENTS.is_failing());
/// ```
#[derive(Debug)]
pub struct FailureLog {
    dependency: Cow<'static, str>,
    /// Made by the first failure: the summary timer holds it too.
    shared: OnceLock<Arc<Shared>>,
}

#[derive(Debug)]
struct Shared {
    dependency: Cow<'static, str>,
    failing: AtomicBool,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    outage: Option<Outage>,
    /// Outages so far: a timer left from an outage that ended stops at once.
    outages: u64,
}

#[derive(Debug)]
struct Outage {
    number: u64,
    since: Instant,
    total: u64,
    /// Failures since the last line logged.
    unreported: u64,
    last_line: Instant,
    last_error: String,
    /// Whether a summary timer is running for this outage.
    timer: bool,
}

impl FailureLog {
    /// A log for `dependency`, named in every line ("session store", "upstream users").
    pub const fn new(dependency: &'static str) -> FailureLog {
        FailureLog {
            dependency: Cow::Borrowed(dependency),
            shared: OnceLock::new(),
        }
    }

    /// A log for a dependency named at run time (`upstream users`).
    pub fn named(dependency: String) -> FailureLog {
        FailureLog {
            dependency: Cow::Owned(dependency),
            shared: OnceLock::new(),
        }
    }

    fn shared(&self) -> &Arc<Shared> {
        self.shared.get_or_init(|| {
            Arc::new(Shared {
                dependency: self.dependency.clone(),
                failing: AtomicBool::new(false),
                state: Mutex::new(State::default()),
            })
        })
    }

    /// Whether the last call failed.
    pub fn is_failing(&self) -> bool {
        self.shared
            .get()
            .is_some_and(|s| s.failing.load(Ordering::Relaxed))
    }

    /// Records one failed call.
    pub fn failure(&self, error: &dyn Display) {
        let dependency = &*self.dependency;
        tracing::debug!(dependency, %error, "dependency call failed");
        let shared = self.shared();
        let now = Instant::now();
        let mut state = shared.lock();
        let number = state.outages;
        match state.outage.as_mut() {
            None => {
                tracing::error!(dependency, %error, "{dependency} unavailable");
                state.outages += 1;
                let mut outage = Outage {
                    number: number + 1,
                    since: now,
                    total: 1,
                    unreported: 0,
                    last_line: now,
                    last_error: error.to_string(),
                    timer: false,
                };
                outage.timer = start_timer(shared, outage.number);
                state.outage = Some(outage);
                shared.failing.store(true, Ordering::Relaxed);
            }
            Some(o) => {
                o.total += 1;
                o.unreported += 1;
                if o.timer {
                    // The timer writes the summary.
                } else if start_timer(shared, o.number) {
                    // After a quiet period: this failure opens a new one.
                    o.timer = true;
                    o.last_line = now;
                    o.last_error = error.to_string();
                } else if now.duration_since(o.last_line) >= period() {
                    o.last_error = error.to_string();
                    o.summarize(dependency, now);
                }
            }
        }
    }

    /// Records one successful call: logs the recovery if it was failing.
    pub fn success(&self) {
        let Some(shared) = self.shared.get() else {
            return;
        };
        if !shared.failing.load(Ordering::Relaxed) {
            return;
        }
        let mut state = shared.lock();
        if let Some(o) = state.outage.take() {
            shared.failing.store(false, Ordering::Relaxed);
            let dependency = &*self.dependency;
            tracing::info!(
                dependency,
                failures = o.total,
                last_error = %o.last_error,
                "{dependency} recovered after {:.1?}: {} failed calls in all",
                o.since.elapsed(),
                o.total,
            );
        }
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Outage {
    /// Logs the failures since the last line.
    fn summarize(&mut self, dependency: &str, now: Instant) {
        tracing::warn!(
            dependency,
            failures = self.unreported,
            error = %self.last_error,
            "{dependency} still unavailable: {} failed calls in the last {:.0?}",
            self.unreported,
            now.duration_since(self.last_line),
        );
        self.unreported = 0;
        self.last_line = now;
    }
}

/// Starts the summary timer of outage `number` on the current tokio runtime, or the app's;
/// false without either. Each period it logs the failures counted since the last line; it stops when the
/// outage ends or after a period without failures.
fn start_timer(shared: &Arc<Shared>, number: u64) -> bool {
    let Some(runtime) = tokio::runtime::Handle::try_current()
        .ok()
        .or_else(|| RUNTIME.get().cloned())
    else {
        return false;
    };
    let shared: Weak<Shared> = Arc::downgrade(shared);
    runtime.spawn(async move {
        loop {
            let due = {
                let Some(shared) = shared.upgrade() else {
                    return;
                };
                let state = shared.lock();
                match &state.outage {
                    Some(o) if o.number == number => o.last_line + period(),
                    _ => return,
                }
            };
            tokio::time::sleep_until(due).await;
            let Some(shared) = shared.upgrade() else {
                return;
            };
            let mut state = shared.lock();
            let Some(o) = state.outage.as_mut().filter(|o| o.number == number) else {
                return;
            };
            if o.unreported == 0 {
                o.timer = false;
                return;
            }
            o.summarize(&shared.dependency, Instant::now());
        }
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::captured_log::CapturedLog;

    #[test]
    fn an_outage_is_one_line_a_period_and_a_recovery() {
        let out = CapturedLog::default();
        let log = FailureLog::new("session store");
        tracing::subscriber::with_default(out.subscriber(), || {
            for _ in 0..1000 {
                log.failure(&"connection refused");
            }
            log.success();
            log.success();
        });
        let text = out.text();
        let lines: Vec<&str> = text.lines().collect();
        // Within one period: the first failure and the recovery only.
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].contains("ERROR"), "{text}");
        assert!(lines[0].contains("session store unavailable"), "{text}");
        assert!(lines[0].contains("connection refused"), "{text}");
        assert!(lines[1].contains("INFO"), "{text}");
        assert!(lines[1].contains("1000 failed calls in all"), "{text}");
        assert!(!log.is_failing());
    }

    /// On tokio's paused clock: the sleeps below advance it at once.
    #[tokio::test(start_paused = true)]
    async fn the_summary_is_written_when_the_period_ends_without_another_failure() {
        let out = CapturedLog::default();
        // The runtime is this thread's: the timer task logs to this subscriber too.
        let _subscriber = tracing::subscriber::set_default(out.subscriber());
        let log = FailureLog::named("upstream payments".to_owned());
        for _ in 0..3 {
            log.failure(&"connection refused");
        }
        assert_eq!(out.text().lines().count(), 1, "{}", out.text());

        // The dependency goes quiet: the period's two later failures are still summarized.
        tokio::time::sleep(period() + Duration::from_millis(1)).await;
        let text = out.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[1].contains("WARN"), "{text}");
        assert!(
            lines[1].contains("upstream payments still unavailable: 2 failed calls"),
            "{text}"
        );

        // Quiet periods write nothing; a failure after them is summarized a period later.
        tokio::time::sleep(period() * 3).await;
        assert_eq!(out.text().lines().count(), 2, "{}", out.text());
        log.failure(&"timed out");
        tokio::time::sleep(period() + Duration::from_millis(1)).await;
        let text = out.text();
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(
            text.lines().nth(2).unwrap().contains("1 failed calls"),
            "{text}"
        );

        log.success();
        let text = out.text();
        assert!(
            text.lines()
                .nth(3)
                .unwrap()
                .contains("4 failed calls in all"),
            "{text}"
        );
        // A recovered dependency's timer is gone: nothing more is written.
        tokio::time::sleep(period() * 2).await;
        assert_eq!(out.text().lines().count(), 4, "{}", out.text());
    }
}

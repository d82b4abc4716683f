//! [`FailureLog`]: how a failing dependency is logged, so an outage reads as a few lines
//! instead of one (or two) per request.
//!
//! The first failure logs at ERROR; while the dependency keeps failing, one WARN summary a
//! period counts the failures; the first success after that logs one INFO recovery line.
//! Each failure is also logged at DEBUG with its own detail and request id. The period is
//! `[log] outage_summary_secs` (5 s by default).
//!
//! The success path reads one atomic flag; the lock is taken only while failing.

use std::borrow::Cow;
use std::fmt::Display;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The summary period of every [`FailureLog`], in milliseconds (`[log] outage_summary_secs`).
static PERIOD_MS: AtomicU64 = AtomicU64::new(5_000);

/// Sets the summary period (at start-up, from `[log] outage_summary_secs`).
pub(crate) fn set_period(period: Duration) {
    PERIOD_MS.store(
        u64::try_from(period.as_millis()).unwrap_or(u64::MAX).max(1),
        Ordering::Relaxed,
    );
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
    failing: AtomicBool,
    outage: Mutex<Option<Outage>>,
}

#[derive(Debug)]
struct Outage {
    since: Instant,
    total: u64,
    /// Failures since the last line logged.
    unreported: u64,
    last_line: Instant,
    last_error: String,
}

impl FailureLog {
    /// A log for `dependency`, named in every line ("session store", "upstream users").
    pub const fn new(dependency: &'static str) -> FailureLog {
        FailureLog {
            dependency: Cow::Borrowed(dependency),
            failing: AtomicBool::new(false),
            outage: Mutex::new(None),
        }
    }

    /// A log for a dependency named at run time (`upstream users`).
    pub fn named(dependency: String) -> FailureLog {
        FailureLog {
            dependency: Cow::Owned(dependency),
            failing: AtomicBool::new(false),
            outage: Mutex::new(None),
        }
    }

    /// Whether the last call failed.
    pub fn is_failing(&self) -> bool {
        self.failing.load(Ordering::Relaxed)
    }

    /// Records one failed call.
    pub fn failure(&self, error: &dyn Display) {
        let dependency = &*self.dependency;
        tracing::debug!(dependency, %error, "dependency call failed");
        let now = Instant::now();
        let mut outage = self.outage.lock().unwrap_or_else(|p| p.into_inner());
        match outage.as_mut() {
            None => {
                tracing::error!(dependency, %error, "{dependency} unavailable");
                *outage = Some(Outage {
                    since: now,
                    total: 1,
                    unreported: 0,
                    last_line: now,
                    last_error: error.to_string(),
                });
                self.failing.store(true, Ordering::Relaxed);
            }
            Some(o) => {
                o.total += 1;
                o.unreported += 1;
                let elapsed = now.duration_since(o.last_line);
                if elapsed >= period() {
                    let last_error = error.to_string();
                    tracing::warn!(
                        dependency,
                        failures = o.unreported,
                        error = %last_error,
                        "{dependency} still unavailable: {} failed calls in the last {:.0?}",
                        o.unreported,
                        elapsed,
                    );
                    o.unreported = 0;
                    o.last_line = now;
                    o.last_error = last_error;
                }
            }
        }
    }

    /// Records one successful call: logs the recovery if it was failing.
    pub fn success(&self) {
        if !self.failing.load(Ordering::Relaxed) {
            return;
        }
        let mut outage = self.outage.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(o) = outage.take() {
            self.failing.store(false, Ordering::Relaxed);
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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    #[test]
    fn an_outage_is_one_line_a_period_and_a_recovery() {
        let out = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(out.clone())
            .finish();
        let log = FailureLog::new("session store");
        tracing::subscriber::with_default(subscriber, || {
            for _ in 0..1000 {
                log.failure(&"connection refused");
            }
            log.success();
            log.success();
        });
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
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
}

//! [`CircuitBreaker`]: one per upstream service, closed → open → half-open → closed.
//!
//! Closed, every call goes through and its outcome is counted over a sliding window; too
//! many failures (a rate over enough calls, or a run in a row) open it. Open, calls fail at
//! once, without touching the network, until the cool-down ends. Half-open, a few probe
//! calls go through: enough successes close it, one failure opens it again. Each change is
//! logged once. Time is passed in (`now`), so tests drive it without sleeping.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::window::Window;
use crate::config::BreakerConfig;

/// What a breaker is doing, for logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go through and are counted.
    Closed,
    /// Calls fail at once until the cool-down ends.
    Open,
    /// A few probe calls go through.
    HalfOpen,
}

impl BreakerState {
    /// `closed`, `open`, `half_open`: a metric label.
    pub fn as_str(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half_open",
        }
    }
}

/// How an attempt ended, as the breaker counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The service answered (2xx, 3xx, 4xx, or a body it should not have sent).
    Answered,
    /// Timeout, connection error or 5xx: the service is not well.
    Failed,
}

/// See the module docs.
pub(crate) struct CircuitBreaker {
    service: String,
    settings: BreakerConfig,
    inner: Mutex<Inner>,
}

struct Inner {
    state: State,
    /// Calls (first) and failures (second) while closed.
    window: Window,
    consecutive: u32,
    /// Bumped on every change, so a late outcome from an earlier state is ignored.
    generation: u64,
    /// Times it opened, for metrics.
    opened: u64,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Closed,
    Open { until: Instant },
    HalfOpen { in_flight: u32, successes: u32 },
}

/// Leave to make one call; hand its outcome back with [`Ticket::record`]. Dropped
/// unrecorded (the request was cancelled), it frees its probe slot and counts nothing.
pub(crate) struct Ticket<'a> {
    breaker: Option<&'a CircuitBreaker>,
    generation: u64,
    probe: bool,
}

impl CircuitBreaker {
    pub(crate) fn new(service: &str, settings: BreakerConfig, now: Instant) -> CircuitBreaker {
        let window = Window::new(Duration::from_millis(settings.window_ms), now);
        CircuitBreaker {
            service: service.to_owned(),
            settings,
            inner: Mutex::new(Inner {
                state: State::Closed,
                window,
                consecutive: 0,
                generation: 0,
                opened: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The state at `now` (an open breaker whose cool-down ended reads half-open).
    pub(crate) fn state(&self, now: Instant) -> BreakerState {
        match self.lock().state {
            State::Closed => BreakerState::Closed,
            State::Open { until } if now < until => BreakerState::Open,
            State::Open { .. } | State::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// How many times it has opened since the app started.
    pub(crate) fn times_opened(&self) -> u64 {
        self.lock().opened
    }

    /// A ticket for one call, or how long until calls may be tried again.
    pub(crate) fn admit(&self, now: Instant) -> Result<Ticket<'_>, Duration> {
        if !self.settings.enabled {
            return Ok(Ticket {
                breaker: None,
                generation: 0,
                probe: false,
            });
        }
        let mut inner = self.lock();
        let probe = match inner.state {
            State::Closed => false,
            State::Open { until } if now < until => return Err(until - now),
            State::Open { .. } => {
                inner.change(
                    State::HalfOpen {
                        in_flight: 0,
                        successes: 0,
                    },
                    &self.service,
                    format_args!(
                        "cool-down over, letting {} probe calls through",
                        self.settings.probes
                    ),
                );
                true
            }
            State::HalfOpen { .. } => true,
        };
        if let State::HalfOpen { in_flight, .. } = &mut inner.state {
            if *in_flight >= self.settings.probes {
                // Probes are out; their answers decide soon.
                return Err(Duration::from_secs(1));
            }
            *in_flight += 1;
        }
        Ok(Ticket {
            breaker: Some(self),
            generation: inner.generation,
            probe,
        })
    }

    fn settle(&self, ticket: &Ticket<'_>, now: Instant, outcome: Option<Outcome>) {
        let settings = &self.settings;
        let mut inner = self.lock();
        if inner.generation != ticket.generation {
            return;
        }
        match (inner.state, outcome) {
            (State::Closed, Some(outcome)) => {
                let failed = outcome == Outcome::Failed;
                inner.window.add(now, 1, u64::from(failed));
                inner.consecutive = if failed { inner.consecutive + 1 } else { 0 };
                if !failed {
                    return;
                }
                let (calls, failures) = inner.window.sums(now);
                let in_a_row = settings.consecutive_failures > 0
                    && inner.consecutive >= settings.consecutive_failures;
                let by_rate = calls >= u64::from(settings.min_calls)
                    && failures as f64 >= settings.failure_rate * calls as f64;
                if in_a_row || by_rate {
                    let why = if in_a_row {
                        format!("{} failures in a row", inner.consecutive)
                    } else {
                        format!(
                            "{failures} of {calls} calls failed in the last {} ms",
                            settings.window_ms
                        )
                    };
                    inner.open(now, settings, &self.service, format_args!("opened: {why}"));
                }
            }
            (
                State::HalfOpen {
                    in_flight,
                    successes,
                },
                outcome,
            ) if ticket.probe => {
                let in_flight = in_flight.saturating_sub(1);
                match outcome {
                    Some(Outcome::Failed) => inner.open(
                        now,
                        settings,
                        &self.service,
                        format_args!("a probe call failed, open again"),
                    ),
                    Some(Outcome::Answered) if successes + 1 >= settings.probes => {
                        inner.window.clear();
                        inner.consecutive = 0;
                        inner.change(
                            State::Closed,
                            &self.service,
                            format_args!("closed: {} probe calls succeeded", settings.probes),
                        );
                    }
                    Some(Outcome::Answered) => {
                        inner.state = State::HalfOpen {
                            in_flight,
                            successes: successes + 1,
                        }
                    }
                    None => {
                        inner.state = State::HalfOpen {
                            in_flight,
                            successes,
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

impl Inner {
    fn change(&mut self, state: State, service: &str, why: std::fmt::Arguments<'_>) {
        self.state = state;
        self.generation += 1;
        let gauge = match state {
            State::Open { .. } => {
                tracing::warn!(service, "circuit breaker {why}");
                1
            }
            State::HalfOpen { .. } => {
                tracing::info!(service, "circuit breaker {why}");
                2
            }
            _ => {
                tracing::info!(service, "circuit breaker {why}");
                0
            }
        };
        crate::ops::metrics::breaker_changed(service, gauge, gauge == 1);
    }

    fn open(
        &mut self,
        now: Instant,
        settings: &BreakerConfig,
        service: &str,
        why: std::fmt::Arguments<'_>,
    ) {
        self.opened += 1;
        let cool_down = Duration::from_millis(settings.cool_down_ms);
        self.change(
            State::Open {
                until: now + cool_down,
            },
            service,
            format_args!(
                "{why}; failing calls at once for {} ms",
                settings.cool_down_ms
            ),
        );
    }
}

impl Ticket<'_> {
    /// Counts the call's outcome.
    pub(crate) fn record(mut self, now: Instant, outcome: Outcome) {
        if let Some(breaker) = self.breaker.take() {
            breaker.settle(&self, now, Some(outcome));
        }
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if let Some(breaker) = self.breaker.take() {
            if self.probe {
                breaker.settle(self, Instant::now(), None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(t0: Instant) -> CircuitBreaker {
        CircuitBreaker::new("users", BreakerConfig::default(), t0)
    }

    fn ms(t0: Instant, ms: u64) -> Instant {
        t0 + Duration::from_millis(ms)
    }

    fn call(b: &CircuitBreaker, now: Instant, outcome: Outcome) -> Result<(), Duration> {
        b.admit(now).map(|ticket| ticket.record(now, outcome))
    }

    /// Five failures in a row at `now`: enough to open it.
    fn fail_five(b: &CircuitBreaker, now: Instant) {
        for _ in 0..5 {
            call(b, now, Outcome::Failed).unwrap();
        }
    }

    /// 19 calls, every other one failed (never two in a row), the `i`th at `at(i)`.
    fn alternate(b: &CircuitBreaker, at: impl Fn(u64) -> Instant) {
        for i in 0..19 {
            let outcome = [Outcome::Answered, Outcome::Failed][i as usize % 2];
            call(b, at(i), outcome).unwrap();
        }
    }

    #[test]
    fn five_failures_in_a_row_open_it_and_4xx_like_answers_reset_the_run() {
        let t0 = Instant::now();
        let b = breaker(t0);
        for _ in 0..4 {
            call(&b, t0, Outcome::Failed).unwrap();
        }
        call(&b, t0, Outcome::Answered).unwrap();
        for _ in 0..4 {
            call(&b, t0, Outcome::Failed).unwrap();
        }
        assert_eq!(b.state(t0), BreakerState::Closed);
        call(&b, ms(t0, 10), Outcome::Failed).unwrap();
        assert_eq!(b.state(ms(t0, 10)), BreakerState::Open);
        // Open: refused at once, with the time left.
        assert_eq!(
            call(&b, ms(t0, 1_010), Outcome::Answered),
            Err(Duration::from_secs(4))
        );
        assert_eq!(b.times_opened(), 1);
    }

    #[test]
    fn a_failure_rate_over_enough_calls_opens_it() {
        let t0 = Instant::now();
        let b = breaker(t0);
        // Alternating: never four failures in a row, half of 20 calls failed.
        alternate(&b, |i| ms(t0, i * 100));
        assert_eq!(
            b.state(ms(t0, 1_900)),
            BreakerState::Closed,
            "19 calls are too few"
        );
        call(&b, ms(t0, 1_900), Outcome::Failed).unwrap();
        assert_eq!(b.state(ms(t0, 1_900)), BreakerState::Open);
    }

    #[test]
    fn failures_leave_the_window() {
        let t0 = Instant::now();
        let b = breaker(t0);
        alternate(&b, |_| t0);
        // Ten seconds later those calls no longer count.
        for _ in 0..2 {
            call(&b, ms(t0, 11_000), Outcome::Failed).unwrap();
        }
        assert_eq!(b.state(ms(t0, 11_000)), BreakerState::Closed);
    }

    #[test]
    fn half_open_lets_probes_through_and_closes_after_they_succeed() {
        let t0 = Instant::now();
        let b = breaker(t0);
        fail_five(&b, t0);
        let after = ms(t0, 5_000);
        assert_eq!(b.state(after), BreakerState::HalfOpen);
        let probes: Vec<_> = (0..3).map(|_| b.admit(after).unwrap()).collect();
        assert!(b.admit(after).is_err(), "only three probes at once");
        for probe in probes {
            probe.record(after, Outcome::Answered);
        }
        assert_eq!(b.state(after), BreakerState::Closed);
        // Closed afresh: the earlier failures are forgotten.
        for _ in 0..4 {
            call(&b, after, Outcome::Failed).unwrap();
        }
        assert_eq!(b.state(after), BreakerState::Closed);
    }

    #[test]
    fn a_failed_probe_opens_it_again_for_a_full_cool_down() {
        let t0 = Instant::now();
        let b = breaker(t0);
        fail_five(&b, t0);
        let after = ms(t0, 5_000);
        let first = b.admit(after).unwrap();
        let second = b.admit(after).unwrap();
        first.record(ms(t0, 6_000), Outcome::Failed);
        assert_eq!(b.state(ms(t0, 6_000)), BreakerState::Open);
        // The other probe's late answer belongs to the old state and changes nothing.
        second.record(ms(t0, 6_001), Outcome::Answered);
        assert_eq!(
            call(&b, ms(t0, 10_000), Outcome::Answered),
            Err(Duration::from_secs(1))
        );
        assert_eq!(b.state(ms(t0, 11_000)), BreakerState::HalfOpen);
        assert_eq!(b.times_opened(), 2);
    }

    #[test]
    fn a_cancelled_probe_frees_its_slot() {
        let t0 = Instant::now();
        let b = breaker(t0);
        fail_five(&b, t0);
        let after = ms(t0, 5_000);
        let probes: Vec<_> = (0..3).map(|_| b.admit(after).unwrap()).collect();
        drop(probes);
        assert!(b.admit(after).is_ok());
    }

    #[test]
    fn off_lets_everything_through() {
        let t0 = Instant::now();
        let settings = BreakerConfig {
            enabled: false,
            ..BreakerConfig::default()
        };
        let b = CircuitBreaker::new("users", settings, t0);
        for _ in 0..50 {
            call(&b, t0, Outcome::Failed).unwrap();
        }
        assert_eq!(b.state(t0), BreakerState::Closed);
    }
}

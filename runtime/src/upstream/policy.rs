//! [`ServicePolicy`]: one service's circuit breaker, retry budget and bulkhead, applied
//! around each attempt under the request's [`Deadline`]. The client calls only this.

use std::future::Future;
use std::time::{Duration, Instant};

use super::breaker::{BreakerState, CircuitBreaker, Outcome};
use super::budget::RetryBudget;
use super::bulkhead::Bulkhead;
use super::deadline::Deadline;
use super::error::UpstreamFailure;
use crate::config::UpstreamConfig;

/// What an attempt gives back: the status and body.
pub(crate) type Answer = Result<(u16, Vec<u8>), UpstreamFailure>;

/// See the module docs.
pub(crate) struct ServicePolicy {
    breaker: CircuitBreaker,
    budget: RetryBudget,
    bulkhead: Bulkhead,
    max_concurrent: usize,
}

impl ServicePolicy {
    pub(crate) fn new(name: &str, config: &UpstreamConfig) -> ServicePolicy {
        let now = Instant::now();
        ServicePolicy {
            breaker: CircuitBreaker::new(name, config.breaker.clone(), now),
            budget: RetryBudget::new(&config.retry_budget, now),
            bulkhead: Bulkhead::new(&config.bulkhead),
            max_concurrent: config.bulkhead.max_concurrent,
        }
    }

    /// The breaker's state now, for metrics.
    pub(crate) fn breaker_state(&self) -> BreakerState {
        self.breaker.state(Instant::now())
    }

    /// How many times the breaker has opened, for metrics.
    pub(crate) fn breaker_openings(&self) -> u64 {
        self.breaker.times_opened()
    }

    /// Counts a call the app asked for, before its first attempt.
    pub(crate) fn start_call(&self) {
        self.budget.request(Instant::now());
    }

    /// Whether a retry after `wait` may be made: it ends before the deadline, and the
    /// budget has one left.
    pub(crate) fn may_retry(&self, deadline: &Deadline, wait: Duration) -> bool {
        let now = Instant::now();
        wait < deadline.remaining(now) && self.budget.try_retry(now)
    }

    /// One attempt: refused at once while the breaker is open or the bulkhead full, else
    /// `exchange` within `timeout` cut to the deadline, its outcome counted by the breaker.
    pub(crate) async fn attempt(
        &self,
        deadline: &Deadline,
        timeout: Duration,
        exchange: impl Future<Output = Answer>,
    ) -> Answer {
        let started = Instant::now();
        let (limit, cut) = deadline.cut(timeout, started);
        if limit.is_zero() {
            return Err(UpstreamFailure::DeadlineExceeded(deadline.budget()));
        }
        let ticket = self
            .breaker
            .admit(started)
            .map_err(|retry_after| UpstreamFailure::CircuitOpen { retry_after })?;
        let _slot = self
            .bulkhead
            .enter(limit)
            .await
            .map_err(|_| UpstreamFailure::AtCapacity {
                max_concurrent: self.max_concurrent,
            })?;
        let left = limit.saturating_sub(started.elapsed());
        let answer = match tokio::time::timeout(left, exchange).await {
            Ok(answer) => answer,
            Err(_) if cut => Err(UpstreamFailure::DeadlineExceeded(deadline.budget())),
            Err(_) => Err(UpstreamFailure::Timeout(timeout)),
        };
        ticket.record(Instant::now(), outcome(&answer));
        answer
    }
}

/// Timeouts, connection errors and 5xx count against the service; any other answer
/// (4xx included) shows it is up.
fn outcome(answer: &Answer) -> Outcome {
    match answer {
        Ok((status, _)) if *status >= 500 => Outcome::Failed,
        Err(
            UpstreamFailure::Connect(_)
            | UpstreamFailure::Timeout(_)
            | UpstreamFailure::Transport(_)
            | UpstreamFailure::DeadlineExceeded(_),
        ) => Outcome::Failed,
        _ => Outcome::Answered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ServicePolicy {
        ServicePolicy::new("users", &UpstreamConfig::new("http://127.0.0.1:1"))
    }

    #[test]
    fn failure_kinds_count_as_the_breaker_expects() {
        let failed = |answer: Answer| outcome(&answer) == Outcome::Failed;
        assert!(failed(Ok((503, Vec::new()))));
        assert!(!failed(Ok((404, Vec::new()))) && !failed(Ok((429, Vec::new()))));
        assert!(failed(Err(UpstreamFailure::Connect("refused".into()))));
        assert!(failed(Err(UpstreamFailure::Timeout(Duration::ZERO))));
        assert!(!failed(Err(UpstreamFailure::TooLarge {
            status: 200,
            limit: 1
        })));
    }

    #[tokio::test(start_paused = true)]
    async fn an_attempt_is_cut_at_the_deadline_and_five_failures_open_the_breaker() {
        let policy = policy();
        let deadline = Deadline::after(Duration::from_millis(500), Instant::now());
        let hang = std::future::pending::<Answer>();
        let answer = policy
            .attempt(&deadline, Duration::from_secs(1), hang)
            .await;
        assert!(
            matches!(answer, Err(UpstreamFailure::DeadlineExceeded(d)) if d.as_millis() == 500)
        );
        let deadline = Deadline::after(Duration::from_secs(30), Instant::now());
        for _ in 0..4 {
            let refused = async { Err(UpstreamFailure::Connect("refused".into())) };
            let _ = policy
                .attempt(&deadline, Duration::from_secs(1), refused)
                .await;
        }
        assert_eq!(policy.breaker_state(), BreakerState::Open);
        let never_sent = async { unreachable!("an open breaker sends nothing") };
        let answer = policy
            .attempt(&deadline, Duration::from_secs(1), never_sent)
            .await;
        assert!(matches!(answer, Err(UpstreamFailure::CircuitOpen { .. })));
        assert_eq!(policy.breaker_openings(), 1);
    }

    #[test]
    fn no_retry_past_the_deadline() {
        let policy = policy();
        let deadline = Deadline::after(Duration::from_millis(100), Instant::now());
        assert!(!policy.may_retry(&deadline, Duration::from_millis(200)));
        assert!(policy.may_retry(&deadline, Duration::from_millis(1)));
    }
}

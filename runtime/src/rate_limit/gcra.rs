//! GCRA, the generic cell rate algorithm (as `governor` and redis-cell use it): one
//! timestamp per key, the *theoretical arrival time* (TAT) of the next request at the
//! steady rate. A request is admitted when it would not push the TAT more than `burst`
//! intervals past now. Unlike a fixed window it has no boundary burst (two windows' worth
//! across a boundary), and unlike a sliding log it keeps 8 bytes a key, not one per request.
//!
//! The Redis store runs the same arithmetic in Lua (`redis.rs`); this file is the one the
//! memory store uses and the unit tests pin down.

/// A rate as GCRA needs it, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gcra {
    /// Time between two requests at the steady rate: period / requests.
    pub interval: u64,
    /// How far the TAT may run ahead of now: burst × interval.
    pub tolerance: u64,
}

/// What a key's request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    pub admitted: bool,
    /// Requests still admitted at once after this one (0 when refused).
    pub remaining: u32,
    /// Nanoseconds until the key's quota is whole again (admitted), or until the next
    /// request is admitted (refused).
    pub wait: u64,
}

impl Gcra {
    pub(crate) fn new(requests: u32, period_secs: u64, burst: u32) -> Gcra {
        let period = u128::from(period_secs) * 1_000_000_000;
        let interval = u64::try_from(period / u128::from(requests.max(1)))
            .unwrap_or(u64::MAX)
            .max(1);
        Gcra {
            interval,
            tolerance: interval.saturating_mul(u64::from(burst.max(1))),
        }
    }

    /// The decision for a request at `now` against the stored `tat` (0: none stored), and
    /// the TAT to store when admitted.
    pub(crate) fn decide(&self, tat: u64, now: u64) -> (Decision, u64) {
        let new_tat = tat.max(now).saturating_add(self.interval);
        let ahead = new_tat - now;
        if ahead > self.tolerance {
            let decision = Decision {
                admitted: false,
                remaining: 0,
                wait: ahead - self.tolerance,
            };
            return (decision, tat);
        }
        let decision = Decision {
            admitted: true,
            remaining: u32::try_from((self.tolerance - ahead) / self.interval).unwrap_or(u32::MAX),
            wait: ahead,
        };
        (decision, new_tat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: u64 = 1_000_000_000;

    /// Runs `times` requests at `now`, returning how many were admitted and the last TAT.
    fn burst(gcra: &Gcra, mut tat: u64, now: u64, times: u32) -> (u32, u64, Decision) {
        let mut admitted = 0;
        let mut last = None;
        for _ in 0..times {
            let (decision, next) = gcra.decide(tat, now);
            tat = next;
            admitted += u32::from(decision.admitted);
            last = Some(decision);
        }
        (admitted, tat, last.unwrap())
    }

    #[test]
    fn a_burst_is_admitted_then_one_request_per_interval() {
        // 3 a second (one every 333 ms), a burst of 3.
        let gcra = Gcra::new(3, 1, 3);
        let start = 100 * SEC;
        let (first, _) = gcra.decide(0, start);
        assert_eq!((first.admitted, first.remaining), (true, 2));
        let (admitted, tat, refused) = burst(&gcra, 0, start, 10);
        assert_eq!(admitted, 3);
        assert!(!refused.admitted);
        // The next one is admitted one interval later, not before.
        assert_eq!(refused.wait, gcra.interval);
        assert!(!gcra.decide(tat, start + refused.wait - 1).0.admitted);
        assert!(gcra.decide(tat, start + refused.wait).0.admitted);
        // After a whole quiet period the full burst is back.
        let (admitted, _, _) = burst(&gcra, tat, start + SEC, 10);
        assert_eq!(admitted, 3);
    }

    #[test]
    fn a_steady_client_at_the_rate_is_never_refused() {
        let gcra = Gcra::new(10, 1, 1);
        let mut tat = 0;
        for i in 0..1000 {
            let (decision, next) = gcra.decide(tat, SEC + i * gcra.interval);
            assert!(decision.admitted, "request {i}");
            tat = next;
        }
    }

    #[test]
    fn over_any_time_the_admitted_stay_within_burst_plus_rate() {
        let gcra = Gcra::new(5, 10, 5);
        let mut tat = 0;
        let mut admitted = 0u64;
        let start = 7 * SEC;
        // A request every 100 ms for 60 s.
        for i in 0..600u64 {
            let (decision, next) = gcra.decide(tat, start + i * SEC / 10);
            tat = next;
            admitted += u64::from(decision.admitted);
        }
        // 5 at once, then one every 2 s.
        assert!(admitted <= 5 + 60 / 2, "{admitted}");
        assert!(admitted >= 5 + 60 / 2 - 1, "{admitted}");
    }

    #[test]
    fn huge_periods_do_not_overflow() {
        let gcra = Gcra::new(1, u64::MAX / 2, u32::MAX);
        let (decision, _) = gcra.decide(u64::MAX - 1, u64::MAX - 1);
        assert!(!decision.admitted || decision.wait > 0);
    }
}

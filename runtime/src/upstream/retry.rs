//! Which calls may be retried, and how long to wait before the next attempt.

use std::time::Duration;

use reqwest::Method;

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Methods that mean the same thing when sent twice (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Exponential backoff with "equal jitter": half the doubled delay, plus a random part
/// of the other half, so retrying clients spread out instead of stampeding together.
pub(crate) fn backoff(base: Duration, retry: u32) -> Duration {
    let doubled = base.saturating_mul(1u32 << retry.min(16)).min(MAX_BACKOFF);
    let half = doubled / 2;
    half + half.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_and_patch_are_not_idempotent() {
        assert!(is_idempotent(&Method::GET) && is_idempotent(&Method::PUT));
        assert!(!is_idempotent(&Method::POST) && !is_idempotent(&Method::PATCH));
    }

    #[test]
    fn backoff_doubles_within_its_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        for retry in 0..4 {
            let full = base * (1 << retry);
            let wait = backoff(base, retry);
            assert!(wait >= full / 2 && wait <= full, "{retry}: {wait:?}");
        }
        assert!(backoff(base, 40) <= MAX_BACKOFF);
    }
}

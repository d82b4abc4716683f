//! The errors sign-in answers with: every one a JSON `{code, msg}` with a code from
//! [`crate::code`].

use crate::error::{code, ApiError};

use super::session::SessionError;

/// How a call to a sign-in platform (WeChat, Alipay) fails, as the client sees it: the
/// platform clients answer with these codes, so the manifest lists what sign-in can answer
/// from this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlatformRejection {
    /// The platform refused the code (invalid, used, expired).
    Refused,
    /// The platform blocked the user.
    Blocked,
    /// The platform's own rate limit.
    RateLimited,
    /// The platform failed, or its answer failed verification.
    Failed,
    /// The platform is not configured or busy.
    Unavailable,
    /// The platform did not answer in time.
    TimedOut,
}

crate::extract::rejection::codes! { PlatformRejection;
    PlatformRejection::Refused => code::UNAUTHORIZED, "The platform refused the code";
    PlatformRejection::Blocked => code::FORBIDDEN, "The platform blocked the user, or a cross-site browser sign-in";
    PlatformRejection::RateLimited => code::TOO_MANY_REQUESTS, "The platform's rate limit";
    PlatformRejection::Failed => code::UPSTREAM_ERROR, "The platform failed, or its answer failed verification";
    PlatformRejection::Unavailable => code::SERVICE_UNAVAILABLE, "The platform is not configured, busy, or the session store is down";
    PlatformRejection::TimedOut => code::UPSTREAM_TIMEOUT, "The platform did not answer in time";
}

/// What renewing a session's platform tokens (Alipay's `refresh_token` grant) can answer:
/// a token exchange's failures, which never block a user or hit the code's rate limit.
#[cfg_attr(not(feature = "auth-alipay"), allow(dead_code))]
pub(crate) struct TokenRenewal;

impl crate::error::DocumentedRejection for TokenRenewal {
    fn statuses(out: &mut crate::error::Statuses) {
        use PlatformRejection::{Failed, Refused, TimedOut, Unavailable};
        for failure in [Refused, Failed, Unavailable, TimedOut] {
            let (code, meaning) = failure.documented();
            out.add(crate::error::ErrorStatus::coded(code, meaning));
        }
    }
}

/// What a route that requires a session can answer besides its own: [`sign_in_first`]
/// and [`store_unavailable`].
pub(crate) fn session_statuses(out: &mut crate::error::Statuses) {
    use crate::error::ErrorStatus;
    out.add(ErrorStatus::coded(code::UNAUTHORIZED, "No valid session"));
    out.add(ErrorStatus::coded(
        code::SERVICE_UNAVAILABLE,
        "The session store is unavailable",
    ));
}

/// 401 `UNAUTHORIZED` (20002): no valid session.
pub fn sign_in_first(why: &str) -> ApiError {
    ApiError::new(code::UNAUTHORIZED, format!("sign in first: {why}"))
}

/// 503 `SERVICE_UNAVAILABLE` (40002): the session store failed; not detailed. The store's
/// outage log has the failure (first one, a summary a period, the recovery); each request
/// logs it at debug level.
pub fn store_unavailable(error: SessionError) -> ApiError {
    tracing::debug!(%error, "session store failed");
    ApiError::new(code::SERVICE_UNAVAILABLE, "session store unavailable").reported()
}

/// 503 `SERVICE_UNAVAILABLE` (40002): a platform is not configured.
pub fn not_configured(platform: &str, keys: &str) -> ApiError {
    ApiError::new(
        PlatformRejection::Unavailable.code(),
        format!("{platform} sign-in is not configured: set {keys}"),
    )
}

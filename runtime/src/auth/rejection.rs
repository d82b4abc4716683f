//! The errors sign-in answers with: every one a JSON `{code, msg}` with a code from
//! [`crate::code`].

use crate::error::{code, ApiError};

use super::session::SessionError;

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
        code::SERVICE_UNAVAILABLE,
        format!("{platform} sign-in is not configured: set {keys}"),
    )
}

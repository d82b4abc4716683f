//! What a route that calls upstream services can answer because of them (its handler
//! takes `Upstreams`, or sign-in's platform calls), for the manifest. A new way for an
//! upstream call to fail that answers a new status adds it here.

use crate::error::code;
use crate::error::{ErrorStatus, Statuses};

pub(crate) fn statuses(out: &mut Statuses) {
    // `UpstreamError` answers these two (`From<UpstreamError> for ApiError`).
    out.add(ErrorStatus::coded(
        code::UPSTREAM_ERROR,
        "An upstream service failed",
    ));
    out.add(ErrorStatus::coded(
        code::UPSTREAM_TIMEOUT,
        "An upstream service did not answer in time",
    ));
    // Not called at all (`upstream::policy`): an open circuit breaker or a full bulkhead.
    out.add(ErrorStatus::coded(
        code::SERVICE_UNAVAILABLE,
        "An upstream service is unavailable: its circuit breaker is open or it is at capacity (see Retry-After)",
    ));
}

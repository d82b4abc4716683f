//! What a route that calls upstream services can answer because of them (its handler
//! takes `Upstreams`, or sign-in's platform calls), for the manifest. A new way for an
//! upstream call to fail that answers a new status adds it here.

use crate::error::code;
use crate::manifest::{ErrorStatus, Statuses};

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
}

//! The statuses a route can answer besides its success, collected from what serves it:
//! the rejection types of its extractors (each states its own, see
//! `DocumentedRejection`), the router and server around it, and the errors its handler
//! declares. Nothing here lists which statuses a route has; the route's parts do.

pub(crate) use crate::error::{ErrorBody, ErrorStatus, Statuses};

/// hyper answers a request head over `[limits] header_bytes` before any route runs.
const HEAD_TOO_LARGE: ErrorStatus = ErrorStatus {
    status: 431,
    meaning: "Request head over its limit (answered before routing, no body)",
    body: ErrorBody::Empty,
};

/// What the server answers around any route, its own router's or a merged one's: the
/// limits stage (time, query string), hyper's head limit, a caught panic.
pub(crate) fn around_every_route(out: &mut Statuses) {
    use crate::extract::LimitRejection;
    // The limits stage (`pipeline::limits`) refuses these two; each states its status.
    for refusal in [
        LimitRejection::Timeout { ms: 0 },
        LimitRejection::QueryTooLong { len: 0, limit: 0 },
    ] {
        let (code, meaning) = refusal.documented();
        out.add(ErrorStatus::coded(code, meaning));
    }
    out.add(HEAD_TOO_LARGE);
    crate::error::panic::statuses(out);
}

/// What a lambda (or a built-in endpoint in the lambdas' router) can answer besides its
/// handler's own: reading its path and query, the router's 404 and 405, and the server.
pub(crate) fn around_a_lambda(out: &mut Statuses) {
    out.rejection::<crate::extract::PathRejection>();
    out.rejection::<crate::extract::QueryRejection>();
    crate::error::fallback::statuses(out);
    around_every_route(out);
}

/// A route of a router merged beside the lambdas: axum answers a wrong method with a bare
/// 405 (with `Allow`), the server the rest.
pub(crate) fn around_a_merged_route(out: &mut Statuses) {
    out.add(ErrorStatus {
        status: 405,
        meaning: "Method not allowed (no body; `Allow` lists the methods)",
        body: ErrorBody::Empty,
    });
    around_every_route(out);
}

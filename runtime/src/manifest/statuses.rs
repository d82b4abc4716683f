//! The statuses a route can answer besides its success, collected from what serves it:
//! the rejection types of its extractors (each states its own, see
//! `DocumentedRejection`), the router and server around it, and the errors its handler
//! declares. Nothing here lists which statuses a route has; the route's parts do.

use std::collections::BTreeMap;

use crate::error::ErrorCode;

/// How an error status is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorBody {
    /// `{code, msg}` as JSON.
    ApiError,
    /// No body (hyper's 431, axum's bare 405, a merged router's own answers).
    Empty,
}

/// One status and what it means to a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ErrorStatus {
    pub status: u16,
    pub meaning: &'static str,
    pub body: ErrorBody,
}

impl ErrorStatus {
    /// A `{code, msg}` answer with `code`'s status.
    pub(crate) const fn coded(code: ErrorCode, meaning: &'static str) -> ErrorStatus {
        ErrorStatus {
            status: code.status.as_u16(),
            meaning,
            body: ErrorBody::ApiError,
        }
    }
}

/// A type whose values a route can answer with as errors (an extractor's rejection, a
/// failure of what the handler calls), stating every status and what it means.
pub(crate) trait DocumentedRejection {
    /// Adds each status it can answer with.
    fn statuses(out: &mut Statuses);
}

/// A route's error statuses in status order. The first meaning stated for a status is
/// the one documented: what serves every route is collected first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Statuses(BTreeMap<u16, ErrorStatus>);

impl Statuses {
    /// Adds `status` unless it is already there.
    pub(crate) fn add(&mut self, status: ErrorStatus) {
        self.0.entry(status.status).or_insert(status);
    }

    /// Every status `R` can answer with.
    pub(crate) fn rejection<R: DocumentedRejection>(&mut self) {
        R::statuses(self);
    }

    pub(crate) fn get(&self, status: u16) -> Option<&ErrorStatus> {
        self.0.get(&status)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &ErrorStatus> {
        self.0.values()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_meaning_of_a_status_is_kept() {
        let mut out = Statuses::default();
        out.add(ErrorStatus::coded(crate::code::CONFLICT, "first"));
        out.add(ErrorStatus::coded(crate::code::CONFLICT, "second"));
        out.add(ErrorStatus::coded(crate::code::BAD_REQUEST, "bad"));
        let listed: Vec<(u16, &str)> = out.iter().map(|s| (s.status, s.meaning)).collect();
        assert_eq!(listed, [(400, "bad"), (409, "first")]);
    }
}

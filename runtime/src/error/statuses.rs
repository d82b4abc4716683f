//! What a route can answer besides its success, as the code that answers states it: each
//! rejection type and failure lists its statuses through [`DocumentedRejection`], and the
//! manifest collects them per route (`manifest::statuses`). Here, below both, so the types
//! that fail need not know the manifest.

use std::collections::BTreeMap;

use super::ErrorCode;

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

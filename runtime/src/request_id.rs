//! `x-request-id`: taken from the request (or created), echoed on the response, carried
//! in the request's tracing span and extensions, forwarded to upstream services, and named
//! in hidden 5xx bodies so a client report can be matched with the log line. The layer
//! that sets it is `pipeline::request_id`.

use std::convert::Infallible;
use std::fmt;

use axum::extract::FromRequestParts;
use http::request::Parts;
use http::{HeaderName, HeaderValue};

/// The header name, `x-request-id`.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served; also an extractor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Made here: kept inline, so a request without an id allocates only its response header.
    Generated([u8; 36]),
    /// Sent by the client (checked to be short, visible ASCII).
    Given(HeaderValue),
}

impl RequestId {
    /// A fresh random id in UUID v4 form.
    pub fn generate() -> RequestId {
        let mut bits = fastrand::u128(..);
        // Version 4 and the RFC 4122 variant, so tools that parse UUIDs accept it.
        bits = (bits & !(0xf << 76)) | (0x4 << 76);
        bits = (bits & !(0b11 << 62)) | (0b10 << 62);
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [b'-'; 36];
        let mut at = 0;
        for (i, byte) in bits.to_be_bytes().into_iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                at += 1;
            }
            text[at] = HEX[usize::from(byte >> 4)];
            text[at + 1] = HEX[usize::from(byte & 0xf)];
            at += 2;
        }
        RequestId(Repr::Generated(text))
    }

    /// A client's id when it is short, visible ASCII; else the id of the request this one
    /// runs inside (a batch call); else a new one.
    pub(crate) fn for_request(value: Option<&HeaderValue>) -> RequestId {
        value
            .filter(|v| {
                let bytes = v.as_bytes();
                !bytes.is_empty() && bytes.len() <= 128 && bytes.iter().all(u8::is_ascii_graphic)
            })
            .map(|v| RequestId(Repr::Given(v.clone())))
            .or_else(current)
            .unwrap_or_else(RequestId::generate)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // Both forms only ever hold visible ASCII.
        match &self.0 {
            Repr::Generated(text) => std::str::from_utf8(text).unwrap_or_default(),
            Repr::Given(value) => value.to_str().unwrap_or_default(),
        }
    }

    /// The id as a header value (on the response, and to upstream services). Marked
    /// sensitive: an id is unique to its request, so HTTP/2's HPACK would insert each into
    /// its dynamic table and evict an entry every time (1.15x axum's instructions with 16
    /// streams a connection); a sensitive value goes as a literal that is never indexed.
    pub fn to_header(&self) -> HeaderValue {
        let mut value = match &self.0 {
            Repr::Generated(text) => {
                HeaderValue::from_bytes(text).expect("hex and dashes are a valid header")
            }
            Repr::Given(value) => value.clone(),
        };
        value.set_sensitive(true);
        value
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(current().unwrap_or_else(RequestId::generate))
    }
}

/// What the task serving a request knows about it.
#[derive(Clone)]
pub(crate) struct Scope {
    pub(crate) id: RequestId,
    pub(crate) expose_internal: bool,
}

tokio::task_local! {
    pub(crate) static SCOPE: Scope;
}

/// The id of the request this task serves, if it runs under the request-id layer.
pub fn current() -> Option<RequestId> {
    SCOPE.try_with(|s| s.id.clone()).ok()
}

/// Whether 5xx messages go to clients: the app's setting inside a request, the build
/// profile outside one.
pub(crate) fn exposes_internal() -> bool {
    SCOPE
        .try_with(|s| s.expose_internal)
        .unwrap_or(cfg!(debug_assertions))
}

/// The scope of the request being served, to re-enter where its response body is made
/// after the handler returned (a stream's items), so errors name the request and
/// upstream calls forward its id.
#[derive(Clone)]
pub(crate) struct ScopeSnapshot(Option<Scope>);

impl ScopeSnapshot {
    /// The current request's scope, if any.
    pub(crate) fn take() -> ScopeSnapshot {
        ScopeSnapshot(SCOPE.try_with(Scope::clone).ok())
    }

    /// Runs `future` inside the captured scope.
    #[cfg_attr(not(feature = "ws"), allow(dead_code))]
    pub(crate) async fn run<F: std::future::Future>(self, future: F) -> F::Output {
        match self.0 {
            Some(scope) => SCOPE.scope(scope, future).await,
            None => future.await,
        }
    }

    /// Runs `f` inside the captured scope.
    pub(crate) fn enter<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(scope) => SCOPE.sync_scope(scope.clone(), f),
            None => f(),
        }
    }
}

/// Runs `f` as if serving a request with id `id`.
#[cfg(test)]
pub(crate) fn scoped_for_test<R>(id: &'static str, f: impl FnOnce() -> R) -> R {
    let scope = Scope {
        id: RequestId(Repr::Given(HeaderValue::from_static(id))),
        expose_internal: false,
    };
    SCOPE.sync_scope(scope, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_uuid_v4() {
        let id = RequestId::generate();
        let parts: Vec<&str> = id.as_str().split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'), "{id}");
        assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(id, RequestId::generate());
    }

    #[test]
    fn client_ids_are_kept_only_when_sane() {
        let kept = RequestId::for_request(Some(&HeaderValue::from_static("abc-123")));
        assert_eq!(kept.as_str(), "abc-123");
        let spaced = RequestId::for_request(Some(&HeaderValue::from_static("a b")));
        assert_ne!(spaced.as_str(), "a b");
        let long = "x".repeat(200);
        let long_id = RequestId::for_request(Some(&HeaderValue::from_str(&long).unwrap()));
        assert_eq!(long_id.as_str().len(), 36);
    }
}

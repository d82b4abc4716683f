//! `x-request-id`: taken from the request (or created), echoed on the response, carried
//! in the request's tracing span and extensions, forwarded to upstream services, and named
//! in hidden 5xx bodies so a client report can be matched with the log line.

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request};
use axum::middleware::Next;
use axum::response::Response;
use http::request::Parts;
use http::{HeaderName, HeaderValue};
use tracing::Instrument;

/// The header name, `x-request-id`.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served; also an extractor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// A fresh random id in UUID v4 form.
    pub fn generate() -> RequestId {
        let hi = fastrand::u64(..);
        let lo = fastrand::u64(..);
        // Version 4 and the RFC 4122 variant, so tools that parse UUIDs accept it.
        let hi = (hi & !0xf000) | 0x4000;
        let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
        RequestId(Arc::from(format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xffff,
            hi & 0xffff,
            lo >> 48,
            lo & 0xffff_ffff_ffff
        )))
    }

    /// Keeps a client's id when it is short, visible ASCII; otherwise makes a new one.
    fn from_header(value: Option<&HeaderValue>) -> RequestId {
        value
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
            .map(|v| RequestId(Arc::from(v)))
            .unwrap_or_else(RequestId::generate)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(RequestId::generate))
    }
}

#[derive(Clone)]
struct Scope {
    id: RequestId,
    expose_internal: bool,
}

tokio::task_local! {
    static SCOPE: Scope;
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

/// The middleware: `axum::middleware::from_fn_with_state(expose_internal, layer)`.
pub(crate) async fn layer(
    axum::extract::State(expose_internal): axum::extract::State<bool>,
    mut request: Request,
    next: Next,
) -> Response {
    let id = RequestId::from_header(request.headers().get(&HEADER));
    let header = HeaderValue::from_str(id.as_str()).expect("ids are visible ASCII");
    request.headers_mut().insert(HEADER, header.clone());
    request.extensions_mut().insert(id.clone());
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path()
    );
    let scope = Scope {
        id,
        expose_internal,
    };
    let mut response = SCOPE.scope(scope, next.run(request)).instrument(span).await;
    response.headers_mut().insert(HEADER, header);
    response
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
        let kept = RequestId::from_header(Some(&HeaderValue::from_static("abc-123")));
        assert_eq!(kept.as_str(), "abc-123");
        let spaced = RequestId::from_header(Some(&HeaderValue::from_static("a b")));
        assert_ne!(spaced.as_str(), "a b");
        let long = "x".repeat(200);
        let long_id = RequestId::from_header(Some(&HeaderValue::from_str(&long).unwrap()));
        assert_eq!(long_id.as_str().len(), 36);
    }
}

//! A streamed response's body (SSE, NDJSON, a streamed batch) carrying its request's server
//! span: the span ends when the body does, or when the client goes away, so its duration is
//! the stream's. Bodies sent whole end their span with the headers and are not wrapped.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use opentelemetry::trace::{Status, TraceContextExt};

use super::span::ServerSpan;

/// See the module docs.
pub(super) struct TracedBody {
    body: Body,
    /// Until the body ends.
    span: Option<ServerSpan>,
}

impl TracedBody {
    pub(super) fn new(body: Body, span: ServerSpan) -> TracedBody {
        TracedBody {
            body,
            span: Some(span),
        }
    }
}

impl http_body::Body for TracedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        // The stream's producer runs here: its upstream calls are children of the span.
        let polled = {
            let _current = this.span.as_ref().map(ServerSpan::attach);
            Pin::new(&mut this.body).poll_frame(cx)
        };
        match &polled {
            Poll::Ready(None) => {
                if let Some(span) = this.span.take() {
                    span.end();
                }
            }
            Poll::Ready(Some(Err(e))) => {
                if let Some(span) = this.span.take() {
                    span.context()
                        .span()
                        .set_status(Status::error(format!("response body failed: {e}")));
                    span.end();
                }
            }
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl Drop for TracedBody {
    fn drop(&mut self) {
        // Dropped before its end: the client went away (or the connection broke).
        if let Some(span) = self.span.take() {
            span.context()
                .span()
                .add_event("client went away", Vec::new());
            span.end();
        }
    }
}

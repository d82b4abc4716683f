//! The response body of a stream: one frame per item in the negotiated format, keep-alives
//! while the producer is quiet, and a last frame saying how it ended. When the server
//! shuts down, streams stop without a last frame (cut off, so clients reconnect to
//! another instance with `Last-Event-ID`), letting graceful shutdown finish.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::Stream;
use http_body::{Body, Frame};
use tokio::time::{Instant, Sleep};

use crate::error::ApiError;
use crate::request_id::ScopeSnapshot;

/// How events are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `text/event-stream`.
    Sse,
    /// `application/x-ndjson`.
    Ndjson,
}

impl Format {
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Format::Sse => "text/event-stream",
            Format::Ndjson => "application/x-ndjson",
        }
    }

    fn item(self, id: u64, json: &[u8]) -> Bytes {
        let mut out = Vec::with_capacity(json.len() + 32);
        match self {
            // serde_json never writes a raw newline, so one `data:` line holds the item.
            Format::Sse => {
                out.extend_from_slice(format!("id: {id}\ndata: ").as_bytes());
                out.extend_from_slice(json);
                out.extend_from_slice(b"\n\n");
            }
            Format::Ndjson => {
                out.extend_from_slice(format!("{{\"id\":\"{id}\",\"data\":").as_bytes());
                out.extend_from_slice(json);
                out.extend_from_slice(b"}\n");
            }
        }
        Bytes::from(out)
    }

    fn error(self, body: &serde_json::Value) -> Bytes {
        Bytes::from(match self {
            Format::Sse => format!("event: api-error\ndata: {body}\n\n"),
            Format::Ndjson => format!("{{\"error\":{body}}}\n"),
        })
    }

    fn end(self) -> Bytes {
        Bytes::from_static(match self {
            Format::Sse => b"event: end\ndata: null\n\n",
            Format::Ndjson => b"{\"end\":true}\n",
        })
    }

    fn keep_alive(self) -> Bytes {
        Bytes::from_static(match self {
            Format::Sse => b":\n\n",
            Format::Ndjson => b"\n",
        })
    }
}

/// Items already serialized to JSON, or the error that ends the stream.
pub(crate) type JsonItems = BoxStream<'static, Result<Vec<u8>, ApiError>>;

/// See the module docs.
pub(crate) struct StreamBody {
    items: JsonItems,
    format: Format,
    next_id: u64,
    keep_alive: Option<Duration>,
    timer: Option<Pin<Box<Sleep>>>,
    done: bool,
    scope: ScopeSnapshot,
    stopping: Pin<Box<dyn Future<Output = ()> + Send>>,
    /// Holds `bffkit_streams_open` up while the stream is sent.
    _open: crate::ops::metrics::Open,
}

impl StreamBody {
    pub(crate) fn new(
        items: JsonItems,
        format: Format,
        first_id: u64,
        keep_alive: Option<Duration>,
        scope: ScopeSnapshot,
    ) -> StreamBody {
        StreamBody {
            items,
            format,
            next_id: first_id,
            keep_alive,
            timer: None,
            done: false,
            scope,
            stopping: Box::pin(crate::serve::shutting_down()),
            _open: crate::ops::metrics::Open::stream(),
        }
    }

    fn rearm(&mut self) {
        if let (Some(timer), Some(period)) = (&mut self.timer, self.keep_alive) {
            timer.as_mut().reset(Instant::now() + period);
        }
    }
}

impl Body for StreamBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        if this.stopping.as_mut().poll(cx).is_ready() {
            this.done = true;
            return Poll::Ready(None);
        }
        // The handler's code runs here: inside its request's scope.
        let items = &mut this.items;
        let polled = this.scope.enter(|| Pin::new(items).poll_next(cx));
        let frame = match polled {
            Poll::Ready(Some(Ok(json))) => {
                let id = this.next_id;
                this.next_id = this.next_id.saturating_add(1);
                this.rearm();
                this.format.item(id, &json)
            }
            Poll::Ready(Some(Err(error))) => {
                this.done = true;
                let mut body = this.scope.enter(|| {
                    error.log();
                    error.to_json()
                });
                // The status the error would have answered with, had it come first.
                body["status"] = error.status().as_u16().into();
                this.format.error(&body)
            }
            Poll::Ready(None) => {
                this.done = true;
                this.format.end()
            }
            Poll::Pending => {
                let Some(period) = this.keep_alive else {
                    return Poll::Pending;
                };
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(period)));
                if timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                timer.as_mut().reset(Instant::now() + period);
                this.format.keep_alive()
            }
        };
        Poll::Ready(Some(Ok(Frame::data(frame))))
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use http_body_util::BodyExt;

    async fn collect(items: Vec<Result<Vec<u8>, ApiError>>, format: Format) -> String {
        let items = futures_util::stream::iter(items).boxed();
        let body = StreamBody::new(items, format, 7, None, ScopeSnapshot::take());
        let bytes = body.collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn sse_numbers_events_and_ends_with_an_error_event() {
        let text = collect(
            vec![
                Ok(b"{\"n\":1}".to_vec()),
                Err(ApiError::bad_request("no more")),
                Ok(b"unreached".to_vec()),
            ],
            Format::Sse,
        )
        .await;
        assert_eq!(
            text,
            "id: 7\ndata: {\"n\":1}\n\nevent: api-error\ndata: {\"code\":20000,\"msg\":\"no more\",\"status\":400}\n\n"
        );
    }

    #[tokio::test]
    async fn ndjson_tags_lines_and_marks_the_end() {
        let text = collect(vec![Ok(b"1".to_vec()), Ok(b"2".to_vec())], Format::Ndjson).await;
        assert_eq!(
            text,
            "{\"id\":\"7\",\"data\":1}\n{\"id\":\"8\",\"data\":2}\n{\"end\":true}\n"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_producer_gets_keep_alives() {
        let items = futures_util::stream::pending().boxed();
        let mut body = StreamBody::new(
            items,
            Format::Sse,
            0,
            Some(Duration::from_secs(15)),
            ScopeSnapshot::take(),
        );
        let frame = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(&frame[..], b":\n\n");
        let frame = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(&frame[..], b":\n\n");
    }
}

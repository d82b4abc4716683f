//! Streams from lambdas: a handler returns an [`EventStream<T>`] (or a `Result` of one)
//! and bffkit answers it as Server-Sent Events, or as NDJSON when the client asks for
//! `application/x-ndjson`.
//!
//! ```
//! use bffkit::stream::{EventStream, LastEventId};
//!
//! #[bffkit::schema]
//! pub struct Tick {
//!     pub n: u64,
//! }
//!
//! # /* The method macros need the route table an app's build script writes.
//! #[bffkit::get]
//! # */
//! pub async fn ticks(last: LastEventId) -> EventStream<Tick> {
//!     let from = last.resume_from();
//!     EventStream::new(futures_util::stream::iter((from..10).map(|n| Tick { n }))).first_id(from)
//! }
//! # fn main() {}
//! ```
//!
//! What the type decides, not the spelling: the macro answers every return value through
//! [`Responder`](crate::response::Responder), and `EventStream<T>` implements its trait.
//!
//! On the wire (both formats carry the same events):
//! - SSE (`text/event-stream`): `id: <n>` and `data: <item as JSON>` per item; a failed
//!   item ends the stream with `event: api-error` and `data: {code, msg, data?, status}`
//!   (`status`: what the error would have answered as a response), a
//!   finished one with `event: end`. A keep-alive comment (`:`) goes out after
//!   `[stream] keep_alive_ms` without an item. The error event is not named `error`,
//!   which `EventSource` uses for its own connection errors.
//! - NDJSON (`application/x-ndjson`): one object per line, `{"id": "<n>", "data": item}`,
//!   then `{"error": {code, msg, data?, status}}` or `{"end": true}`; an empty line is a keep-alive.
//!
//! A stream that closes without `end` or an error was cut off (the server stopped, a proxy
//! timed out): clients may reconnect with `Last-Event-ID`, which handlers read with
//! [`LastEventId`].
//!
//! Back-pressure: the next item is pulled only when hyper can take another frame, so a
//! slow client slows the producer down instead of growing memory. What is held per stream
//! is one item, hyper's write buffer (a few frames) and the kernel's socket buffer. A
//! client that goes away drops the response body, and with it the handler's stream (its
//! future, its channel receiver, ...), at the latest on the next keep-alive. Shutdown ends
//! open streams without a last frame, so graceful draining finishes and clients reconnect.
//!
//! The request timeout (`[limits] request_timeout_ms`) covers the handler until it
//! returns the stream, not the stream itself. The response envelope does not apply to
//! streams. Streams cannot be batched: such a call answers 400.

mod body;
#[cfg(feature = "match")]
mod checked;
mod describe;
mod event_stream;
mod last_event_id;
mod respond;

pub use event_stream::EventStream;
pub use last_event_id::LastEventId;

pub(crate) use respond::{finish, StreamRequest};

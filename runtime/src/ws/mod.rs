//! WebSockets from lambdas, with typed messages (feature `ws`).
//!
//! A lambda takes the [`WebSocketUpgrade`] extractor and answers with
//! [`WebSocketUpgrade::on_upgrade`]; the session gets a [`Socket<In, Out>`] that reads
//! JSON messages into `In` and writes `Out` as JSON text frames:
//!
//! ```
//! use bffkit::ws::{Socket, WebSocketUpgrade};
//!
//! #[bffkit::schema]
//! pub struct Say {
//!     pub text: String,
//! }
//!
//! #[bffkit::schema]
//! pub struct Echo {
//!     pub text: String,
//! }
//!
//! # /* The method macros need the route table an app's build script writes.
//! #[bffkit::get]
//! # */
//! pub async fn get(ws: WebSocketUpgrade) -> axum::response::Response {
//!     ws.on_upgrade(|mut socket: Socket<Say, Echo>| async move {
//!         while let Some(message) = socket.recv().await {
//!             let sent = match message {
//!                 Ok(say) => socket.send(&Echo { text: say.text }).await,
//!                 Err(error) => socket.send_error(&error).await,
//!             };
//!             if sent.is_err() { break }
//!         }
//!     })
//! }
//! # fn main() {}
//! ```
//!
//! What applies to an upgrade:
//! - The handshake is an ordinary request through the whole pipeline: request id (also in
//!   the `101` response, and in scope for the session's log lines and upstream calls),
//!   `#[get(auth)]`, CORS, the header limit, the request timeout (for the handshake only).
//! - A message over `[limits] body_bytes` ends the session: the connection is dropped.
//! - On SIGTERM/SIGINT a socket sends a close frame (1001, "server shutting down") from
//!   the `recv` that is waiting or the next `recv` or `send`: `recv` then returns `None`,
//!   `send` an error. Shutdown waits up to 5 s for sessions to end; a session that waits on
//!   something else between sends can `select!` on [`crate::serve::shutting_down`].
//! - WebSockets run over HTTP/1.1 upgrades (HTTP/2's extended CONNECT is not enabled).

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use futures_util::SinkExt;
use http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::request_id::ScopeSnapshot;
use crate::schema::{DocumentArg, OperationDoc};
use crate::serve::shutdown::{self, Session};

/// Close code 1001: the server is going away.
const GOING_AWAY: u16 = 1001;

/// How long `close` waits for the client's close frame, and `recv` to send the reply to one.
const CLOSE_REPLY: std::time::Duration = std::time::Duration::from_secs(1);

/// The request to open a WebSocket (an extractor). Refused with the status axum's
/// `WebSocketUpgrade` gives (400, 405, 426) and a `{code, msg}` body.
pub struct WebSocketUpgrade {
    inner: axum::extract::ws::WebSocketUpgrade,
    max_message_bytes: usize,
}

impl FromRequestParts<AppContext> for WebSocketUpgrade {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        let inner = axum::extract::ws::WebSocketUpgrade::from_request_parts(parts, ctx)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                ApiError::bad_request(format!("websocket: {}", rejection.body_text()))
                    .with_status(status)
            })?;
        Ok(WebSocketUpgrade {
            inner,
            max_message_bytes: ctx.config().limits.body_bytes,
        })
    }
}

/// The manifest lists the route as an upgrade (101) with the handshake's refusals.
impl DocumentArg for WebSocketUpgrade {
    fn document(doc: &mut OperationDoc) {
        doc.websocket = true;
        doc.errors.extend([405, 426]);
    }
}

impl WebSocketUpgrade {
    /// Answers `101 Switching Protocols` and runs `session` on the socket.
    pub fn on_upgrade<In, Out, F, Fut>(self, session: F) -> Response
    where
        In: DeserializeOwned + Send + 'static,
        Out: Serialize + Send + 'static,
        F: FnOnce(Socket<In, Out>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let scope = ScopeSnapshot::take();
        let max = self.max_message_bytes;
        self.inner
            .max_message_size(max)
            .max_frame_size(max)
            .on_upgrade(move |socket| {
                let open = (Session::open(), crate::ops::metrics::Open::websocket());
                scope.run(async move {
                    session(Socket::new(socket)).await;
                    drop(open);
                })
            })
            .into_response()
    }
}

/// An open WebSocket reading `In` and writing `Out`, both as JSON.
pub struct Socket<In, Out> {
    inner: WebSocket,
    closed: bool,
    /// Resolves when shutdown begins: one waiter for the session, not one per message.
    /// Polled only while the socket is open; whoever sees it resolve closes the socket.
    stopping: Pin<Box<dyn Future<Output = ()> + Send>>,
    types: PhantomData<fn(In) -> Out>,
}

impl<In: DeserializeOwned, Out: Serialize> Socket<In, Out> {
    fn new(inner: WebSocket) -> Socket<In, Out> {
        Socket {
            inner,
            closed: false,
            stopping: Box::pin(shutdown::shutting_down()),
            types: PhantomData,
        }
    }

    /// The next message: `Some(Ok(_))` for JSON that reads as `In` (text or binary
    /// frames), `Some(Err(_))` (400, naming the field) for one that doesn't, `None` once
    /// the client closed, the connection failed, or the server is shutting down (then a
    /// close frame 1001 has been sent). Pings are answered and skipped.
    pub async fn recv(&mut self) -> Option<Result<In, ApiError>> {
        loop {
            if self.closed {
                return None;
            }
            let message = tokio::select! {
                biased;
                () = self.stopping.as_mut() => {
                    self.close(GOING_AWAY, "server shutting down").await;
                    return None;
                }
                message = self.inner.recv() => message,
            };
            let bytes = match message {
                Some(Ok(Message::Text(text))) => text.as_bytes().to_vec(),
                Some(Ok(Message::Binary(bytes))) => bytes.to_vec(),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(Message::Close(_))) => {
                    self.closed = true;
                    // tungstenite queued the reply close frame: send it, or the client sees
                    // the connection drop (1006) instead of its close acknowledged.
                    let _ = tokio::time::timeout(CLOSE_REPLY, self.inner.flush()).await;
                    return None;
                }
                Some(Err(_)) | None => {
                    self.closed = true;
                    return None;
                }
            };
            return Some(
                crate::extract::json_located::<In>("message", &bytes).map_err(ApiError::from),
            );
        }
    }

    /// Sends `message` as a JSON text frame; fails once the socket is closed. Once the
    /// server is shutting down it sends the close frame (1001) instead, and fails.
    pub async fn send(&mut self, message: &Out) -> Result<(), ApiError> {
        let text = serde_json::to_string(message)
            .map_err(|e| ApiError::internal(format!("failed to serialize a message: {e}")))?;
        self.send_text(text).await
    }

    /// Sends `{"error": {code, msg, data?}}`, e.g. for a message that did not read.
    pub async fn send_error(&mut self, error: &ApiError) -> Result<(), ApiError> {
        let text = serde_json::json!({ "error": error.to_json() }).to_string();
        self.send_text(text).await
    }

    /// Sends a close frame and waits (up to a second in all, a client too slow to take
    /// the frame included) for the client's, as RFC 6455's closing handshake asks, so the
    /// frame is read before the connection goes.
    pub async fn close(&mut self, code: u16, reason: &str) {
        if self.closed {
            return;
        }
        self.closed = true;
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let handshake = async {
            if self.inner.send(Message::Close(Some(frame))).await.is_err() {
                return;
            }
            while let Some(Ok(message)) = self.inner.recv().await {
                if let Message::Close(_) = message {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(CLOSE_REPLY, handshake).await;
    }

    async fn send_text(&mut self, text: String) -> Result<(), ApiError> {
        if self.closed {
            return Err(ApiError::bad_request("the WebSocket is closed"));
        }
        // A session that only sends never calls `recv`, so its sends watch for shutdown,
        // also while one waits on a slow client.
        let sent = tokio::select! {
            biased;
            () = self.stopping.as_mut() => None,
            sent = self.inner.send(Message::Text(text.into())) => Some(sent),
        };
        match sent {
            Some(sent) => {
                sent.map_err(|e| ApiError::bad_request(format!("the WebSocket is closed: {e}")))
            }
            None => {
                self.close(GOING_AWAY, "server shutting down").await;
                Err(ApiError::bad_request(
                    "the WebSocket is closed: server shutting down",
                ))
            }
        }
    }
}

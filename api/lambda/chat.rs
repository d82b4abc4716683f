//! `GET /api/chat` (WebSocket): a lambda that accepts a WebSocket with typed messages.
//! Each `{"text": ..}` is answered `{"echo": .., "n": <count>}`; a message that does not
//! read is answered `{"error": {code, msg}}` naming the field, and the session goes on.

use axum::response::Response;
use bffkit::ws::{Socket, WebSocketUpgrade};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Say {
    pub text: String,
}

#[derive(Serialize)]
pub struct Echo {
    pub echo: String,
    pub n: u64,
}

/// Echoes chat messages, numbered.
#[bffkit::get]
pub async fn get(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(|mut socket: Socket<Say, Echo>| async move {
        let mut n = 0;
        while let Some(message) = socket.recv().await {
            let sent = match message {
                Ok(say) => {
                    n += 1;
                    socket.send(&Echo { echo: say.text, n }).await
                }
                Err(error) => socket.send_error(&error).await,
            };
            if sent.is_err() {
                break;
            }
        }
    })
}

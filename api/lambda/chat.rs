//! `GET /api/chat` (WebSocket): a lambda that accepts a WebSocket with typed messages.
//! Each `{"text": ..}` is answered `{"echo": .., "n": <count>}`; a message that does not
//! read is answered `{"error": {code, msg}}` naming the field, and the session goes on.
//! `{"text": .., "repeat": k}` then echoes it k more times, one every 20 ms, without reading
//! in between: a session that only sends, as a feed does.

use std::time::Duration;

use axum::response::Response;
use bffkit::ws::{Socket, WebSocketUpgrade};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Say {
    pub text: String,
    #[serde(default)]
    pub repeat: u64,
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
                    let mut sent = Ok(());
                    for i in 0..=say.repeat {
                        if i > 0 {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        n += 1;
                        let echo = Echo { echo: say.text.clone(), n };
                        sent = socket.send(&echo).await;
                        if sent.is_err() {
                            break;
                        }
                    }
                    sent
                }
                Err(error) => socket.send_error(&error).await,
            };
            if sent.is_err() {
                break;
            }
        }
    })
}

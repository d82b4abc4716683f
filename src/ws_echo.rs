//! `/ws/echo`: a WebSocket route written with plain axum and merged into the app, to show
//! upgrades pass through bffkit's accept loop and layers. It echoes text frames and says
//! goodbye with a close frame when the server shuts down.

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router {
    Router::new().route("/ws/echo", get(upgrade))
}

async fn upgrade(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(echo)
}

async fn echo(mut socket: WebSocket) {
    loop {
        let message = tokio::select! {
            () = bffkit::serve::shutting_down() => {
                let frame = CloseFrame { code: 1001, reason: "server shutting down".into() };
                let _ = socket.send(Message::Close(Some(frame))).await;
                return;
            }
            message = socket.recv() => message,
        };
        match message {
            Some(Ok(Message::Text(text))) => {
                if socket.send(Message::Text(text)).await.is_err() {
                    return;
                }
            }
            Some(Ok(Message::Close(_)) | Err(_)) | None => return,
            Some(Ok(_)) => {}
        }
    }
}

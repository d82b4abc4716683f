//! `/ws/echo`: a WebSocket route written with plain axum and merged into the app, to show
//! upgrades pass through bffkit's accept loop and layers. It echoes text frames and says
//! goodbye with a close frame when the server shuts down. Described with a `RouteDoc`, so
//! the manifest lists it (as an upgrade, which generated clients leave out).

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use bffkit::{Method, RouteDoc, Routes};
use futures_util::SinkExt;

pub fn routes() -> Routes {
    Routes::new().documented(
        Method::Get,
        "/ws/echo",
        upgrade,
        RouteDoc::new()
            .summary("Echoes text frames back over a WebSocket")
            .websocket(),
    )
}

async fn upgrade(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(echo)
}

async fn echo(mut socket: WebSocket) {
    // Shutdown waits for this session, so the close frame goes out before the exit.
    let _session = bffkit::serve::Session::open();
    loop {
        let message = tokio::select! {
            () = bffkit::serve::shutting_down() => {
                let frame = CloseFrame { code: 1001, reason: "server shutting down".into() };
                if socket.send(Message::Close(Some(frame))).await.is_ok() {
                    // The closing handshake: wait for the client's close frame.
                    let reply = async { while let Some(Ok(m)) = socket.recv().await { if let Message::Close(_) = m { return } } };
                    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), reply).await;
                }
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
            Some(Ok(Message::Close(_))) => {
                // Sends the reply close frame tungstenite queued, completing the handshake.
                let _ = socket.flush().await;
                return;
            }
            Some(Err(_)) | None => return,
            Some(Ok(_)) => {}
        }
    }
}

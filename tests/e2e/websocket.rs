//! WebSockets through bffkit's accept loop and layers: a merged axum route, a lambda with
//! typed messages, the message-size limit, refused handshakes, and close frames on SIGTERM.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

use crate::support::Server;

type Client = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(server: &Server, path: &str) -> (Client, axum::http::HeaderMap) {
    let url = format!("{}{path}", server.base.replacen("http://", "ws://", 1));
    let (socket, response) = connect_async(url).await.expect("websocket handshake");
    assert_eq!(response.status(), 101);
    (socket, response.headers().clone())
}

/// The next data frame as JSON, or the close frame's code.
async fn next(socket: &mut Client) -> Result<Value, Option<CloseCode>> {
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text).unwrap()),
            Some(Ok(Message::Close(frame))) => return Err(frame.map(|f| f.code)),
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return Err(None),
        }
    }
}

#[tokio::test]
async fn a_merged_axum_route_upgrades_through_the_pipeline() {
    let server = Server::demo();
    let (mut socket, headers) = connect(&server, "/ws/echo").await;
    // The handshake went through bffkit's layers: it has a request id.
    assert!(headers.contains_key("x-request-id"), "{headers:?}");
    socket.send(Message::text("ping")).await.unwrap();
    match socket.next().await {
        Some(Ok(Message::Text(text))) => assert_eq!(text.as_str(), "ping"),
        other => panic!("no echo: {other:?}"),
    }
}

#[tokio::test]
async fn a_lambda_speaks_typed_messages() {
    let server = Server::demo();
    let (mut socket, headers) = connect(&server, "/api/chat").await;
    assert!(headers.contains_key("x-request-id"));
    socket
        .send(Message::text(r#"{"text":"hi"}"#))
        .await
        .unwrap();
    assert_eq!(next(&mut socket).await, Ok(json!({ "echo": "hi", "n": 1 })));
    // A message that does not read is answered with an error naming the field...
    socket.send(Message::text(r#"{"text":7}"#)).await.unwrap();
    let error = next(&mut socket).await.unwrap();
    assert_eq!(error["error"]["code"], 20000, "{error}");
    assert!(
        error["error"]["msg"]
            .as_str()
            .unwrap()
            .contains("message.text"),
        "{error}"
    );
    // ...and the session goes on.
    socket
        .send(Message::text(r#"{"text":"again"}"#))
        .await
        .unwrap();
    assert_eq!(
        next(&mut socket).await,
        Ok(json!({ "echo": "again", "n": 2 }))
    );
}

#[tokio::test]
async fn a_client_close_is_answered_with_a_close_frame() {
    let server = Server::demo();
    for (path, message) in [("/ws/echo", "x"), ("/api/chat", r#"{"text":"x"}"#)] {
        let (mut socket, _) = connect(&server, path).await;
        socket.send(Message::text(message)).await.unwrap();
        assert!(matches!(socket.next().await, Some(Ok(Message::Text(_)))));
        socket.close(None).await.unwrap();
        // The closing handshake completes: the server's close frame, not a dropped
        // connection.
        let reply = socket.next().await;
        assert!(
            matches!(reply, Some(Ok(Message::Close(_)))),
            "{path}: {reply:?}"
        );
    }
}

#[tokio::test]
async fn a_message_over_the_body_limit_ends_the_session() {
    let server = Server::start(&[("BFFKIT_BODY_LIMIT", "1024")]);
    let (mut socket, _) = connect(&server, "/api/chat").await;
    let text = format!(r#"{{"text":"{}"}}"#, "a".repeat(4096));
    socket.send(Message::text(text)).await.unwrap();
    let answer = next(&mut socket).await;
    // tungstenite refuses the frame and the connection is dropped.
    assert_eq!(answer, Err(None), "an over-limit message was answered");
}

#[tokio::test]
async fn a_request_that_is_not_an_upgrade_is_refused_with_a_json_error() {
    let server = Server::demo();
    let (status, body) = server.get("/api/chat").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], 20000);
    assert!(
        body["msg"].as_str().unwrap().starts_with("websocket: "),
        "{body}"
    );
}

#[tokio::test]
async fn sigterm_closes_every_socket_with_going_away() {
    let mut server = Server::demo();
    let (mut lambda, _) = connect(&server, "/api/chat").await;
    let (mut merged, _) = connect(&server, "/ws/echo").await;
    // Both sessions are open and answering.
    lambda.send(Message::text(r#"{"text":"x"}"#)).await.unwrap();
    assert!(next(&mut lambda).await.is_ok());
    merged.send(Message::text("x")).await.unwrap();
    assert!(merged.next().await.is_some());

    server.terminate();
    assert_eq!(next(&mut lambda).await, Err(Some(CloseCode::Away)));
    assert_eq!(next(&mut merged).await, Err(Some(CloseCode::Away)));
    // The server exits once its sessions are closed.
    let status = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap();
    assert!(status.success(), "{status:?}");
}

/// `kill -TERM` to the server.
#[tokio::test]
async fn sigterm_closes_a_socket_that_only_sends() {
    let mut server = Server::demo();
    let (mut socket, _) = connect(&server, "/api/chat").await;
    // The lambda echoes this for minutes without reading: it never waits in `recv`.
    socket
        .send(Message::text(r#"{"text":"feed","repeat":100000}"#))
        .await
        .unwrap();
    for n in 1..=3 {
        assert_eq!(
            next(&mut socket).await,
            Ok(json!({ "echo": "feed", "n": n }))
        );
    }
    server.terminate();
    let mut echoes = 0;
    let closed = loop {
        match next(&mut socket).await {
            Ok(echo) => {
                assert_eq!(echo["echo"], "feed", "{echo}");
                echoes += 1;
            }
            Err(code) => break code,
        }
    };
    // Its next send closes it, well within the 5 s shutdown waits for sessions.
    assert_eq!(closed, Some(CloseCode::Away), "after {echoes} more echoes");
    assert!(echoes < 50, "{echoes} echoes after SIGTERM");
    let status = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap();
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn the_manifest_lists_websocket_routes_as_upgrades() {
    let server = Server::demo();
    let (_, manifest) = server.get("/api/_manifest").await;
    let chat = &manifest["paths"]["/api/chat"]["get"];
    assert_eq!(chat["x-bffkit-websocket"], true);
    let responses = chat["responses"].as_object().unwrap();
    assert!(
        responses.contains_key("101") && !responses.contains_key("200"),
        "{chat}"
    );
    assert!(responses.contains_key("426"), "{chat}");
}

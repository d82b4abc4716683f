//! Sign-in and sessions end to end: the demo app against fake WeChat and Alipay servers
//! and real SQLite files and Redis servers.

mod access_token;
mod alipay;
mod api_key;
mod at_rest;
mod cookie;
pub(crate) mod fake_alipay;
pub(crate) mod fake_platform;
pub(crate) mod fake_wechat;
mod manifest;
mod readiness;
pub(crate) mod redis_server;
mod sessions;
mod stores;
mod wechat;
mod wechat_data;

use serde_json::{json, Value};

use crate::support::{send, Server};

/// Starts the demo with `env`.
pub fn start(env: &[(&str, String)]) -> Server {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Server::start(&env)
}

/// A fresh path under the system temp dir.
pub fn temp_path(name: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "bffkit-auth-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// `POST {path}` with a JSON body.
pub async fn post_json(s: &Server, path: &str, body: Value) -> (u16, Value) {
    send(reqwest::Client::new().post(s.url(path)).json(&body)).await
}

/// `POST {path}` with a bearer token.
pub async fn post_with_token(s: &Server, path: &str, token: &str) -> (u16, Value) {
    send(reqwest::Client::new().post(s.url(path)).bearer_auth(token)).await
}

/// `GET /api/me` with a bearer token.
pub async fn me(s: &Server, token: &str) -> (u16, Value) {
    send(
        reqwest::Client::new()
            .get(s.url("/api/me"))
            .bearer_auth(token),
    )
    .await
}

/// Signs in through WeChat with `code`: the token.
pub async fn wechat_login(s: &Server, code: &str) -> String {
    let (status, body) = post_json(s, "/api/auth/wechat/login", json!({ "code": code })).await;
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().expect("a token").to_owned()
}

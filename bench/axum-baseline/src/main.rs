//! The benchmark baseline: the same endpoints as `bench/bffkit-app`, written by hand on
//! raw axum, so that the difference between the two is bffkit's overhead.
//!
//! - `GET /api/user/{id}?fields=name,email`: a small JSON object;
//! - `POST /api/echo`: a JSON body checked by hand (`name` 1–50 chars, `age` 0–150, `tags`);
//! - `POST /api/echo-match`: the same, and the output checked again before it is sent
//!   (what bffkit's `#[api(match)]` does with response validation on);
//! - `GET /api/sleep?ms=N`: answers after `ms` milliseconds (capped at 5 s);
//! - `GET /api/page/{id}`: the BFF fan-out (d), with reqwest (`page.rs`);
//! - `GET /api/ticks?count=N&every_ms=M`: Server-Sent Events on axum's `Sse` (`ticks.rs`).
//!
//! Binds `127.0.0.1:$PORT` (default 8080), serves HTTP/1.1 and cleartext HTTP/2 (prior
//! knowledge) like bffkit, and prints `listening on http://ADDR`.

mod page;
mod ticks;

use std::time::Duration;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Deserialize)]
struct Fields {
    fields: Option<String>,
}

#[derive(Serialize)]
struct User {
    id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct Person {
    name: String,
    age: i64,
    tags: Vec<String>,
}

/// A 400 with the `{code, msg}` body every stack in the benchmark answers with.
fn bad_request(msg: impl Into<String>) -> Response {
    let body = json!({ "code": 20000, "msg": msg.into() });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

async fn user(Path(id): Path<u64>, query: Result<Query<Fields>, QueryRejection>) -> Response {
    let Query(query) = match query {
        Ok(query) => query,
        Err(e) => return bad_request(format!("query: {e}")),
    };
    let fields = query.fields.as_deref().unwrap_or("name,email");
    let wants = |field: &str| fields.split(',').any(|f| f == field);
    Json(User {
        id,
        name: wants("name").then(|| format!("User {id}")),
        email: wants("email").then(|| format!("user{id}@example.com")),
    })
    .into_response()
}

fn check(person: &Person, part: &str) -> Result<(), String> {
    let len = person.name.chars().count();
    if !(1..=50).contains(&len) {
        return Err(format!(
            "{part}.name: must be 1 to 50 characters, got {len}"
        ));
    }
    if !(0..=150).contains(&person.age) {
        return Err(format!(
            "{part}.age: must be between 0 and 150, got {}",
            person.age
        ));
    }
    Ok(())
}

/// The body, parsed and checked; `Err` is the message of the 400.
fn parse(body: Result<Json<Person>, JsonRejection>) -> Result<Person, String> {
    let Json(person) = body.map_err(|e| format!("data: {}", e.body_text()))?;
    check(&person, "data")?;
    Ok(person)
}

async fn echo(body: Result<Json<Person>, JsonRejection>) -> Response {
    match parse(body) {
        Ok(person) => Json(person).into_response(),
        Err(msg) => bad_request(msg),
    }
}

async fn echo_match(body: Result<Json<Person>, JsonRejection>) -> Response {
    let person = match parse(body) {
        Ok(person) => person,
        Err(msg) => return bad_request(msg),
    };
    match check(&person, "response") {
        Ok(()) => Json(person).into_response(),
        Err(msg) => {
            let body = json!({ "code": 40001, "msg": msg });
            (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
        }
    }
}

#[derive(Deserialize)]
struct Delay {
    ms: u64,
}

async fn sleep(Query(delay): Query<Delay>) -> Json<serde_json::Value> {
    let ms = delay.ms.min(5000);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    Json(json!({ "slept_ms": ms }))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new()
        .route("/api/user/{id}", get(user))
        .route("/api/echo", post(echo))
        .route("/api/echo-match", post(echo_match))
        .route("/api/sleep", get(sleep))
        .route("/api/page/{id}", get(page::page))
        .route("/api/ticks", get(ticks::ticks))
        .with_state(page::Upstreams::from_env());
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "axum-baseline: listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app).await
}

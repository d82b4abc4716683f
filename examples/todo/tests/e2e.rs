//! The Todo example end to end: the real `todo` binary against an in-process fake WeChat,
//! on SQLite (a temporary file) and, when `TODO_TEST_DATABASE_URL` is set (scripts/test
//! starts a throwaway cluster), on PostgreSQL with the same assertions.

#[path = "../src/fake_wechat.rs"]
#[allow(dead_code)]
mod fake_wechat;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

/// The todo binary on a free port, killed on drop.
struct App {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn fake_wechat() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, fake_wechat::router()).await });
    format!("http://{addr}")
}

fn start(database_url: &str, wechat: &str) -> App {
    let mut child = Command::new(env!("CARGO_BIN_EXE_todo"))
        .env("PORT", "0")
        .env("HOST", "127.0.0.1")
        .env("DATABASE_URL", database_url)
        .env("BFFKIT_WECHAT_BASE_URL", wechat)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the todo binary");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if !sent {
                if let Some(addr) = line.strip_prefix("bffkit: listening on ") {
                    let _ = tx.send(addr.to_owned());
                    sent = true;
                }
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the todo app printed its listening line");
    App {
        child,
        base,
        http: reqwest::Client::new(),
    }
}

impl App {
    async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn sign_in(&self, code: &str) -> String {
        let (status, body) = self
            .call(
                "POST",
                "/api/auth/wechat/login",
                None,
                Some(json!({ "code": code })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().expect("a token").to_owned()
    }

    async fn contents(&self, token: &str) -> Vec<(String, bool)> {
        let (status, body) = self.call("GET", "/api/todos", Some(token), None).await;
        assert_eq!(status, 200, "{body}");
        body.as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["content"].as_str().unwrap().to_owned(),
                    t["done"].as_bool().unwrap(),
                )
            })
            .collect()
    }

    async fn add(&self, token: &str, content: &str) -> i64 {
        let (status, body) = self
            .call(
                "POST",
                "/api/todos",
                Some(token),
                Some(json!({ "content": content })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["content"], content);
        assert_eq!(body["done"], false);
        body["id"].as_i64().unwrap()
    }
}

/// A user name unique to this run, so runs against a shared PostgreSQL don't see each other.
fn unique(name: &str) -> String {
    format!("{name}-{}-{}", std::process::id(), fastrand_suffix())
}

fn fastrand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

async fn todo_flow(app: &App) {
    let alice = app.sign_in(&unique("alice")).await;
    let bob = app.sign_in(&unique("bob")).await;

    let milk = app.add(&alice, "buy milk").await;
    let docs = app.add(&alice, "write docs").await;
    let extra = app.add(&alice, "call mum").await;
    assert_eq!(
        app.contents(&alice).await,
        [
            ("buy milk".into(), false),
            ("write docs".into(), false),
            ("call mum".into(), false)
        ]
    );

    // Complete one.
    let (status, body) = app
        .call(
            "PATCH",
            &format!("/api/todos/{milk}"),
            Some(&alice),
            Some(json!({ "done": true })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["removed"], false);
    assert_eq!(body["todo"]["done"], true);
    assert_eq!(body["todo"]["content"], "buy milk");

    // An update to empty content goes through the remove logic: the todo disappears.
    let (status, body) = app
        .call(
            "PATCH",
            &format!("/api/todos/{docs}"),
            Some(&alice),
            Some(json!({ "content": "" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({ "todo": null, "removed": true }));
    let (status, _) = app
        .call(
            "PATCH",
            &format!("/api/todos/{docs}"),
            Some(&alice),
            Some(json!({ "done": true })),
        )
        .await;
    assert_eq!(status, 404, "the emptied todo is gone");

    // Remove one.
    let (status, body) = app
        .call("DELETE", &format!("/api/todos/{extra}"), Some(&alice), None)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({ "id": extra, "removed": true }));
    assert_eq!(app.contents(&alice).await, [("buy milk".into(), true)]);

    // Another user sees none of it and can touch none of it.
    assert_eq!(app.contents(&bob).await, []);
    for (method, body) in [
        ("PATCH", Some(json!({ "content": "mine now" }))),
        ("PATCH", Some(json!({ "content": "" }))),
        ("DELETE", None),
    ] {
        let (status, answer) = app
            .call(method, &format!("/api/todos/{milk}"), Some(&bob), body)
            .await;
        assert_eq!(status, 404, "{method} by another user: {answer}");
        assert_eq!(answer["code"], 20005);
    }
    assert_eq!(app.contents(&alice).await, [("buy milk".into(), true)]);

    // The deprecated route still answers the same list.
    let (status, body) = app.call("GET", "/api/todos/all", Some(&alice), None).await;
    assert_eq!(status, 200);
    assert_eq!(body.as_array().unwrap().len(), 1);

    // Bad input is a 4xx naming the field; no session is a 401.
    let (status, body) = app
        .call(
            "POST",
            "/api/todos",
            Some(&alice),
            Some(json!({ "content": 5 })),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["msg"].as_str().unwrap().contains("content"), "{body}");
    let (status, body) = app.call("GET", "/api/todos", None, None).await;
    assert_eq!(status, 401, "{body}");
    let (status, _) = app
        .call(
            "POST",
            "/api/auth/wechat/login",
            None,
            Some(json!({ "code": "invalid" })),
        )
        .await;
    assert_eq!(status, 401, "WeChat's invalid code is refused");
}

#[tokio::test]
async fn todos_on_sqlite() {
    let dir = std::env::temp_dir().join(format!(
        "todo-e2e-{}-{}",
        std::process::id(),
        fastrand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("todo.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let wechat = fake_wechat().await;
    {
        let app = start(&url, &wechat);
        todo_flow(&app).await;
        let (status, body) = app.call("GET", "/readyz", None, None).await;
        assert_eq!(status, 200, "{body}");
    }
    assert!(file.exists(), "the SQLite file was created");
    // Data survives a restart: the file was migrated once and is reused.
    let app = start(&url, &wechat);
    let (status, _) = app.call("GET", "/healthz", None, None).await;
    assert_eq!(status, 200);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn todos_on_postgres() {
    let Ok(url) = std::env::var("TODO_TEST_DATABASE_URL") else {
        eprintln!("todos_on_postgres: TODO_TEST_DATABASE_URL is not set; scripts/test sets it");
        return;
    };
    let wechat = fake_wechat().await;
    let app = start(&url, &wechat);
    todo_flow(&app).await;
    let (status, body) = app.call("GET", "/readyz", None, None).await;
    assert_eq!(status, 200, "{body}");
    // A second instance on the same database (migrations already applied) sees the data.
    let again = start(&url, &wechat);
    todo_flow(&again).await;
}

#[tokio::test]
async fn docs_playground_lists_the_todo_routes() {
    let dir = std::env::temp_dir().join(format!(
        "todo-docs-{}-{}",
        std::process::id(),
        fastrand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("todo.db").display());
    let app = start(&url, &fake_wechat().await);
    let response = reqwest::get(format!("{}/api/_docs", app.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("\"/api/todos/{id}\""));
    assert!(
        html.contains("use GET /api/todos"),
        "the deprecation reason is shown"
    );
    let (_, manifest) = app.call("GET", "/api/_manifest", None, None).await;
    assert_eq!(
        manifest["paths"]["/api/todos/all"]["get"]["deprecated"],
        true
    );
    assert!(manifest["paths"]["/api/todos"]["post"]["description"].is_string());
    // `CurrentUser` in a `match` route documents the 401.
    assert!(manifest["paths"]["/api/todos"]["get"]["responses"]["401"].is_object());
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}

//! The app binary's command line, and serving on a configured address.

use std::process::Command;

use crate::support::Server;

fn demo(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .args(args)
        .output()
        .expect("run the demo binary")
}

#[test]
fn routes_json_lists_method_path_and_file() {
    let output = demo(&["routes", "--json"]);
    assert!(output.status.success());
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("routes --json is JSON");
    let has = |method: &str, path: &str, file: &str| {
        rows.iter()
            .any(|r| r["method"] == method && r["path"] == path && r["file"] == file)
    };
    assert!(has("GET", "/api", "api/lambda/index.rs"));
    assert!(has("GET", "/api/user", "api/lambda/user/index.rs"));
    assert!(has("GET", "/api/user/list", "api/lambda/user/list.rs"));
    assert!(has(
        "GET",
        "/api/user/{username}/info",
        "api/lambda/user/[username]/info.rs"
    ));
    assert!(has(
        "POST",
        "/api/user/username/{action}",
        "api/lambda/user/username/[action].rs"
    ));
    assert!(has(
        "GET",
        "/api/files/{*path}",
        "api/lambda/files/[...path].rs"
    ));
    assert!(!rows
        .iter()
        .any(|r| r["file"].as_str().unwrap().contains("_utils")));
    // `*.test.rs` files are never routes; `test.rs` and `foo_test.rs` are.
    assert!(!rows
        .iter()
        .any(|r| r["file"].as_str().unwrap().ends_with(".test.rs")));
    assert!(has("GET", "/api/port/test", "api/lambda/port/test.rs"));
}

#[test]
fn routes_json_marks_responses_without_a_schema() {
    let output = demo(&["routes", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let row = |method: &str, path: &str| {
        rows.iter()
            .find(|r| r["method"] == method && r["path"] == path)
            .unwrap_or_else(|| panic!("{method} {path} not listed"))
            .clone()
    };
    // `-> serde_json::Value`: the manifest can say nothing about it.
    assert_eq!(row("GET", "/api/methods")["response_schema"], false);
    assert_eq!(row("GET", "/api/hello")["response_schema"], true);
    assert_eq!(row("GET", "/api/hello")["documented"], true);
}

#[test]
fn start_up_warns_about_each_response_without_a_schema() {
    let server = Server::demo();
    let output = server.output();
    let warning = output
        .split("bffkit: warning: ")
        .find(|part| part.contains("no JSON Schema"))
        .unwrap_or_else(|| panic!("no warning about responses without a schema:\n{output}"));
    assert!(
        warning.lines().any(|l| l.contains("GET")
            && l.contains("/api/methods")
            && l.contains("api/lambda/methods.rs")),
        "{warning}"
    );
    assert!(
        !warning.lines().any(|l| l.contains("/api/hello ")),
        "{warning}"
    );
}

/// The demo merges a router built with `bffkit::Routes` (`src/web.rs`): the page is
/// described, its three scripts are not.
#[tokio::test]
async fn merged_routes_without_a_description_are_flagged() {
    let output = demo(&["routes", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let documented = |path: &str| {
        rows.iter()
            .find(|r| r["method"] == "GET" && r["path"] == path)
            .unwrap_or_else(|| panic!("GET {path} not listed"))["documented"]
            .clone()
    };
    assert_eq!(documented("/"), true);
    for path in ["/app.js", "/api.js", "/_client/{file}"] {
        assert_eq!(documented(path), false, "{path}");
    }

    let server = Server::demo();
    let output = server.output();
    let warning = output
        .split("bffkit: warning: ")
        .find(|part| part.contains("not in the manifest"))
        .unwrap_or_else(|| panic!("no warning about undocumented routes:\n{output}"));
    for path in ["/app.js", "/api.js", "/_client/{file}"] {
        assert!(
            warning
                .lines()
                .any(|l| l.contains("GET") && l.trim_end().ends_with(path)),
            "{path} not in the warning:\n{warning}"
        );
    }
    assert!(
        !warning.lines().any(|l| l.trim_end().ends_with(" /")),
        "{warning}"
    );
    // Flagged, and still served.
    let response = reqwest::get(server.url("/app.js")).await.unwrap();
    assert_eq!(response.status(), 200);
    // The described page is in the manifest the server serves, left out of clients.
    let (status, manifest) = server.get("/api/_manifest").await;
    assert_eq!(status, 200);
    let page = &manifest["paths"]["/"]["get"];
    assert_eq!(page["x-bffkit-internal"], true);
    assert!(page["responses"]["200"]["content"]["text/html"].is_object());
    assert!(manifest["paths"].get("/app.js").is_none());
    // The WebSocket route is described: listed as an upgrade, left out of clients.
    let echo = &manifest["paths"]["/ws/echo"]["get"];
    assert_eq!(echo["x-bffkit-websocket"], true, "{echo}");
    assert!(echo["responses"]["101"].is_object(), "{echo}");
    assert_eq!(documented("/ws/echo"), true);
    assert!(
        !output.contains("App::merge"),
        "the demo merges no opaque router:\n{output}"
    );
}

const MERGE_FIXTURE_MAIN: &str = r#"bffkit::include_routes!();

fn main() -> std::process::ExitCode {
    let legacy = axum::Router::new().route("/legacy/ping", axum::routing::get(|| async { "pong" }));
    bffkit::App::new().merge(legacy).run()
}
"#;

const MERGE_FIXTURE_HELLO: &str = r#"#[bffkit::get]
pub async fn get() -> String {
    "hello".to_owned()
}
"#;

const MERGE_FIXTURE_DISABLED: &str = r#"#[bffkit::get]
pub async fn get() -> String {
    "disabled".to_owned()
}
"#;

/// A small app with a lambda, a handler in a `_` file, and a plain axum router merged with
/// `App::merge`. Returns the app binary and cargo's output.
fn build_merge_fixture() -> (std::path::PathBuf, String) {
    let app = crate::fixture_app::FixtureApp::write(
        "merge-fixture",
        "",
        "axum = { version = \"0.8\", default-features = false }\n",
        MERGE_FIXTURE_MAIN,
        &[
            ("hello.rs", MERGE_FIXTURE_HELLO),
            ("port/_disabled.rs", MERGE_FIXTURE_DISABLED),
        ],
    );
    let output = app.cargo(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "the fixture app does not build:\n{stderr}"
    );
    (app.binary(), stderr)
}

/// An app that merges a plain axum router with `App::merge` (routes bffkit cannot see):
/// `routes --json` gives the router a row with `"documented": false`, start-up warns, and
/// the router still answers. Its build warns about the handler in a `_` file.
#[tokio::test]
async fn a_router_merged_with_app_merge_is_flagged() {
    let (binary, build_output) = build_merge_fixture();
    let warning = build_output
        .lines()
        .find(|l| l.contains("api/lambda/port/_disabled.rs"))
        .unwrap_or_else(|| panic!("no build warning names the `_` file:\n{build_output}"));
    assert!(
        warning.starts_with("warning: merge-fixture@0.1.0: "),
        "{warning}"
    );
    assert!(
        warning.contains("`get` has `#[bffkit::get]` but is not routed")
            && warning.contains("rename it to `api/lambda/port/disabled.rs`"),
        "{warning}"
    );

    let output = Command::new(&binary)
        .args(["routes", "--json"])
        .output()
        .expect("run the fixture app");
    assert!(output.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        rows.iter()
            .any(|r| r["path"] == "/api/hello" && r["documented"] == true),
        "{rows:?}"
    );
    let opaque: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["documented"] == false).collect();
    assert_eq!(opaque.len(), 1, "{rows:?}");
    assert_eq!(opaque[0]["method"], "*");
    assert_eq!(opaque[0]["path"], "*");
    assert_eq!(opaque[0]["opaque"], true);
    assert!(rows.iter().filter(|r| r["opaque"] == true).count() == 1);
    assert!(
        !rows
            .iter()
            .any(|r| r["path"].as_str().unwrap().contains("disabled")),
        "{rows:?}"
    );

    let server = Server::start_binary(binary.to_str().unwrap(), &[]);
    let output = server.output();
    assert!(
        output.lines().any(|l| l
            == "bffkit: warning: 1 router(s) merged with `App::merge` answer routes the \
                manifest cannot list; build them with `bffkit::Routes` and `App::merge_routes`"),
        "{output}"
    );
    let response = reqwest::get(server.url("/legacy/ping")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "pong");
}

#[test]
fn routes_prints_a_table() {
    let output = demo(&["routes"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("GET") && l.contains("/api/user/{username}/info")),
        "{text}"
    );
}

#[test]
fn unknown_arguments_exit_2_with_usage() {
    let output = demo(&["bogus"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage:"));
}

#[test]
fn invalid_port_is_rejected_naming_the_variable() {
    let output = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "http")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("PORT"));
}

#[test]
fn prefix_is_decided_at_build_time() {
    // A run-time file naming another prefix would split the routes from the route table
    // the build wrote (and the macros' messages): the app refuses to start.
    let file = std::env::temp_dir().join(format!("bffkit-prefix-{}.toml", std::process::id()));
    std::fs::write(&file, "[routes]\nprefix = \"/v2\"\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .arg("routes")
        .env("BFFKIT_CONFIG", &file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("built with the prefix `/api`") && stderr.contains("`/v2`"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_drains_in_flight_requests() {
    let mut server = Server::start(&[]);
    let slow = tokio::spawn(reqwest::get(server.url("/api/debug/slow?ms=800")));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    server.terminate();
    let response = slow
        .await
        .unwrap()
        .expect("the in-flight request completes");
    assert_eq!(response.status(), 200);
    assert!(server.wait().success());
}

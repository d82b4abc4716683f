//! An app on bffkit without its default features (`default-features = false`): without
//! `match` it builds without jsonschema and serves, documents and batches as usual; a
//! `match` route in it is one compile error that names the feature, at `match`.

use std::process::Command;

use crate::fixture_app::FixtureApp;
use crate::support::{send, Server};

const MAIN: &str = "bffkit::include_routes!();\n\nfn main() -> std::process::ExitCode {\n    \
                    bffkit::App::new().run()\n}\n";

/// Plain handlers, read with `RequestOption` (serde) and documented with schemars.
const GREET: &str = r#"use bffkit::RequestOption;

#[bffkit::schema]
pub struct Who {
    pub name: String,
}

#[bffkit::schema]
pub struct Greeting {
    pub message: String,
}

#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<Who, ()>) -> Greeting {
    Greeting { message: format!("hello, {}", query.name) }
}

#[bffkit::post]
pub async fn post(RequestOption { data, .. }: RequestOption<(), Who>) -> Greeting {
    Greeting { message: format!("welcome, {}", data.name) }
}
"#;

const SIGNUP: &str = r#"#[bffkit::schema]
pub struct NewUser {
    pub name: String,
}

#[bffkit::api(match = { request: { data: NewUser }, response: NewUser })]
pub async fn post(data: NewUser) -> NewUser {
    data
}
"#;

/// An app on bffkit with `default-features = false`, with `lambdas`.
fn write_app(name: &str, lambdas: &[(&str, &str)]) -> FixtureApp {
    FixtureApp::write(name, "default-features = false", "", MAIN, lambdas)
}

#[tokio::test]
async fn an_app_without_match_builds_without_jsonschema_and_serves() {
    let app = write_app("no-match-app", &[("greet.rs", GREET)]);
    let built = app.cargo(&["build"]);
    assert!(
        built.status.success(),
        "the app does not build:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );

    let tree = app.cargo(&["tree", "--prefix", "none", "--edges", "normal"]);
    assert!(tree.status.success());
    let tree = String::from_utf8_lossy(&tree.stdout);
    assert!(tree.lines().any(|l| l.starts_with("bffkit v")), "{tree}");
    assert!(tree.lines().any(|l| l.starts_with("schemars v")), "{tree}");
    assert!(
        !tree.lines().any(|l| l.starts_with("jsonschema v")),
        "jsonschema is still a dependency:\n{tree}"
    );

    let binary = app.binary();
    let manifest = Command::new(&binary).arg("manifest").output().unwrap();
    assert!(manifest.status.success());
    let manifest: serde_json::Value = serde_json::from_slice(&manifest.stdout).unwrap();
    assert_eq!(
        manifest["paths"]["/api/greet"]["get"]["parameters"][0]["name"],
        "name"
    );

    let server = Server::start_binary(binary.to_str().unwrap(), &[]);
    let (status, body) = server.get("/api/greet?name=Ada").await;
    assert_eq!(
        (status, &body["message"]),
        (200, &"hello, Ada".into()),
        "{body}"
    );
    let client = reqwest::Client::new();
    let (status, body) = send(
        client
            .post(server.url("/api/greet"))
            .json(&serde_json::json!({ "name": "Bo" })),
    )
    .await;
    assert_eq!(
        (status, &body["message"]),
        (200, &"welcome, Bo".into()),
        "{body}"
    );
    // Without validation, a bad body is still refused by serde, naming the field.
    let (status, body) = send(
        client
            .post(server.url("/api/greet"))
            .json(&serde_json::json!({ "name": 1 })),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["msg"].as_str().unwrap().contains("data.name"),
        "{body}"
    );
}

#[test]
fn a_match_route_without_the_match_feature_is_one_compile_error_at_match() {
    let app = write_app(
        "match-without-feature-app",
        &[("greet.rs", GREET), ("signup.rs", SIGNUP)],
    );
    let built = app.cargo(&["build", "--message-format", "short"]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(!built.status.success(), "the app builds:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error: ")).collect();
    // One error, then cargo's "could not compile".
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors[0].contains("api/lambda/signup.rs:6:15: error: `match`")
            && errors[0].contains("add `features = [\"match\"]` to the bffkit dependency"),
        "{stderr}"
    );
}

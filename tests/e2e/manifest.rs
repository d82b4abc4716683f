//! The manifest: printed, served, checked, and valid OpenAPI 3.1.

use std::process::Command;

use serde_json::Value;

use crate::support::Server;

fn demo(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .args(args)
        .output()
        .expect("run the demo binary")
}

fn manifest() -> Value {
    let output = demo(&["manifest"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("manifest is JSON")
}

#[test]
fn every_route_is_in_the_manifest() {
    let doc = manifest();
    assert_eq!(doc["openapi"], "3.1.0");
    let routes: Vec<Value> = serde_json::from_slice(&demo(&["routes", "--json"]).stdout).unwrap();
    for route in routes {
        let path = route["path"].as_str().unwrap().replace("{*", "{");
        let method = match route["method"].as_str().unwrap() {
            // OpenAPI has no `connect` operation; see `port::connect_routes_keep_...`.
            "CONNECT" => "x-bffkit-connect".to_owned(),
            other => other.to_ascii_lowercase(),
        };
        // Exactly the routes marked documented are described.
        assert_eq!(
            doc["paths"][&path][&method].is_object(),
            route["documented"] == true,
            "{method} {path}: documented is {} in routes --json",
            route["documented"]
        );
    }
}

#[test]
fn health_readiness_and_metrics_are_listed_under_the_operations_tag() {
    let doc = manifest();
    assert_eq!(doc["tags"][0]["name"], "operations");
    for path in ["/healthz", "/readyz"] {
        let op = &doc["paths"][path]["get"];
        assert_eq!(op["tags"], serde_json::json!(["operations"]), "{path}");
        assert_eq!(op["x-bffkit-internal"], true, "{path}");
    }
    assert!(statuses(&doc["paths"]["/readyz"]["get"]).contains(&"503".to_owned()));
    // `/metrics` only when metrics are on; all three out when the config says so.
    assert!(doc["paths"].get("/metrics").is_none());
    let with = |env: &[(&str, &str)]| -> Value {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"));
        command.arg("manifest").envs(env.iter().copied());
        serde_json::from_slice(&command.output().unwrap().stdout).unwrap()
    };
    let metrics = with(&[("BFFKIT_METRICS", "1")]);
    assert_eq!(
        metrics["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
            .as_object()
            .map(|c| c.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["text/plain".to_owned()])
    );
    let left_out = with(&[("BFFKIT_METRICS", "1"), ("BFFKIT_MANIFEST_OPERATIONS", "0")]);
    for path in ["/healthz", "/readyz", "/metrics"] {
        assert!(left_out["paths"].get(path).is_none(), "{path}");
    }
    assert!(left_out.get("tags").is_none());
}

#[test]
fn schemas_docs_and_params_come_from_the_handlers() {
    let doc = manifest();
    let get = &doc["paths"]["/api/hello"]["get"];
    assert_eq!(get["operationId"], "getHello");
    assert_eq!(
        get["summary"],
        "Greets the `name` in the query string, or the world."
    );
    assert_eq!(get["parameters"][0]["in"], "query");
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Greeting"
    );
    let post = &doc["paths"]["/api/hello"]["post"];
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/HelloData"
    );
    let info = &doc["paths"]["/api/user/{username}/info"]["get"];
    assert_eq!(info["operationId"], "getUserInfoByUsername");
    assert_eq!(
        info["parameters"][0],
        serde_json::json!({ "name": "username", "in": "path", "required": true, "schema": { "type": "string" } })
    );
    let files = &doc["paths"]["/api/files/{path}"]["get"];
    assert_eq!(files["parameters"][0]["x-bffkit-catch-all"], true);
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
    assert_eq!(
        get["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ApiError"
    );
}

#[test]
fn manifest_is_valid_openapi_3_1() {
    let file = std::env::temp_dir().join(format!("bffkit-manifest-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec_pretty(&manifest()).unwrap()).unwrap();
    let output = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("python3");
    let _ = std::fs::remove_file(&file);
    assert!(
        output.status.success(),
        "openapi-spec-validator rejected the manifest (run scripts/setup to install it):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn committed_manifest_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/api.json");
    let output = demo(&["manifest", "--check", path]);
    assert!(
        output.status.success(),
        "api.json is stale; run `cargo run -q -- manifest > api.json`:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn stale_manifest_fails_with_a_diff() {
    let mut doc = manifest();
    doc["paths"]["/api/hello"]["get"]["operationId"] = "renamed".into();
    let file = std::env::temp_dir().join(format!("bffkit-stale-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let output = demo(&["manifest", "--check", file.to_str().unwrap()]);
    let _ = std::fs::remove_file(&file);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("-        \"operationId\": \"renamed\",")
            && stderr.contains("+        \"operationId\": \"getHello\","),
        "{stderr}"
    );
}

#[tokio::test]
async fn manifest_is_served_in_debug_builds_and_can_be_turned_off() {
    let server = Server::demo();
    let (status, body) = server.get("/api/_manifest").await;
    assert_eq!(status, 200);
    assert_eq!(body["openapi"], "3.1.0");
    assert_eq!(
        body["paths"]["/api/_manifest"]["get"]["x-bffkit-internal"],
        true
    );
    let off = Server::start(&[("BFFKIT_MANIFEST", "0")]);
    assert_eq!(off.get("/api/_manifest").await.0, 404);
}

fn statuses(op: &Value) -> Vec<String> {
    op["responses"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// Bad requests of every kind the framework refuses, sent to the running demo: each
/// status it answers is among the documented responses of the operation that answered,
/// with the documented body (`ApiError` JSON, or none). So the manifest fails here when a
/// route can answer a status it does not list.
#[tokio::test]
async fn every_status_the_server_answers_is_documented_for_its_operation() {
    let doc = manifest();
    // A short request timeout, so a slow call answers 408; a small body limit, so an
    // oversized body fits the socket buffers and is all written before the early 413.
    let server = Server::start(&[
        ("BFFKIT_REQUEST_TIMEOUT_MS", "300"),
        ("BFFKIT_BODY_LIMIT", "1000"),
    ]);
    let client = reqwest::Client::new();
    let post_hello = || client.post(server.url("/api/hello"));
    let calls: Vec<(&str, &str, u16, reqwest::RequestBuilder)> = vec![
        ("get", "/api/hello", 414, client.get(server.url(&format!("/api/hello?name={}", "a".repeat(9000))))),
        ("get", "/api/hello", 431, client.get(server.url("/api/hello")).header("x-big", "a".repeat(20_000))),
        ("post", "/api/hello", 400, post_hello().header("content-type", "application/json").body("{")),
        ("post", "/api/hello", 413, post_hello().header("content-type", "application/json").body(vec![b' '; 2000])),
        ("post", "/api/hello", 415, post_hello().header("content-type", "text/plain").body("hi")),
        ("get", "/api/item/{level}/{id}", 400, client.get(server.url("/api/item/x/1"))),
        ("get", "/api/user/list", 400, client.get(server.url("/api/user/list?page=-1"))),
        ("get", "/api/me", 401, client.get(server.url("/api/me"))),
        ("get", "/api/debug/fail", 409, client.get(server.url("/api/debug/fail"))),
        ("get", "/api/debug/panic", 500, client.get(server.url("/api/debug/panic"))),
        ("get", "/api/debug/slow", 408, client.get(server.url("/api/debug/slow?ms=2000"))),
        ("post", "/api/_batch", 413, client.post(server.url("/api/_batch")).json(&serde_json::json!({ "calls": vec![serde_json::json!({ "method": "GET", "path": "/api/hello" }); 51] }))),
        ("post", "/api/_batch", 415, client.post(server.url("/api/_batch")).header("content-type", "text/plain").body("{}")),
        ("post", "/api/_batch", 400, client.post(server.url("/api/_batch")).json(&serde_json::json!({ "calls": [{ "path": "/api/hello" }] }))),
        // bffkit's own routes, described where they are served: sign-in inside the app's
        // router (JSON 405), the health routes beside it (axum's bare 405).
        ("post", "/api/auth/refresh", 405, client.get(server.url("/api/auth/refresh"))),
        ("post", "/api/auth/logout", 401, client.post(server.url("/api/auth/logout"))),
        ("post", "/api/auth/wechat/login", 400, client.post(server.url("/api/auth/wechat/login")).json(&serde_json::json!({}))),
        ("post", "/api/auth/wechat/login", 415, client.post(server.url("/api/auth/wechat/login")).header("content-type", "text/plain").body("{}")),
        ("get", "/healthz", 405, client.post(server.url("/healthz"))),
        ("get", "/api/_manifest", 405, client.post(server.url("/api/_manifest"))),
    ];
    for (method, path, expected, request) in calls {
        let response = request.send().await.expect("an answer");
        let status = response.status().as_u16();
        let has_body = !response.bytes().await.unwrap().is_empty();
        assert_eq!(status, expected, "{method} {path}");
        let documented = &doc["paths"][path][method]["responses"][status.to_string()];
        assert!(
            documented.is_object(),
            "{method} {path} answered {status}, which its operation does not document: {}",
            doc["paths"][path][method]["responses"]
        );
        let error_body = &documented["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(
            error_body == "#/components/schemas/ApiError",
            has_body,
            "{method} {path} {status}: the documented body is {documented}"
        );
    }
    // A route whose parts cannot refuse a body does not claim it may.
    let hello = statuses(&doc["paths"]["/api/hello"]["get"]);
    assert!(!hello.contains(&"413".to_owned()), "{hello:?}");
}

#[test]
fn a_body_is_optional_exactly_when_an_empty_one_is_accepted() {
    let doc = manifest();
    let required = |path: &str| doc["paths"][path]["post"]["requestBody"]["required"].clone();
    // `Value` accepts the `null` an empty JSON body reads as; text accepts "".
    assert_eq!(required("/api/echo"), Value::Bool(false));
    assert_eq!(required("/api/note"), Value::Bool(false));
    // A struct does not accept `null`: POST /api/add without a body is a 400.
    assert_eq!(required("/api/add"), Value::Bool(true));
    assert_eq!(required("/api/upload"), Value::Bool(true));
}

#[tokio::test]
async fn fixed_width_integers_carry_their_range_and_the_server_accepts_all_of_it() {
    let doc = manifest();
    let params = &doc["paths"]["/api/user/list"]["get"]["parameters"];
    assert_eq!(params[0]["name"], "page");
    assert_eq!(params[0]["schema"]["minimum"], 0);
    assert_eq!(params[0]["schema"]["maximum"], u64::from(u32::MAX));
    let item = &doc["paths"]["/api/item/{level}/{id}"]["get"]["parameters"];
    assert_eq!(item[0]["schema"]["maximum"], 255);
    assert_eq!(item[1]["schema"]["maximum"], u64::MAX);
    // A stricter bound the type declares stays.
    let shop = &doc["paths"]["/api/shop/{shop}/orders"]["get"]["parameters"][0]["schema"];
    assert_eq!(
        (&shop["minimum"], &shop["maximum"]),
        (&1.into(), &u32::MAX.into())
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["Delay"]["properties"]["ms"]["maximum"], u64::MAX);
    assert_eq!(schemas["AddData"]["properties"]["a"]["minimum"], i64::MIN);
    assert_eq!(schemas["AddData"]["properties"]["b"]["maximum"], i64::MAX);

    // The documented maximum is accepted, one past it is not.
    let server = Server::demo();
    let max = u32::MAX;
    let (status, body) = server
        .get(&format!("/api/user/list?page={max}&size={max}"))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = server
        .get(&format!("/api/user/list?page={}", u64::from(max) + 1))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["msg"].as_str().unwrap().contains("page"), "{body}");
}

#[tokio::test]
async fn declared_errors_are_listed_per_operation_and_answered_as_declared() {
    let doc = manifest();
    // `match` route: `errors: [TODO_EXISTS]`.
    let todo = &doc["paths"]["/api/todo"]["post"];
    assert_eq!(
        todo["x-bffkit-errors"],
        serde_json::json!([{ "status": 409, "code": 21001, "name": "TODO_EXISTS" }])
    );
    assert_eq!(
        todo["responses"]["409"]["description"],
        "Conflict (codes: 21001 TODO_EXISTS)"
    );
    // Plain handler: `#[bffkit::get(errors(code::NOT_FOUND))]`.
    let item = &doc["paths"]["/api/item/{level}/{id}"]["get"];
    assert_eq!(
        item["x-bffkit-errors"],
        serde_json::json!([{ "status": 404, "code": 20005, "name": "NOT_FOUND" }])
    );
    // A status declared without a code says so: clients may see any code with it.
    assert_eq!(
        doc["paths"]["/api/debug/fail"]["get"]["x-bffkit-errors"],
        serde_json::json!([{ "status": 409 }])
    );
    assert!(doc["paths"]["/api/hello"]["get"]
        .get("x-bffkit-errors")
        .is_none());

    let server = Server::demo();
    let title = format!("declared-{}", std::process::id());
    let post = || {
        reqwest::Client::new()
            .post(server.url("/api/todo"))
            .json(&serde_json::json!({ "title": title }))
            .send()
    };
    assert_eq!(post().await.unwrap().status(), 200);
    let again = post().await.unwrap();
    assert_eq!(again.status(), 409);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["code"], 21001, "{body}");
    let (status, body) = server.get("/api/item/1/0").await;
    assert_eq!(
        (status, &body["code"]),
        (404, &Value::from(20005)),
        "{body}"
    );
}

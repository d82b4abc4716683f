//! AWS Lambda adapter: real API Gateway (HTTP and REST APIs) and ALB events, read from
//! `tests/fixtures/lambda/`, go through `lambda_http`'s own adapter (what `lambda_http::run`
//! calls per event) into a bffkit app, and the Lambda responses are checked as JSON.
//!
//! Run with `cargo test -p bffkit --features lambda --test lambda`.

use axum::extract::Path;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use bffkit::serve::lambda::{service, Stage};
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use serde_json::{json, Value};

/// An app with a path-param route and a JSON echo, behind every bffkit layer.
fn app() -> Router {
    let routes = Router::new()
        .route(
            "/api/user/{name}/info",
            get(
                |Path(name): Path<String>, uri: axum::http::Uri| async move {
                    Json(json!({ "name": name, "query": uri.query() }))
                },
            ),
        )
        .route(
            "/api/echo",
            post(|headers: HeaderMap, Json(data): Json<Value>| async move {
                let kind = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                (
                    [("x-echo", "yes")],
                    Json(json!({ "data": data, "type": kind })),
                )
            }),
        );
    bffkit::App::new()
        .merge(routes)
        .try_into_router()
        .expect("the test app assembles")
}

/// Feeds one fixture event through the adapter; the Lambda response as JSON.
async fn invoke(fixture: &str, stage: Stage) -> Value {
    let path = format!(
        "{}/tests/fixtures/lambda/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let event: LambdaRequest =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{fixture} is an HTTP event: {e}"));
    let mut adapter = Adapter::from(service(app(), stage));
    let response = adapter
        .call(LambdaEvent::new(event, Context::default()))
        .await
        .expect("the router never fails");
    serde_json::to_value(response).expect("a Lambda response serializes")
}

fn body_json(response: &Value) -> Value {
    assert_eq!(
        response["isBase64Encoded"], false,
        "JSON goes back as text: {response}"
    );
    let body = response["body"].as_str().expect("a text body");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON body ({e}): {body}"))
}

#[tokio::test]
async fn http_api_stage_is_stripped_and_path_params_bind() {
    let response = invoke("apigw-v2-stage-path-param.json", Stage::Strip).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        body_json(&response),
        json!({ "name": "alice", "query": "lang=zh" })
    );
    assert_eq!(response["headers"]["content-type"], "application/json");
    // The request id the client sent comes back.
    assert_eq!(response["headers"]["x-request-id"], "req-v2-stage");
}

#[tokio::test]
async fn http_api_stage_kept_in_the_path_matches_no_route() {
    let response = invoke("apigw-v2-stage-path-param.json", Stage::Keep).await;
    assert_eq!(response["statusCode"], 404, "{response}");
    let body = body_json(&response);
    assert!(
        body["msg"]
            .as_str()
            .is_some_and(|m| m.contains("/prod/api/user/alice/info")),
        "the 404 names the path: {body}"
    );
}

#[tokio::test]
async fn rest_api_routes_on_the_path_without_its_stage() {
    let response = invoke("apigw-rest-path-param.json", Stage::Strip).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        body_json(&response),
        json!({ "name": "bob", "query": "lang=en" })
    );
}

#[tokio::test]
async fn http_api_post_with_a_plain_json_body() {
    let response = invoke("apigw-v2-post-json.json", Stage::Strip).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(response["headers"]["x-echo"], "yes");
    assert_eq!(
        body_json(&response),
        json!({ "data": { "title": "插画 plain", "count": 2 }, "type": "application/json" })
    );
}

#[tokio::test]
async fn http_api_post_with_a_base64_json_body() {
    let response = invoke("apigw-v2-post-json-base64.json", Stage::Strip).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        body_json(&response),
        json!({ "data": { "title": "插画 base64", "count": 3 }, "type": "application/json" })
    );
}

#[tokio::test]
async fn alb_post_with_a_json_body() {
    let response = invoke("alb-post-json.json", Stage::Keep).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        body_json(&response),
        json!({ "data": { "title": "from alb", "count": 1 }, "type": "application/json" })
    );
    // ALB responses carry a status description.
    assert_eq!(response["statusDescription"], "200 OK");
}

#[tokio::test]
async fn alb_unknown_path_is_a_json_404() {
    let response = invoke("alb-not-found.json", Stage::Strip).await;
    assert_eq!(response["statusCode"], 404, "{response}");
    let body = body_json(&response);
    assert!(body["code"].is_number(), "{{code,msg}}: {body}");
    assert!(
        body["msg"]
            .as_str()
            .is_some_and(|m| m.contains("/api/no/such/route")),
        "{body}"
    );
}

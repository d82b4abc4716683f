//! The sign-in routes and the security schemes in the manifest.

use serde_json::{json, Value};

use super::fake_wechat::FakeWechat;
use super::{post_json, post_with_token, start};

#[tokio::test]
async fn sign_in_routes_and_security_are_in_the_manifest() {
    let s = start(&[]);
    let (status, doc) = s.get("/api/_manifest").await;
    assert_eq!(status, 200);
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        (&schemes["bearer"]["type"], &schemes["bearer"]["scheme"]),
        (&json!("http"), &json!("bearer")),
        "{schemes}"
    );
    assert_eq!(schemes["apiKey"]["in"], "header");
    assert_eq!(schemes["apiKey"]["name"], "x-api-key");
    assert!(
        schemes.get("cookie").is_none(),
        "the demo has no cookie mode: {schemes}"
    );

    let paths = &doc["paths"];
    let login = &paths["/api/auth/wechat/login"]["post"];
    assert_eq!(login["operationId"], "wechatLogin");
    assert_eq!(login["security"], json!([]));
    assert_eq!(login["x-bffkit-unbatched"], true);
    assert_eq!(
        login["requestBody"]["content"]["application/json"]["schema"]["required"],
        json!(["code"])
    );
    let answer = &login["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(answer["required"], json!(["expires_at", "idle_expires_at"]));
    for status in ["400", "401", "429", "502", "503", "504"] {
        assert!(login["responses"][status].is_object(), "{status}");
    }
    assert_eq!(
        paths["/api/auth/alipay/login"]["post"]["operationId"],
        "alipayLogin"
    );
    for (path, id) in [
        ("/api/auth/refresh", "refresh"),
        ("/api/auth/logout", "logout"),
    ] {
        let op = &paths[path]["post"];
        assert_eq!(op["operationId"], id);
        assert_eq!(op["security"], json!([{ "bearer": [] }]));
        assert!(op["responses"]["401"].is_object());
    }
    // Every lambda route says what it requires.
    assert_eq!(
        paths["/api/me"]["get"]["security"],
        json!([{ "bearer": [] }])
    );
    assert_eq!(paths["/api/hello"]["get"]["security"], json!([]));
    assert_eq!(
        paths["/api/partner/ping"]["get"]["security"],
        json!([{ "apiKey": [] }])
    );
    // So does every other operation, the built-in and merged routes included: none is
    // left to a reader's guess.
    for (path, item) in paths.as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["security"].is_array(),
                "{method} {path} has no `security`"
            );
        }
    }
    for (path, method) in [
        ("/api/_batch", "post"),
        ("/api/_docs", "get"),
        ("/api/_manifest", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/ws/echo", "get"),
    ] {
        assert_eq!(
            paths[path][method]["security"],
            json!([]),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn cookie_mode_adds_the_cookie_scheme_and_set_cookie() {
    let s = start(&[("BFFKIT_SESSION_COOKIE", "1".to_owned())]);
    let (_, doc) = s.get("/api/_manifest").await;
    assert_eq!(
        doc["components"]["securitySchemes"]["cookie"]["name"],
        "bffkit_session"
    );
    assert_eq!(
        doc["paths"]["/api/me"]["get"]["security"],
        json!([{ "bearer": [] }, { "cookie": [] }])
    );
    let ok = &doc["paths"]["/api/auth/wechat/login"]["post"]["responses"]["200"];
    assert!(ok["headers"]["Set-Cookie"].is_object(), "{ok}");
}

/// The schema an operation documents for its 200 answer.
fn answer_schema(doc: &Value, path: &str) -> Value {
    doc["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"].clone()
}

/// `answer` passes `schema`, and has no member the schema does not name.
fn assert_documented(schema: &Value, answer: &Value, what: &str) {
    if let Err(error) = jsonschema::validate(schema, answer) {
        panic!("{what} answered {answer}, which breaks its documented schema {schema}: {error}");
    }
    for key in answer.as_object().expect("an object").keys() {
        assert!(
            schema["properties"].get(key).is_some(),
            "{what} answered `{key}`, which its schema does not document: {schema}"
        );
    }
}

/// What sign-in, refresh and logout really answer is what the manifest says they answer.
#[tokio::test]
async fn sign_in_answers_are_what_the_manifest_documents() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let (_, doc) = s.get("/api/_manifest").await;

    let (status, login) =
        post_json(&s, "/api/auth/wechat/login", json!({ "code": "ok-doc" })).await;
    assert_eq!(status, 200, "{login}");
    assert_documented(
        &answer_schema(&doc, "/api/auth/wechat/login"),
        &login,
        "login",
    );
    let token = login["token"].as_str().unwrap();
    let (status, refreshed) = post_with_token(&s, "/api/auth/refresh", token).await;
    assert_eq!(status, 200, "{refreshed}");
    assert_documented(
        &answer_schema(&doc, "/api/auth/refresh"),
        &refreshed,
        "refresh",
    );
    let token = refreshed["token"].as_str().unwrap();
    let (status, revoked) = post_with_token(&s, "/api/auth/logout", token).await;
    assert_eq!(status, 200, "{revoked}");
    assert_documented(&answer_schema(&doc, "/api/auth/logout"), &revoked, "logout");
}

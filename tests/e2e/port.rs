//! A Modern.js `api/lambda/` tree ported file for file (`api/lambda/port/`): the rules
//! where bffkit and Modern.js agree, served over real HTTP.

use serde_json::json;

use crate::support::{send, Server};

#[tokio::test]
async fn a_file_beside_a_folder_of_the_same_name_routes_both() {
    let s = Server::demo();
    assert_eq!(
        s.get("/api/port/user").await,
        (200, json!({ "file": "port/user.rs" }))
    );
    assert_eq!(
        s.get("/api/port/user/list").await,
        (200, json!({ "file": "port/user/list.rs" }))
    );
    assert_eq!(
        s.get("/api/port/42").await,
        (200, json!({ "file": "port/[id].rs", "id": "42" }))
    );
    let client = reqwest::Client::new();
    assert_eq!(
        send(client.post(s.url("/api/port/42/edit"))).await,
        (200, json!({ "file": "port/[id]/edit.rs", "id": "42" }))
    );
}

#[tokio::test]
async fn only_dot_test_files_are_tests() {
    let s = Server::demo();
    for name in ["test", "tests", "foo_test"] {
        assert_eq!(
            s.get(&format!("/api/port/{name}")).await,
            (200, json!({ "file": format!("port/{name}.rs") })),
            "{name}.rs is a route"
        );
    }
    // `foo.test.rs` is not compiled (it is not Rust), so `foo.test` falls to `[id].rs`.
    assert_eq!(
        s.get("/api/port/foo.test").await,
        (200, json!({ "file": "port/[id].rs", "id": "foo.test" }))
    );
    // `foo.spec.rs` is a route, and wins over `[id].rs` for its own path only.
    assert_eq!(
        s.get("/api/port/foo.spec").await,
        (200, json!({ "file": "port/foo.spec.rs" }))
    );
    assert_eq!(
        s.get("/api/port/foo.spec2").await,
        (200, json!({ "file": "port/[id].rs", "id": "foo.spec2" }))
    );
}

#[tokio::test]
async fn fn_del_is_delete_in_any_case() {
    let s = Server::demo();
    let client = reqwest::Client::new();
    assert_eq!(
        send(client.delete(s.url("/api/port/item"))).await,
        (200, json!({ "method": "DELETE", "function": "del" }))
    );
    assert_eq!(
        send(client.delete(s.url("/api/port/record"))).await,
        (200, json!({ "method": "DELETE", "function": "DEL" }))
    );
    let (status, _) = send(client.get(s.url("/api/port/record"))).await;
    assert_eq!(status, 405, "`fn DEL` serves DELETE only");
}

#[tokio::test]
async fn handlers_in_underscore_files_and_folders_are_not_routed() {
    let s = Server::demo();
    let client = reqwest::Client::new();
    for path in ["/api/port/_disabled", "/api/port/disabled"] {
        // `[id].rs` answers for any other single segment; it is not the disabled file.
        assert_eq!(s.get(path).await.1["file"], "port/[id].rs", "{path}");
    }
    for path in ["/api/port/_off/x", "/api/port/off/x"] {
        let (status, _) = send(client.post(s.url(path))).await;
        assert_eq!(status, 404, "{path}");
    }
}

#[tokio::test]
async fn optional_catch_all_matches_zero_or_more_segments() {
    let s = Server::demo();
    assert_eq!(s.get("/api/port/docs").await, (200, json!({ "rest": "" })));
    assert_eq!(
        s.get("/api/port/docs/a").await,
        (200, json!({ "rest": "a" }))
    );
    assert_eq!(
        s.get("/api/port/docs/a/b%20c").await,
        (200, json!({ "rest": "a/b c" }))
    );
    assert_eq!(
        s.get("/api/port/pages").await,
        (200, json!({ "segments": [], "depth": 0 }))
    );
    assert_eq!(
        s.get("/api/port/pages/guide/intro").await,
        (200, json!({ "segments": ["guide", "intro"], "depth": 2 }))
    );
    // In a `match` route too.
    assert_eq!(s.get("/api/port/wiki").await, (200, json!({ "page": "" })));
    assert_eq!(
        s.get("/api/port/wiki/a/b").await,
        (200, json!({ "page": "a/b" }))
    );
}

#[tokio::test]
async fn query_arrays_are_repeated_keys_in_plain_and_match_routes() {
    let s = Server::demo();
    for route in ["tags", "tags_match"] {
        assert_eq!(
            s.get(&format!("/api/port/{route}?tag=a&tag=b%20c&id=1&id=2"))
                .await,
            (200, json!({ "tag": ["a", "b c"], "id": [1, 2] })),
            "{route}"
        );
        assert_eq!(
            s.get(&format!("/api/port/{route}?tag=one&id=7")).await,
            (200, json!({ "tag": ["one"], "id": [7] })),
            "{route}: one value is an array of one"
        );
        assert_eq!(
            s.get(&format!("/api/port/{route}")).await,
            (200, json!({ "tag": [], "id": null })),
            "{route}: absent arrays"
        );
        let (status, body) = s.get(&format!("/api/port/{route}?id=1&id=x")).await;
        assert_eq!(status, 400, "{route}: {body}");
        assert!(
            body["msg"].as_str().unwrap().contains("query.id"),
            "{route}: {body}"
        );
    }
    let (_, manifest) = s.get("/api/_manifest").await;
    for route in ["/api/port/tags", "/api/port/tags_match"] {
        let params = manifest["paths"][route]["get"]["parameters"]
            .as_array()
            .unwrap();
        for name in ["tag", "id"] {
            let p = params.iter().find(|p| p["name"] == name).unwrap();
            assert_eq!(
                (&p["in"], &p["style"], &p["explode"], &p["required"]),
                (&json!("query"), &json!("form"), &json!(true), &json!(false)),
                "{route} {name}: an empty array is no key, so never required: {p}"
            );
        }
    }
}

#[tokio::test]
async fn connect_routes_keep_the_manifest_valid_openapi() {
    let s = Server::demo();
    let (_, manifest) = s.get("/api/_manifest").await;
    let item = &manifest["paths"]["/api/port/tunnel"];
    assert!(item.get("connect").is_none(), "{item}");
    assert_eq!(
        item["x-bffkit-connect"]["operationId"], "connectPortTunnel",
        "{item}"
    );
    // `manifest::manifest_is_valid_openapi_3_1` runs the validator over this document.
}

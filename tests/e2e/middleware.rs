//! Folder middleware in three folders of the demo (`api/lambda/_middleware.rs`,
//! `admin/_middleware.rs`, `admin/reports/_middleware.rs`), over real HTTP: order,
//! early answers, values for handlers, path parameters, batch calls, and the manifest.

use serde_json::{json, Value};

use crate::support::{send, Server};

const ADMIN: &str = "Bearer admin-ann";

async fn get_as(s: &Server, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(s.url(path));
    if let Some(token) = token {
        request = request.header("authorization", token);
    }
    send(request).await
}

#[tokio::test]
async fn middleware_runs_outermost_first_and_passes_values_and_sees_params() {
    let s = Server::demo();
    assert_eq!(
        get_as(&s, "/api/trace", None).await,
        (200, json!({ "trace": ["root"] })),
        "outside admin/ only the root middleware runs"
    );
    assert_eq!(
        get_as(&s, "/api/admin/users", Some(ADMIN)).await,
        (
            200,
            json!({ "trace": ["root", "admin"], "admin": "ann", "users": ["alice", "bob"] })
        )
    );
    assert_eq!(
        get_as(&s, "/api/admin/reports/2024", Some(ADMIN)).await,
        (
            200,
            json!({ "trace": ["root", "admin", "reports(year=2024)"], "admin": "ann", "year": 2024 })
        )
    );
}

#[tokio::test]
async fn middleware_answers_early() {
    let s = Server::demo();
    for path in ["/api/admin/users", "/api/admin/reports/2024"] {
        assert_eq!(
            get_as(&s, path, None).await,
            (
                401,
                json!({ "code": 20002, "msg": "admin routes need a bearer token" })
            ),
            "{path}"
        );
        assert_eq!(
            get_as(&s, path, Some("Bearer joe")).await,
            (403, json!({ "code": 20003, "msg": "admins only" })),
            "{path}"
        );
    }
    assert_eq!(
        get_as(&s, "/api/admin/reports/1999", Some(ADMIN)).await,
        (
            429,
            json!({ "code": 20011, "msg": "the 1999 report quota is spent" })
        ),
        "the innermost middleware reads the path parameter"
    );
    // The outer middleware answers before the inner one runs.
    assert_eq!(get_as(&s, "/api/admin/reports/1999", None).await.0, 401);
    // `App::layer` (the demo's request counter) is outside: it saw the refused requests.
    let (_, counts) = s.get("/api/debug/requests").await;
    assert_eq!(counts["http"]["/api/admin/users"], 2, "{counts}");
    // Middleware runs after routing: a 404 or 405 is answered without it.
    assert_eq!(get_as(&s, "/api/admin/nope", None).await.0, 404);
    let (status, _) = send(reqwest::Client::new().delete(s.url("/api/admin/users"))).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn batch_calls_go_through_the_same_middleware_as_direct_calls() {
    let s = Server::demo();
    let paths = [
        "/api/trace",
        "/api/admin/users",
        "/api/admin/reports/2023",
        "/api/admin/reports/1999",
    ];
    for token in [None, Some("Bearer joe"), Some(ADMIN)] {
        let calls: Vec<Value> = paths
            .iter()
            .map(|p| json!({ "method": "GET", "path": p }))
            .collect();
        let mut request = reqwest::Client::new()
            .post(s.url("/api/_batch"))
            .header("accept", "application/json")
            .json(&json!({ "calls": calls }));
        if let Some(token) = token {
            request = request.header("authorization", token);
        }
        let (status, lines) = send(request).await;
        assert!(status == 200 || status == 207, "{status} {lines}");
        for (i, path) in paths.iter().enumerate() {
            let line = lines
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["index"] == i)
                .unwrap();
            let direct = get_as(&s, path, token).await;
            assert_eq!(
                (
                    line["status"].as_u64().unwrap() as u16,
                    line["body"].clone()
                ),
                direct,
                "{path} with {token:?}"
            );
        }
    }
}

#[tokio::test]
async fn manifest_lists_middleware_statuses_for_exactly_the_routes_under_it() {
    let s = Server::demo();
    let (_, manifest) = s.get("/api/_manifest").await;
    let statuses = |path: &str| -> Vec<String> {
        manifest["paths"][path]["get"]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} is in the manifest"))
            .keys()
            .cloned()
            .collect()
    };
    let has = |path: &str, status: &str| statuses(path).contains(&status.to_owned());
    for path in ["/api/admin/users", "/api/admin/reports/{year}"] {
        assert!(has(path, "401") && has(path, "403"), "{path}");
        assert_eq!(
            manifest["paths"][path]["get"]["security"],
            json!([{ "adminToken": [] }]),
            "{path}"
        );
        assert_eq!(
            manifest["paths"][path]["get"]["responses"]["403"]["description"],
            "The token is not an admin's"
        );
    }
    assert!(has("/api/admin/reports/{year}", "429"));
    assert_eq!(
        manifest["paths"]["/api/admin/reports/{year}"]["get"]["responses"]["429"]
            ["x-bffkit-middleware"],
        json!([{
            "file": "api/lambda/admin/reports/_middleware.rs",
            "description": "This year's report quota is spent"
        }]),
        "the generated client names the middleware that may answer"
    );
    assert!(
        !has("/api/admin/users", "429"),
        "429 is only under reports/"
    );
    // Every operation of the document: the middleware's statuses and scheme appear exactly
    // under the folders it sits in, and nowhere else.
    let mut covered = Vec::new();
    for (path, item) in manifest["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let mut files: Vec<&str> = op["responses"]
                .as_object()
                .unwrap()
                .values()
                .flat_map(|r| r["x-bffkit-middleware"].as_array().into_iter().flatten())
                .map(|by| by["file"].as_str().unwrap())
                .collect();
            files.sort_unstable();
            files.dedup();
            let mut expected = Vec::new();
            if path.starts_with("/api/admin/") {
                expected.push("api/lambda/admin/_middleware.rs");
            }
            if path.starts_with("/api/admin/reports/") {
                expected.push("api/lambda/admin/reports/_middleware.rs");
            }
            assert_eq!(files, expected, "{method} {path}");
            let needs_admin = op["security"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|alternative| alternative.get("adminToken").is_some());
            assert_eq!(
                needs_admin,
                !expected.is_empty(),
                "{method} {path}: {}",
                op["security"]
            );
            if !expected.is_empty() {
                covered.push(format!("{method} {path}"));
            }
        }
    }
    assert_eq!(
        covered,
        ["get /api/admin/reports/{year}", "get /api/admin/users"],
        "the routes under admin/"
    );
    assert_eq!(
        manifest["components"]["securitySchemes"]["adminToken"],
        json!({ "type": "http", "scheme": "bearer" })
    );
}

//! The docs playground: served in debug builds, self-contained, and switchable off.

use crate::support::Server;

async fn fetch_page(server: &Server) -> (u16, String, String) {
    let response = reqwest::get(server.url("/api/_docs"))
        .await
        .expect("GET /api/_docs");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn docs_page_is_served_with_every_route_and_no_external_assets() {
    let server = Server::demo();
    let (status, content_type, html) = fetch_page(&server).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    // The manifest is embedded, with the routes, their schemas and the deprecations.
    assert!(html.contains("\"/api/hello\""), "the page lists /api/hello");
    assert!(
        html.contains("\"components\""),
        "the page carries the schemas"
    );
    assert!(
        html.contains("x-bffkit-deprecated"),
        "the page carries deprecations"
    );
    assert!(
        html.contains("\"/api/_docs\""),
        "the page lists itself as built in"
    );
    // Script and style are inlined: nothing is loaded from elsewhere.
    assert!(!html.contains("http://"), "no http:// URL in the page");
    assert!(!html.contains("https://"), "no https:// URL in the page");
    assert!(!html.contains("<script src"), "no external script");
    assert!(!html.contains("<link"), "no external stylesheet");

    let (_, manifest) = server.get("/api/_manifest").await;
    assert_eq!(
        manifest["paths"]["/api/_docs"]["get"]["x-bffkit-internal"],
        true
    );
}

#[tokio::test]
async fn docs_page_can_be_turned_off() {
    let off = Server::start(&[("BFFKIT_DOCS", "0")]);
    assert_eq!(fetch_page(&off).await.0, 404);
    let (_, manifest) = off.get("/api/_manifest").await;
    assert!(manifest["paths"]["/api/_docs"].is_null());
}

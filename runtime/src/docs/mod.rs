//! The docs playground at `GET {prefix}/_docs`: one self-contained HTML page (styles and
//! script compiled into the binary, no CDN) that lists every route of the manifest with its
//! schemas and offers a form per route to call it.

use axum::extract::State;
use bffkit_contract::manifest::BuiltinEndpoint;

use crate::merged::{Method, RouteDoc, Routes};

const PAGE: &str = include_str!("assets/index.html");
const STYLE: &str = include_str!("assets/docs.css");
const SCRIPT: &str = include_str!("assets/docs.js");

/// The page, with the manifest embedded in it.
#[derive(Clone)]
pub(crate) struct Page(bytes::Bytes);

impl Page {
    pub(crate) fn new(manifest: &serde_json::Value) -> Page {
        Page(page(manifest).into())
    }
}

/// The `GET` route answering the page, given it as its state.
pub(crate) fn routes(prefix: &str) -> Routes<Page> {
    Routes::default().documented(
        Method::Get,
        &BuiltinEndpoint::Docs.path(prefix),
        |State(Page(body)): State<Page>| async move {
            (
                [
                    (http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (http::header::CACHE_CONTROL, "no-cache"),
                ],
                body,
            )
        },
        RouteDoc::new()
            .summary("The docs playground: every route, its schemas, and a form to call it")
            .response_media("text/html")
            .response_description("The docs playground")
            .internal(),
    )
}

/// The page with its style, script and manifest inlined.
fn page(manifest: &serde_json::Value) -> String {
    PAGE.replace("/*STYLE*/", STYLE)
        .replace("/*SCRIPT*/", SCRIPT)
        .replace("\"MANIFEST\"", &script_safe_json(manifest))
}

/// JSON that cannot close the `<script>` element it sits in: `<`, `>` and `&` as `\u` escapes
/// (still the same JSON value).
fn script_safe_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_manifest_cannot_end_the_script() {
        let page = page(&serde_json::json!({ "x": "</script><script>alert(1)</script>" }));
        assert!(!page.contains("</script><script>alert"));
        assert!(page.contains("\\u003c/script\\u003e"));
    }
}

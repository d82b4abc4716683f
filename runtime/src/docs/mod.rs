//! The docs playground at `GET {prefix}/_docs`: one self-contained HTML page (styles and
//! script compiled into the binary, no CDN) that lists every route of the manifest with its
//! schemas and offers a form per route to call it.

use axum::routing::MethodRouter;

const PAGE: &str = include_str!("assets/index.html");
const STYLE: &str = include_str!("assets/docs.css");
const SCRIPT: &str = include_str!("assets/docs.js");

/// The `GET` route answering the page, with `manifest` embedded in it.
pub(crate) fn route<S: Clone + Send + Sync + 'static>(
    manifest: &serde_json::Value,
) -> MethodRouter<S> {
    let body = page(manifest);
    axum::routing::get(move || {
        let body = body.clone();
        async move {
            (
                [
                    (http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (http::header::CACHE_CONTROL, "no-cache"),
                ],
                body,
            )
        }
    })
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

//! The web frontend at `/`: the files Vite built into `web/dist` (`npm run build` in
//! `examples/todo/web`), read at request time so a frontend rebuild needs no Rust rebuild.
//! `TODO_WEB_DIST` points elsewhere. The page is in the manifest (left out of clients); the
//! assets are not, so start-up and `routes --json` list them as undocumented.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bffkit::{ApiError, Method, RouteDoc, Routes};

const DEFAULT_DIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/web/dist");

pub fn routes() -> Routes {
    Routes::new()
        .documented(
            Method::Get,
            "/",
            || file("index.html".to_owned()),
            RouteDoc::new()
                .summary("The Todo page")
                .response_media("text/html")
                .internal(),
        )
        .route(Method::Get, "/assets/{file}", |Path(name): Path<String>| {
            file(format!("assets/{name}"))
        })
}

async fn file(relative: String) -> Response {
    let name = relative.rsplit('/').next().unwrap_or_default();
    // One plain file name under a fixed folder: no `..`, no hidden files.
    let plain = !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        return ApiError::not_found(format!("no file `{relative}`")).into_response();
    }
    let dist = std::env::var("TODO_WEB_DIST").unwrap_or_else(|_| DEFAULT_DIST.to_owned());
    match tokio::fs::read(format!("{dist}/{relative}")).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(name))], bytes).into_response(),
        Err(_) => ApiError::not_found(format!(
            "no file `{relative}`: build the frontend with `npm run build` in examples/todo/web"
        ))
        .into_response(),
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

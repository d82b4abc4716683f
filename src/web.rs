//! The demo's web page at `/`: three calls through `@bffkit/client`, merged into one batch.
//!
//! `/_client/*.js` serves the client runtime as built by `npm run build` in `clients/ts`
//! (read at request time, so rebuilding the client needs no Rust rebuild).

use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bffkit::ApiError;

const INDEX: &str = include_str!("../web/index.html");
const APP: &str = include_str!("../web/app.js");
const CLIENT_DIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/clients/ts/dist");

pub fn router() -> Router {
    Router::new()
        .route("/", get(|| async { Html(INDEX) }))
        .route("/app.js", get(|| async { javascript(APP.to_owned()) }))
        .route("/_client/{file}", get(client_file))
}

async fn client_file(Path(file): Path<String>) -> Response {
    let stem = file.strip_suffix(".js").unwrap_or("");
    let plain_name = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !plain_name {
        return ApiError::not_found(format!("no client file `{file}`")).into_response();
    }
    // Small files on a demo page: a blocking read is fine here.
    match std::fs::read_to_string(format!("{CLIENT_DIST}/{file}")) {
        Ok(text) => javascript(text),
        Err(_) => ApiError::not_found(format!(
            "no client file `{file}`; run `npm run build` in clients/ts"
        ))
        .into_response(),
    }
}

fn javascript(text: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        text,
    )
        .into_response()
}

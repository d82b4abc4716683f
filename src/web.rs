//! The demo's web page at `/`: three calls through the generated client (`web/api.ts`,
//! from `bffkit client`), merged by `@bffkit/client` into one batch.
//!
//! `/_client/*.js` serves the client runtime as built by `npm run build` in `clients/ts`, and
//! `/api.js` the generated client as compiled by `tsc -p web` (both read at request time, so
//! rebuilding them needs no Rust rebuild; `scripts/setup` builds both).

use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use bffkit::{ApiError, Method, RouteDoc, Routes};

const INDEX: &str = include_str!("../web/index.html");
const APP: &str = include_str!("../web/app.js");
const CLIENT_DIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/clients/ts/dist");
const GENERATED_CLIENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/web/dist/api.js");

/// The page is described in the manifest (left out of generated clients); its scripts are
/// not, so start-up and `routes --json` list them as undocumented.
pub fn routes() -> Routes {
    Routes::new()
        .documented(
            Method::Get,
            "/",
            || async { Html(INDEX) },
            RouteDoc::new()
                .summary("The demo page")
                .response_media("text/html")
                .internal(),
        )
        .route(Method::Get, "/app.js", || async {
            javascript(APP.to_owned())
        })
        .route(Method::Get, "/api.js", generated_client)
        .route(Method::Get, "/_client/{file}", client_file)
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

async fn generated_client() -> Response {
    match std::fs::read_to_string(GENERATED_CLIENT) {
        Ok(text) => javascript(text),
        Err(_) => ApiError::not_found("no generated client; run `tsc -p web` (scripts/setup does)")
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

//! The bffkit demo app: every route comes from a file under `api/lambda/`, plus the
//! sign-in routes under `/api/auth/` (store from `[auth] store`, memory by default) and a
//! web page at `/` that calls three lambdas through the TypeScript client.

mod web;
mod ws_echo;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;

bffkit::include_routes!();

fn main() -> std::process::ExitCode {
    bffkit::App::new()
        .auth(bffkit::auth::Auth::new())
        .merge_routes(web::routes())
        .merge_routes(ws_echo::routes())
        .layer(middleware::from_fn(count_requests))
        .run()
}

/// Test aid: counts HTTP requests and batched calls per path for `GET /api/debug/requests`.
async fn count_requests(request: Request, next: Next) -> Response {
    let batched = request
        .extensions()
        .get::<bffkit::batch::BatchedCall>()
        .is_some();
    lambda::debug::requests::record(request.uri().path(), batched);
    next.run(request).await
}

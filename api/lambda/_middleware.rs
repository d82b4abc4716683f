//! Root folder middleware: wraps every lambda, outermost. A tower layer (any will do);
//! it starts the trace that the middleware below it and the handlers read.

use axum::extract::Request;
use bffkit::Middleware;

/// The folder middleware a request went through, outermost first: each pushes its
/// name, and handlers take it as `axum::Extension<Trace>`.
#[derive(Clone, Debug, Default)]
pub struct Trace(pub Vec<String>);

pub fn middleware() -> Middleware {
    Middleware::layer(tower::util::MapRequestLayer::new(|mut request: Request| {
        request.extensions_mut().insert(Trace(vec!["root".to_owned()]));
        request
    }))
}

//! `admin/` folder middleware: an async function that answers 401 without a bearer
//! token and 403 for a non-admin one, and tells the handlers who the admin is.

use axum::extract::Request;
use axum::response::Response;
use bffkit::middleware::Next;
use bffkit::{code, ApiError, Middleware};
use serde_json::json;

use crate::lambda::_middleware::Trace;

/// The signed-in admin, for handlers under `admin/` (`axum::Extension<Admin>`).
#[derive(Clone, Debug)]
pub struct Admin(pub String);

pub fn middleware() -> Middleware {
    Middleware::from_fn(admin_only)
        .status(401, "No bearer token")
        .status(403, "The token is not an admin's")
        .security("adminToken", json!({ "type": "http", "scheme": "bearer" }))
}

async fn admin_only(mut request: Request, next: Next) -> Result<Response, ApiError> {
    let token = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::new(code::UNAUTHORIZED, "admin routes need a bearer token"))?;
    let Some(name) = token.strip_prefix("admin-") else {
        return Err(ApiError::new(code::FORBIDDEN, "admins only"));
    };
    let name = name.to_owned();
    if let Some(trace) = request.extensions_mut().get_mut::<Trace>() {
        trace.0.push("admin".to_owned());
    }
    request.extensions_mut().insert(Admin(name));
    Ok(next.run(request).await)
}

//! `admin/reports/` folder middleware, innermost: reads the route's `year` parameter and
//! answers 429 for a year whose report quota is spent. Reports are also rate limited here,
//! beside their code: 30 a minute per client address.

use std::time::Duration;

use axum::extract::Request;
use axum::response::Response;
use bffkit::middleware::{path_param, Next};
use bffkit::rate_limit::RateLimit;
use bffkit::{code, ApiError, Middleware};

use crate::lambda::_middleware::Trace;

pub fn middleware() -> Middleware {
    Middleware::from_fn(quota)
        .status(429, "This year's report quota is spent")
        .limit(RateLimit::new("reports", 30, Duration::from_secs(60)))
}

async fn quota(mut request: Request, next: Next) -> Result<Response, ApiError> {
    let year = path_param(&request, "year");
    if year.as_deref() == Some("1999") {
        return Err(ApiError::new(
            code::TOO_MANY_REQUESTS,
            "the 1999 report quota is spent",
        ));
    }
    if let Some(trace) = request.extensions_mut().get_mut::<Trace>() {
        trace.0.push(format!("reports(year={})", year.unwrap_or_default()));
    }
    Ok(next.run(request).await)
}

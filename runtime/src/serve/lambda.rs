//! AWS Lambda (feature `lambda`): the same router answers API Gateway (HTTP and REST APIs)
//! and ALB events through `lambda_http`, instead of binding a port.
//!
//! API Gateway puts the stage in front of the path (`/prod/api/hello`), which no bffkit
//! route matches. With `AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH` set, the app routes on the
//! path without the stage for both API kinds (`lambda_http` alone only stops adding it to
//! REST API paths; HTTP API events carry it in `rawPath`).

use axum::Router;
use lambda_http::request::RequestContext;
use lambda_http::RequestExt;
use tower::util::MapRequest;
use tower::ServiceExt;

/// The variable the Lambda runtime sets: when present, the app serves Lambda events.
pub const RUNTIME_API: &str = "AWS_LAMBDA_RUNTIME_API";

/// The variable that makes the app route on the path without the API Gateway stage.
pub const IGNORE_STAGE: &str = "AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH";

/// What `lambda_runtime` reads at start-up (it panics when one is missing).
pub(crate) const REQUIRED: &[&str] = &[
    RUNTIME_API,
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
];

/// Whether the API Gateway stage stays in the routed path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Route on `/{stage}/api/...`, as `lambda_http` builds it.
    Keep,
    /// Route on `/api/...`.
    Strip,
}

impl Stage {
    /// [`Stage::Strip`] when `AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH` is set.
    pub fn from_env(var: &impl Fn(&str) -> Option<String>) -> Stage {
        if var(IGNORE_STAGE).is_some() {
            Stage::Strip
        } else {
            Stage::Keep
        }
    }
}

/// Whether this process was started by the Lambda runtime.
pub fn detected(var: &impl Fn(&str) -> Option<String>) -> bool {
    var(RUNTIME_API).is_some()
}

/// The service `lambda_http::run` drives: the app's router behind the stage rule.
pub type LambdaService = MapRequest<Router, fn(lambda_http::Request) -> lambda_http::Request>;

/// Wraps an app router for `lambda_http` (its `Adapter` turns events into these requests).
pub fn service(router: Router, stage: Stage) -> LambdaService {
    let map: fn(lambda_http::Request) -> lambda_http::Request = match stage {
        Stage::Keep => std::convert::identity,
        Stage::Strip => strip_stage,
    };
    router.map_request(map)
}

/// Rewrites the request path to the one the client asked for below the stage.
fn strip_stage(mut request: lambda_http::Request) -> lambda_http::Request {
    let path = match request.extensions().get::<RequestContext>() {
        // REST API events carry the path without the stage; `lambda_http` may have added it.
        Some(RequestContext::ApiGatewayV1(_)) => request.raw_http_path().to_owned(),
        Some(RequestContext::ApiGatewayV2(context)) => match context.stage.as_deref() {
            Some(stage) if stage != "$default" => {
                let path = request.uri().path();
                match path.strip_prefix(&format!("/{stage}")) {
                    Some("") => "/".to_owned(),
                    Some(rest) if rest.starts_with('/') => rest.to_owned(),
                    _ => return request,
                }
            }
            _ => return request,
        },
        _ => return request,
    };
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let mut parts = request.uri().clone().into_parts();
    if let Ok(path_and_query) = path_and_query.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(uri) = http::Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    request
}

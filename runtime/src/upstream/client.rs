//! [`Upstreams`] (the extractor) and [`Service`] (one named service): one pooled
//! `reqwest::Client` for the app, a timeout on every attempt, retries for idempotent
//! calls, the request id and chosen headers propagated, a tracing span per call.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{FromRequestParts, MatchedPath};
use http::request::Parts;
use http::{header, HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tracing::Instrument;

use super::breaker::BreakerState;
use super::deadline::Deadline;
use super::error::{UpstreamError, UpstreamFailure};
use super::policy::ServicePolicy;
use super::retry;
use super::telemetry;
use crate::config::{ConfigError, TlsConfig, UpstreamConfig};
use crate::context::AppContext;
use crate::error::ApiError;
use crate::ops::FailureLog;
use crate::request_id;
use crate::schema::{DocumentArg, OperationDoc};

/// Longest stretch of a non-JSON body sent back to clients.
const TEXT_EXCERPT: usize = 4096;

/// The app's upstream services and their shared connection pool.
pub(crate) struct Pool {
    client: reqwest::Client,
    services: HashMap<String, Arc<Spec>>,
    /// Every header some service forwards, so the extractor copies only those.
    forwarded: Vec<HeaderName>,
}

/// One service's resolved settings.
struct Spec {
    name: String,
    base: String,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
    max_body_bytes: usize,
    headers: HeaderMap,
    forward: Vec<HeaderName>,
    /// Circuit breaker, retry budget and bulkhead.
    policy: ServicePolicy,
    /// Logs this service's outages (first failure, summaries, recovery).
    failures: FailureLog,
}

impl Pool {
    /// Checks every service's settings; names the bad key on failure.
    pub(crate) fn build(
        configs: &BTreeMap<String, UpstreamConfig>,
        tls: &TlsConfig,
    ) -> Result<Pool, ConfigError> {
        let client = crate::outbound::client_builder(tls)?
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| ConfigError {
                source: "upstream".to_owned(),
                detail: format!("cannot create the HTTP client: {e}"),
            })?;
        let mut services = HashMap::new();
        let mut forwarded = Vec::new();
        for (name, config) in configs {
            let spec = Spec::build(name, config)?;
            for h in &spec.forward {
                if !forwarded.contains(h) {
                    forwarded.push(h.clone());
                }
            }
            services.insert(name.clone(), Arc::new(spec));
        }
        Ok(Pool {
            client,
            services,
            forwarded,
        })
    }

    /// Each service's breaker state and how often it has opened, for metrics.
    pub(crate) fn breaker_states(&self) -> impl Iterator<Item = (&str, BreakerState, u64)> {
        self.services.iter().map(|(name, spec)| {
            let policy = &spec.policy;
            (
                name.as_str(),
                policy.breaker_state(),
                policy.breaker_openings(),
            )
        })
    }
}

impl Spec {
    fn build(name: &str, config: &UpstreamConfig) -> Result<Spec, ConfigError> {
        let bad = |key: &str, detail: String| ConfigError {
            source: format!("upstream.{name}.{key}"),
            detail,
        };
        let url = reqwest::Url::parse(&config.url)
            .map_err(|e| bad("url", format!("`{}`: {e}", config.url)))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad(
                "url",
                format!("`{}` is not an http(s) URL", config.url),
            ));
        }
        let mut headers = HeaderMap::new();
        for (key, value) in &config.headers {
            let header_name = HeaderName::try_from(key.as_str())
                .map_err(|e| bad("headers", format!("`{key}`: {e}")))?;
            let header_value = HeaderValue::try_from(value.as_str())
                .map_err(|e| bad("headers", format!("`{key}`: {e}")))?;
            headers.insert(header_name, header_value);
        }
        let forward = config
            .forward_headers
            .iter()
            .map(|key| {
                HeaderName::try_from(key.as_str())
                    .map_err(|e| bad("forward_headers", format!("`{key}`: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Spec {
            name: name.to_owned(),
            base: config.url.trim_end_matches('/').to_owned(),
            timeout: Duration::from_millis(config.timeout_ms),
            retries: config.retries,
            backoff: Duration::from_millis(config.backoff_ms),
            max_body_bytes: config.max_body_bytes,
            headers,
            forward,
            policy: ServicePolicy::new(name, config),
            failures: FailureLog::named(format!("upstream {name}")),
        })
    }
}

/// The app's upstream services, bound to the request being served: calls carry its
/// `x-request-id` and forwarded headers.
///
/// An extractor: `pub async fn get(upstreams: Upstreams) -> ...`.
#[derive(Clone)]
pub struct Upstreams {
    pool: Arc<Pool>,
    /// Shared by every service handed out for this request (no copy per call).
    incoming: Arc<HeaderMap>,
    deadline: Deadline,
}

impl Upstreams {
    /// The service configured as `[upstream.<name>]`.
    ///
    /// An unknown name is a server error (500): it is a mistake in the app, not the request.
    pub fn get(&self, name: &str) -> Result<Service, ApiError> {
        match self.pool.services.get(name) {
            Some(spec) => Ok(Service {
                spec: spec.clone(),
                client: self.pool.client.clone(),
                incoming: self.incoming.clone(),
                deadline: self.deadline,
            }),
            None => Err(ApiError::internal(format!(
                "no upstream service `{name}`: add [upstream.{name}] with a `url` to bffkit.toml"
            ))),
        }
    }

    /// The configured service names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pool.services.keys().map(String::as_str)
    }

    /// Each service's circuit breaker state and how many times it has opened, e.g. for a
    /// status page or metrics.
    pub fn breaker_states(&self) -> impl Iterator<Item = (&str, BreakerState, u64)> {
        self.pool.breaker_states()
    }
}

impl DocumentArg for Upstreams {
    fn document(doc: &mut OperationDoc) {
        doc.calls_upstreams = true;
    }
}

impl FromRequestParts<AppContext> for Upstreams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        let pool = ctx
            .state::<Arc<Pool>>()
            .cloned()
            .ok_or_else(|| ApiError::internal("the upstream pool is not set up"))?;
        let mut incoming = HeaderMap::new();
        if let Some(id) = request_id::current() {
            incoming.insert(request_id::HEADER, id.to_header());
        }
        for name in &pool.forwarded {
            for value in parts.headers.get_all(name) {
                incoming.append(name.clone(), value.clone());
            }
        }
        let config = ctx.config();
        let route = parts
            .extensions
            .get::<MatchedPath>()
            .map(MatchedPath::as_str);
        let budget = config
            .deadlines
            .budget(route, config.limits.request_timeout_ms);
        Ok(Upstreams {
            pool,
            incoming: Arc::new(incoming),
            deadline: Deadline::after(budget, Instant::now()),
        })
    }
}

/// One upstream service. Paths are joined to its base URL (`/users/1`).
#[derive(Clone)]
pub struct Service {
    spec: Arc<Spec>,
    client: reqwest::Client,
    incoming: Arc<HeaderMap>,
    deadline: Deadline,
}

impl Service {
    /// `GET path`, decoded as `T`.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, UpstreamError> {
        self.call_json(Method::GET, path, None::<&()>).await
    }

    /// `POST path` with a JSON body, decoded as `T`. Never retried.
    pub async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, UpstreamError> {
        self.call_json(Method::POST, path, Some(body)).await
    }

    /// `PUT path` with a JSON body, decoded as `T`.
    pub async fn put_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, UpstreamError> {
        self.call_json(Method::PUT, path, Some(body)).await
    }

    /// `DELETE path`, decoded as `T` (use `Value` or `()` for an empty answer).
    pub async fn delete_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, UpstreamError> {
        self.call_json(Method::DELETE, path, None::<&()>).await
    }

    /// Any method, with an optional JSON body. Idempotent methods are retried.
    pub async fn call_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, UpstreamError> {
        // `GET /users/1` is formatted only for a failure.
        let fail = |failure| UpstreamError {
            service: self.spec.name.clone(),
            call: format!("{method} {path}"),
            failure,
        };
        let body = match body.map(serde_json::to_vec).transpose() {
            Ok(body) => body,
            Err(e) => {
                return Err(fail(UpstreamFailure::Transport(format!(
                    "cannot encode the body: {e}"
                ))))
            }
        };
        // Debug level, like the request span: at info, creating and formatting the span
        // was about 6% of a three-call fan-out, for no log line (the failure is logged
        // outside it, naming the service and call).
        let span = tracing::debug_span!(
            "upstream",
            service = %self.spec.name,
            call = %format_args!("{method} {path}")
        );
        let call = telemetry::Call::start(&self.spec.name, &method, &self.spec.base, path);
        let result = async {
            let (status, bytes) = self
                .send_with_retries(&call, &method, path, body)
                .await
                .map_err(fail)?;
            call.answered(status);
            decode(status, &bytes).map_err(fail)
        }
        .instrument(span)
        .await;
        call.finish(&self.spec.name, &self.spec.failures, result.as_ref().err());
        result
    }

    async fn send_with_retries(
        &self,
        call: &telemetry::Call,
        method: &Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<(u16, Vec<u8>), UpstreamFailure> {
        let attempts = if retry::is_idempotent(method) {
            self.spec.retries.saturating_add(1)
        } else {
            1
        };
        let url = format!("{}/{}", self.spec.base, path.trim_start_matches('/'));
        let policy = &self.spec.policy;
        policy.start_call();
        let mut attempt = 1;
        let mut previous: Option<super::policy::Answer> = None;
        loop {
            let result = self.attempt(call, method, &url, body.clone()).await;
            let retryable = match &result {
                Ok((status, _)) => *status >= 500 || *status == 429,
                Err(failure) => failure.is_retryable_attempt(),
            };
            if let (Some(previous), Err(UpstreamFailure::CircuitOpen { .. })) = (&previous, &result)
            {
                // A retry the breaker refused: the failure that led to it is the news.
                return previous.clone();
            }
            if !retryable || attempt >= attempts {
                return result;
            }
            let wait = retry::backoff(self.spec.backoff, attempt - 1);
            if !policy.may_retry(&self.deadline, wait) {
                return result;
            }
            tracing::debug!(attempt, ?wait, "retrying upstream call");
            call.retry(&self.spec.name, attempt);
            tokio::time::sleep(wait).await;
            attempt += 1;
            previous = Some(result);
        }
    }

    /// One attempt: the whole exchange, body included, within the timeout.
    async fn attempt(
        &self,
        call: &telemetry::Call,
        method: &Method,
        url: &str,
        body: Option<Vec<u8>>,
    ) -> Result<(u16, Vec<u8>), UpstreamFailure> {
        let mut request = self
            .client
            .request(method.clone(), url)
            .headers(self.spec.headers.clone())
            .header(header::ACCEPT, "application/json");
        for name in &self.spec.forward {
            for value in self.incoming.get_all(name) {
                request = request.header(name, value);
            }
        }
        if let Some(id) = self.incoming.get(&request_id::HEADER) {
            request = request.header(request_id::HEADER, id);
        }
        request = call.inject(request);
        if let Some(body) = body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let limit = self.spec.max_body_bytes;
        let exchange = async move {
            let mut response = request.send().await.map_err(transport)?;
            let status = response.status().as_u16();
            if response
                .content_length()
                .is_some_and(|len| len > limit as u64)
            {
                return Err(UpstreamFailure::TooLarge { status, limit });
            }
            let mut bytes = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                if bytes.len() + chunk.len() > limit {
                    return Err(UpstreamFailure::TooLarge { status, limit });
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok((status, bytes))
        };
        self.spec
            .policy
            .attempt(&self.deadline, self.spec.timeout, exchange)
            .await
    }
}

fn transport(error: reqwest::Error) -> UpstreamFailure {
    if error.is_connect() {
        UpstreamFailure::Connect(crate::outbound::describe(&error))
    } else if error.is_timeout() {
        UpstreamFailure::Timeout(Duration::ZERO)
    } else {
        UpstreamFailure::Transport(crate::outbound::describe(&error))
    }
}

/// A 2xx JSON body as `T`; anything else is a failure carrying the body.
fn decode<T: DeserializeOwned>(status: u16, bytes: &[u8]) -> Result<T, UpstreamFailure> {
    // An empty body reads as `null`, so `()` and `Option<T>` accept 204s.
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null".as_slice()
    } else {
        bytes
    };
    if !(200..300).contains(&status) {
        let body = serde_json::from_slice(bytes).unwrap_or_else(|_| Value::String(excerpt(bytes)));
        return Err(UpstreamFailure::Status { status, body });
    }
    // Straight into `T` on the common path; the `Value` tree and the field path are only
    // built to describe a failure (a tree per call was a quarter of a fan-out's cost).
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let Ok(json) = serde_json::from_slice::<Value>(bytes) else {
        return Err(UpstreamFailure::NotJson {
            status,
            body: excerpt(bytes),
        });
    };
    serde_path_to_error::deserialize(&json).map_err(|e| UpstreamFailure::WrongShape {
        status,
        detail: format!("{}: {}", e.path(), e.inner()),
        body: json.clone(),
    })
}

fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(TEXT_EXCERPT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_sorts_failures() {
        assert_eq!(decode::<u32>(200, b"7").unwrap(), 7);
        assert_eq!(decode::<()>(204, b"").unwrap(), ());
        assert!(matches!(
            decode::<u32>(500, br#"{"e":1}"#),
            Err(UpstreamFailure::Status { status: 500, body }) if body["e"] == 1
        ));
        assert!(matches!(
            decode::<u32>(404, b"nope"),
            Err(UpstreamFailure::Status { status: 404, body }) if body == "nope"
        ));
        assert!(matches!(
            decode::<u32>(200, b"<html>"),
            Err(UpstreamFailure::NotJson { status: 200, .. })
        ));
        let Err(UpstreamFailure::WrongShape { detail, .. }) =
            decode::<Vec<u32>>(200, br#"[1, "x"]"#)
        else {
            panic!("wrong shape expected")
        };
        assert!(detail.starts_with("[1]"), "{detail}");
    }

    #[test]
    fn bad_settings_name_their_key() {
        let mut config = UpstreamConfig::new("http://127.0.0.1:1");
        config
            .headers
            .insert("bad header".to_owned(), "x".to_owned());
        let err = Spec::build("pay", &config).err().unwrap();
        assert_eq!(err.source, "upstream.pay.headers");
    }
}

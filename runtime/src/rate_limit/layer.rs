//! The check of a limited route: each of the route's limits before the route runs, a 429
//! past one, and the `RateLimit` fields on what it admits.
//!
//! A lambda checks its own limits (`app/lambda_service.rs`), with no service of their own
//! around it; [`RateLimitLayer`] puts them around a route only where something must run
//! after them and before the lambda (a folder's middleware), and around the sign-in routes.
//! Routes without limits get neither. With the memory store and keys that need no I/O the
//! decision is taken at once ([`RouteLimits::admit`]) and the route's own future is polled
//! as is; the Redis store and user keys go through one boxed future
//! ([`RouteLimits::admit_later`]).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use futures_util::future::BoxFuture;
use http::request::Parts;
use http::{HeaderName, HeaderValue, Method};
use tower::{Layer, Service};

use super::gcra::{Decision, Gcra};
use super::limiter::{Head, Limiter, Outcome, Subject};
use super::policy::{LimitKey, RateLimit};
use crate::context::AppContext;
use crate::error::{code, ApiError};

const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");
const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");

/// One limit on a route, for some methods or all.
pub(crate) struct Applied {
    pub limit: RateLimit,
    pub gcra: Gcra,
    pub methods: Option<Vec<Method>>,
    /// Its `RateLimit-Policy` item, written once.
    pub policy_item: String,
}

impl Applied {
    pub(crate) fn new(limit: RateLimit, methods: Option<Vec<Method>>) -> Applied {
        Applied {
            gcra: limit.gcra(),
            policy_item: limit.policy_header(),
            limit,
            methods,
        }
    }
}

/// The limits on one route.
pub(crate) struct RouteLimits {
    limiter: Arc<Limiter>,
    applied: Vec<Applied>,
    /// For user keys: the app's sessions.
    ctx: Option<AppContext>,
    /// Decided in `call`: memory store, no user key.
    at_once: bool,
    /// An app key reads the whole `Parts`: only then is the request split for it.
    splits: bool,
    /// `RateLimit-Policy`, written once when every limit covers every method.
    policy_field: Option<HeaderValue>,
    /// Whether admitted answers carry the fields (`fields_on_success`).
    fields_on_success: bool,
}

/// What a route's limits say of a request at once.
pub(crate) enum Admission {
    /// Serve it; its answer carries the fields (none unless `fields_on_success`).
    Admitted(Request, Fields),
    /// The 429.
    Refused(Response),
    /// The store is Redis or a key is the user: [`RouteLimits::admit_later`] decides.
    Later(Request),
}

impl RouteLimits {
    pub(crate) fn new(
        limiter: Arc<Limiter>,
        applied: Vec<Applied>,
        ctx: Option<AppContext>,
    ) -> RouteLimits {
        let at_once = limiter.is_memory()
            && !applied
                .iter()
                .any(|a| matches!(a.limit.key, LimitKey::User));
        let policy_field = applied
            .iter()
            .all(|a| a.methods.is_none())
            .then(|| {
                let items: Vec<&str> = applied.iter().map(|a| a.policy_item.as_str()).collect();
                HeaderValue::from_str(&items.join(", ")).ok()
            })
            .flatten();
        let fields_on_success = limiter.fields_on_success();
        let splits = applied
            .iter()
            .any(|a| matches!(a.limit.key, LimitKey::App(..)));
        RouteLimits {
            limiter,
            applied,
            ctx,
            at_once,
            splits,
            policy_field,
            fields_on_success,
        }
    }

    /// The decision on `request`, when it needs no I/O.
    pub(crate) fn admit(&self, request: Request) -> Admission {
        if !self.at_once {
            return Admission::Later(request);
        }
        let (mut verdict, request) = if self.splits {
            let (parts, body) = request.into_parts();
            let verdict = self.decide_at_once(&Head::of_parts(&parts));
            (verdict, Request::from_parts(parts, body))
        } else {
            (self.decide_at_once(&Head::of_request(&request)), request)
        };
        match verdict.refusal() {
            Some(response) => Admission::Refused(response),
            None => Admission::Admitted(request, verdict.fields()),
        }
    }

    /// The decision on a request [`admit`](Self::admit) left for later: the request to
    /// serve and the fields for its answer, or the answer (429, or 503 from a closed store).
    pub(crate) async fn admit_later(
        &self,
        request: Request,
    ) -> Result<(Request, Fields), Response> {
        let (mut parts, body) = request.into_parts();
        let mut verdict = self.decide(&mut parts).await?;
        match verdict.refusal() {
            Some(response) => Err(response),
            None => Ok((Request::from_parts(parts, body), verdict.fields())),
        }
    }

    fn applies(&self, method: &Method) -> impl Iterator<Item = &Applied> {
        let method = method.clone();
        self.applied.iter().filter(move |a| {
            a.methods
                .as_ref()
                .is_none_or(|methods| methods.contains(&method))
        })
    }

    /// The memory store's verdict, for routes decided in `call`.
    fn decide_at_once(&self, head: &Head<'_>) -> Verdict {
        let Some(table) = self.limiter.memory() else {
            return Verdict::default();
        };
        let mut verdict = Verdict::default();
        for applied in self.applies(head.method) {
            let subject = self.limiter.subject(&applied.limit.key, head);
            let decision =
                self.limiter
                    .check_memory(table, &applied.limit, &applied.gcra, &subject);
            if verdict.add(applied, decision, self) {
                break;
            }
        }
        verdict
    }

    async fn decide(&self, parts: &mut Parts) -> Result<Verdict, Response> {
        let mut verdict = Verdict::default();
        let method = parts.method.clone();
        for applied in self.applies(&method) {
            let subject = match applied.limit.key {
                LimitKey::User => self.user(parts).await,
                _ => self
                    .limiter
                    .subject(&applied.limit.key, &Head::of_parts(parts)),
            };
            match self
                .limiter
                .check(&applied.limit, &applied.gcra, &subject)
                .await
            {
                Outcome::Decided(decision) => {
                    if verdict.add(applied, decision, self) {
                        break;
                    }
                }
                Outcome::StoreFailed if self.limiter.fails_closed() => {
                    return Err(store_unavailable());
                }
                Outcome::StoreFailed => {}
            }
        }
        Ok(verdict)
    }

    /// The signed-in user, else the address. The session is validated once a request:
    /// `CurrentUser` finds the answer in `parts`.
    async fn user(&self, parts: &mut Parts) -> Subject {
        #[cfg(feature = "auth")]
        if let Some(ctx) = &self.ctx {
            if let Some(user) = crate::auth::signed_in_user(parts, ctx).await {
                return Subject::Text(format!("user:{}:{}", user.provider, user.user_id));
            }
        }
        let _ = &self.ctx;
        self.limiter.address(&Head::of_parts(parts))
    }
}

/// What the limits said of one request.
#[derive(Default)]
struct Verdict {
    /// `RateLimit-Policy`: the route's field written once, or (a route whose limits differ
    /// by method) the items of the limits checked.
    policy: Option<HeaderValue>,
    policy_items: String,
    /// `RateLimit`: `name;r=<remaining>;t=<seconds>` of each limit checked.
    values: String,
    /// The refusing limit and how long to wait, in whole seconds.
    refused: Option<(String, u32, u64, u64)>,
}

impl Verdict {
    /// Records one limit's decision; `true` when it refuses (no need to check more).
    fn add(&mut self, applied: &Applied, decision: Decision, route: &RouteLimits) -> bool {
        let limit = &applied.limit;
        let seconds = decision.wait.div_ceil(1_000_000_000).max(1);
        if decision.admitted && !route.fields_on_success {
            return false;
        }
        match &route.policy_field {
            Some(field) => {
                if self.policy.is_none() {
                    self.policy = Some(field.clone());
                }
            }
            None => {
                if !self.policy_items.is_empty() {
                    self.policy_items.push_str(", ");
                }
                self.policy_items.push_str(&applied.policy_item);
            }
        }
        // Written by hand: `format!` costs more than the rest of the check.
        if !self.values.is_empty() {
            self.values.push_str(", ");
        }
        self.values.push_str(&limit.name);
        self.values.push_str(";r=");
        push_number(&mut self.values, u64::from(decision.remaining));
        self.values.push_str(";t=");
        push_number(&mut self.values, seconds);
        if !decision.admitted {
            self.refused = Some((
                limit.name.to_string(),
                limit.requests,
                limit.period_secs,
                seconds,
            ));
        }
        !decision.admitted
    }

    /// The 429, or `None` when admitted.
    fn refusal(&mut self) -> Option<Response> {
        let (name, requests, period, seconds) = self.refused.take()?;
        let mut response = ApiError::new(
            code::TOO_MANY_REQUESTS,
            format!(
                "rate limit `{name}` ({requests} requests per {period} s) reached; retry in {seconds} s"
            ),
        )
        // Batched calls lose their headers: the wait is in the body too.
        .with_data(serde_json::json!({ "retry_after": seconds }))
        .into_response();
        response
            .headers_mut()
            .insert(http::header::RETRY_AFTER, HeaderValue::from(seconds));
        self.stamp(&mut response);
        Some(response)
    }

    fn stamp(&mut self, response: &mut Response) {
        self.fields().stamp(response);
    }

    /// The two fields, as the response will carry them.
    fn fields(&mut self) -> Fields {
        if self.values.is_empty() {
            return Fields::default();
        }
        let policy = self
            .policy
            .take()
            .or_else(|| HeaderValue::try_from(std::mem::take(&mut self.policy_items)).ok());
        // The string becomes the header's bytes without a copy.
        let value = HeaderValue::try_from(std::mem::take(&mut self.values)).ok();
        Fields { policy, value }
    }
}

/// `RateLimit-Policy` and `RateLimit` for an admitted response: all the route's future
/// carries while the route runs.
#[derive(Default)]
pub(crate) struct Fields {
    policy: Option<HeaderValue>,
    value: Option<HeaderValue>,
}

impl Fields {
    /// Whether the answer gets no field (admitted, `fields_on_success` off).
    pub(crate) fn is_empty(&self) -> bool {
        self.policy.is_none() && self.value.is_none()
    }

    pub(crate) fn stamp(self, response: &mut Response) {
        let headers = response.headers_mut();
        if let Some(policy) = self.policy {
            headers.insert(RATELIMIT_POLICY, policy);
        }
        if let Some(value) = self.value {
            headers.insert(RATELIMIT, value);
        }
    }
}

/// Appends `n` in decimal.
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for digit in &digits[at..] {
        out.push(char::from(*digit));
    }
}

/// 503 while the store is down and `on_store_error = "closed"`. Built by hand: an
/// `ApiError` 5xx is logged per request, and the store's state is logged once.
fn store_unavailable() -> Response {
    let status = code::SERVICE_UNAVAILABLE;
    let body = serde_json::json!({
        "code": status.code,
        "msg": "the rate limit store is unavailable; try again shortly",
    });
    let mut response = (status.status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(http::header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Puts [`RateLimited`] around a route.
#[derive(Clone)]
pub(crate) struct RateLimitLayer(pub Arc<RouteLimits>);

impl<S> Layer<S> for RateLimitLayer {
    type Service = RateLimited<S>;

    fn layer(&self, inner: S) -> RateLimited<S> {
        RateLimited {
            inner,
            limits: self.0.clone(),
        }
    }
}

/// A route behind its limits.
#[derive(Clone)]
pub(crate) struct RateLimited<S> {
    inner: S,
    limits: Arc<RouteLimits>,
}

impl<S> Service<Request> for RateLimited<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Answer<S::Future> {
        match self.limits.admit(request) {
            Admission::Admitted(request, fields) => Answer::Route {
                future: self.inner.call(request),
                fields: Some(fields),
            },
            Admission::Refused(response) => Answer::Ready {
                response: Some(response),
            },
            Admission::Later(request) => {
                // The route was made ready for this call; a clone takes its place.
                let clone = self.inner.clone();
                let mut inner = std::mem::replace(&mut self.inner, clone);
                let limits = self.limits.clone();
                Answer::Pending {
                    future: Box::pin(async move {
                        let (request, fields) = match limits.admit_later(request).await {
                            Ok(admitted) => admitted,
                            Err(response) => return Ok(response),
                        };
                        let mut response = inner.call(request).await?;
                        fields.stamp(&mut response);
                        Ok(response)
                    }),
                }
            }
        }
    }
}

pin_project_lite::pin_project! {
    /// The route's answer, with the `RateLimit` fields.
    #[project = AnswerProj]
    pub(crate) enum Answer<F> {
        Route { #[pin] future: F, fields: Option<Fields> },
        Ready { response: Option<Response> },
        Pending { future: BoxFuture<'static, Result<Response, Infallible>> },
    }
}

impl<F> Future for Answer<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            AnswerProj::Route { future, fields } => {
                let mut response = match future.poll(cx) {
                    Poll::Ready(Ok(response)) => response,
                    Poll::Ready(Err(never)) => match never {},
                    Poll::Pending => return Poll::Pending,
                };
                if let Some(fields) = fields.take() {
                    fields.stamp(&mut response);
                }
                Poll::Ready(Ok(response))
            }
            AnswerProj::Ready { response } => Poll::Ready(Ok(response.take().unwrap_or_default())),
            AnswerProj::Pending { future } => future.as_mut().poll(cx),
        }
    }
}

//! How an argument binds when the macro does not know its file's route (some IDE
//! expansions have no file): its type decides. A [`PathParam`] type binds the path
//! parameter named after the argument; anything else is an extractor. Generated code calls
//! `(&&Arg::<T>::new()).bind(..)`, and method resolution picks [`BindPathParam`] first
//! (autoref specialization). With a route index the macro knows which arguments are path
//! parameters from the route itself and never calls this.

use std::fmt::Display;
use std::marker::PhantomData;
use std::str::FromStr;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts};
use axum::response::{IntoResponse, Response};
use http::request::Parts;

use crate::context::AppContext;
use crate::extract::{from_parts, from_request, PathParams};

/// Types a path segment parses into.
pub trait PathParam: FromStr {}

macro_rules! path_params {
    ($($ty:ty),*) => {$(impl PathParam for $ty {})*};
}

path_params!(
    String, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, bool, char
);

/// An argument of type `T`, to bind.
pub struct Arg<T>(PhantomData<fn() -> T>);

impl<T> Arg<T> {
    /// The marker.
    pub const fn new() -> Arg<T> {
        Arg(PhantomData)
    }
}

impl<T> Default for Arg<T> {
    fn default() -> Self {
        Arg::new()
    }
}

/// A path parameter, named after the argument.
#[allow(async_fn_in_trait)]
pub trait BindPathParam {
    /// The argument's type.
    type Value;
    /// Parses the parameter.
    async fn bind(
        &self,
        params: &PathParams,
        name: &str,
        parts: &mut Parts,
        ctx: &AppContext,
    ) -> Result<Self::Value, Response>;
    /// Parses the parameter; as the last argument it could have read the body.
    async fn bind_last(
        &self,
        params: &PathParams,
        name: &str,
        parts: Parts,
        body: Body,
        ctx: &AppContext,
    ) -> Result<Self::Value, Response>;
}

impl<T: PathParam> BindPathParam for &Arg<T>
where
    T::Err: Display,
{
    type Value = T;

    async fn bind(
        &self,
        params: &PathParams,
        name: &str,
        _parts: &mut Parts,
        _ctx: &AppContext,
    ) -> Result<T, Response> {
        params.parse(name).map_err(IntoResponse::into_response)
    }

    async fn bind_last(
        &self,
        params: &PathParams,
        name: &str,
        _parts: Parts,
        _body: Body,
        _ctx: &AppContext,
    ) -> Result<T, Response> {
        params.parse(name).map_err(IntoResponse::into_response)
    }
}

/// A parts extractor.
#[allow(async_fn_in_trait)]
pub trait BindExtractor {
    /// The argument's type.
    type Value;
    /// Runs the extractor.
    async fn bind(
        &self,
        params: &PathParams,
        name: &str,
        parts: &mut Parts,
        ctx: &AppContext,
    ) -> Result<Self::Value, Response>;
}

impl<T> BindExtractor for Arg<T>
where
    T: FromRequestParts<AppContext>,
    T::Rejection: 'static,
{
    type Value = T;

    async fn bind(
        &self,
        _params: &PathParams,
        _name: &str,
        parts: &mut Parts,
        ctx: &AppContext,
    ) -> Result<T, Response> {
        from_parts(parts, ctx).await
    }
}

/// The last extractor, which may read the body.
#[allow(async_fn_in_trait)]
pub trait BindBody<M> {
    /// The argument's type.
    type Value;
    /// Runs the extractor.
    async fn bind_last(
        &self,
        params: &PathParams,
        name: &str,
        parts: Parts,
        body: Body,
        ctx: &AppContext,
    ) -> Result<Self::Value, Response>;
}

impl<T, M> BindBody<M> for Arg<T>
where
    T: FromRequest<AppContext, M>,
    T::Rejection: 'static,
{
    type Value = T;

    async fn bind_last(
        &self,
        _params: &PathParams,
        _name: &str,
        parts: Parts,
        body: Body,
        ctx: &AppContext,
    ) -> Result<T, Response> {
        from_request(parts, body, ctx).await
    }
}

#[cfg(test)]
// The borrows are the autoref dispatch generated code relies on.
#[allow(clippy::needless_borrow)]
mod tests {
    use axum::Json;
    use http::HeaderMap;

    use super::*;

    fn send<F: std::future::Future + Send>(future: F) -> F {
        future
    }

    /// What an unrouted handler expands to type-checks, and its future is `Send`.
    #[allow(dead_code)]
    async fn binds(params: PathParams, mut parts: Parts, body: Body, ctx: AppContext) {
        let id: Result<u32, Response> =
            send((&&Arg::<u32>::new()).bind(&params, "id", &mut parts, &ctx)).await;
        let headers: Result<HeaderMap, Response> =
            send((&&Arg::<HeaderMap>::new()).bind(&params, "headers", &mut parts, &ctx)).await;
        let name: Result<String, Response> =
            send((&&Arg::<String>::new()).bind_last(&params, "name", parts, body, &ctx)).await;
        let _ = (id, headers, name);
    }

    #[allow(dead_code)]
    async fn binds_a_body(params: PathParams, parts: Parts, body: Body, ctx: AppContext) {
        let json: Result<Json<serde_json::Value>, Response> = send(
            (&&Arg::<Json<serde_json::Value>>::new()).bind_last(&params, "data", parts, body, &ctx),
        )
        .await;
        let _ = json;
    }
}

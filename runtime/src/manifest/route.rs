//! `GET {prefix}/_manifest`: the document, served as it was built at start-up, and
//! described like any other route.

use std::borrow::Cow;

use axum::extract::State;
use bffkit_contract::manifest::BuiltinEndpoint;
use bytes::Bytes;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::merged::{Method, RouteDoc, Routes};

/// The document as the route serves it: pretty-printed JSON.
#[derive(Clone)]
pub(crate) struct Served(Bytes);

impl Served {
    pub(crate) fn new(document: &serde_json::Value) -> Served {
        Served(
            serde_json::to_vec_pretty(document)
                .unwrap_or_default()
                .into(),
        )
    }
}

/// An OpenAPI document is an object; its own schema is the OpenAPI specification's.
impl JsonSchema for Served {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "OpenApiDocument".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object" })
    }
}

/// The route, given the document as its state.
pub(crate) fn routes(prefix: &str) -> Routes<Served> {
    Routes::default().documented(
        Method::Get,
        &BuiltinEndpoint::Manifest.path(prefix),
        |State(served): State<Served>| async move {
            ([(http::header::CONTENT_TYPE, "application/json")], served.0)
        },
        RouteDoc::new()
            .summary("This document")
            .response::<Served>()
            .internal(),
    )
}

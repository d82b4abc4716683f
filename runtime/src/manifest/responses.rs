//! An operation's `responses`: its success (a value, a stream of events, a WebSocket
//! upgrade) and each error status collected for it, with the body each one carries.

use std::collections::BTreeMap;

use bffkit_contract::manifest::{DeclaredErrorEntry, MediaType, MiddlewareEntry, Response};
use serde_json::Value;

use super::request_body::media;
use super::schemas;
use super::statuses::{ErrorBody, ErrorStatus};
use crate::error::DeclaredError;

/// The responses by status, as the document sorts them.
#[derive(Default)]
pub(super) struct Responses(BTreeMap<String, Response>);

impl Responses {
    /// `status` answered with `response`, replacing what was there.
    pub(super) fn insert(&mut self, status: u16, response: Response) {
        self.0.insert(status.to_string(), response);
    }

    /// An error status, with the body it is answered with.
    pub(super) fn error(&mut self, status: &ErrorStatus) {
        let response = match status.body {
            ErrorBody::ApiError => api_error(status.meaning),
            ErrorBody::Empty => described(status.meaning),
        };
        self.insert(status.status, response);
    }

    /// A folder middleware that may answer with `status`: listed on the status's response,
    /// which is added (an `ApiError`) when the route had no such status.
    pub(super) fn middleware(&mut self, status: u16, meaning: &str, file: &str) {
        self.0
            .entry(status.to_string())
            .or_insert_with(|| api_error(meaning))
            .middleware
            .push(MiddlewareEntry {
                file: file.to_owned(),
                description: meaning.to_owned(),
            });
    }

    /// Appends the declared codes to their status's description, for readers of the docs.
    pub(super) fn name_declared_codes(&mut self, declared: &[DeclaredError]) {
        for (status, response) in self.0.iter_mut() {
            let codes: Vec<String> = declared
                .iter()
                .filter(|e| e.status.to_string() == *status)
                .map(|e| match e.name {
                    Some(name) => format!("{} {name}", e.code),
                    None => e.code.to_string(),
                })
                .collect();
            if !codes.is_empty() {
                response
                    .description
                    .push_str(&format!(" (codes: {})", codes.join(", ")));
            }
        }
    }

    /// Whether `status` has a response already.
    pub(super) fn has(&self, status: u16) -> bool {
        self.0.contains_key(&status.to_string())
    }

    pub(super) fn into_map(self) -> BTreeMap<String, Response> {
        self.0
    }
}

/// An OpenAPI Header Object.
#[derive(serde::Serialize)]
struct Header<'a> {
    description: &'a str,
    schema: Value,
}

/// Adds `headers` (name, description), each a string, to `response`.
pub(super) fn headers(response: &mut Response, headers: &[(&'static str, String)]) {
    if headers.is_empty() {
        return;
    }
    let headers: BTreeMap<&str, Header> = headers
        .iter()
        .map(|(name, description)| {
            let schema = schemas::string();
            (
                *name,
                Header {
                    description,
                    schema,
                },
            )
        })
        .collect();
    response.other.insert(
        "headers".to_owned(),
        serde_json::to_value(headers).unwrap_or_default(),
    );
}

/// A response without a body.
pub(super) fn described(meaning: &str) -> Response {
    Response {
        description: meaning.to_owned(),
        ..Response::default()
    }
}

/// A response whose body is `schema` as `media_type`.
pub(super) fn with_body(meaning: &str, media_type: &str, schema: Value) -> Response {
    Response {
        description: meaning.to_owned(),
        content: BTreeMap::from([(media_type.to_owned(), media(schema))]),
        ..Response::default()
    }
}

/// An error answered as `{code, msg}`.
pub(super) fn api_error(meaning: &str) -> Response {
    with_body(meaning, "application/json", schemas::api_error_ref())
}

/// A stream of events (see `crate::stream`). OpenAPI 3.1 has no way to say what each
/// event of a sequential media type holds; 3.2 adds `itemSchema` beside `schema`. This
/// 3.1 document writes it as the extension `x-itemSchema`, in the same place: the JSON
/// each event carries (`data:` in SSE, `data` of each NDJSON line).
pub(super) fn stream(item: Value) -> Response {
    let item = schemas::nested(item);
    let with_items = |schema: Value| MediaType {
        item_schema: Some(item.clone()),
        ..media(schema)
    };
    Response {
        description: "A stream of events, one per item: Server-Sent Events, or NDJSON with \
                      `accept: application/x-ndjson`. A failed item ends it with an \
                      `api-error` event ({code, msg, data?, status}); a finished one with `end`."
            .to_owned(),
        content: BTreeMap::from([
            (
                "text/event-stream".to_owned(),
                with_items(schemas::stream_event(&item)),
            ),
            (
                "application/x-ndjson".to_owned(),
                with_items(schemas::string()),
            ),
        ]),
        ..Response::default()
    }
}

/// `{status, code?, name?}` in `x-bffkit-errors`: the coded declarations, then the
/// statuses declared without a code (which may carry any code).
pub(super) fn declared_entries(
    coded: &[DeclaredError],
    status_only: &[u16],
) -> Vec<DeclaredErrorEntry> {
    let mut entries: Vec<DeclaredErrorEntry> = coded
        .iter()
        .map(|e| DeclaredErrorEntry {
            status: e.status,
            code: Some(e.code),
            name: e.name.map(str::to_owned),
        })
        .collect();
    let mut uncoded: Vec<u16> = status_only
        .iter()
        .copied()
        .filter(|s| !coded.iter().any(|e| e.status == *s))
        .collect();
    uncoded.dedup();
    entries.extend(uncoded.into_iter().map(|status| DeclaredErrorEntry {
        status,
        code: None,
        name: None,
    }));
    entries
}

//! One OpenAPI operation, read from the contract's model into what a client needs:
//! method, path, parameters by location, the body kind and schema, the success schema, and
//! its documentation.

use bffkit_contract::manifest::{self, extension, BodyKind, Location};
use bffkit_contract::Method;
use serde_json::Value;

pub struct Operation<'a> {
    /// Upper case, e.g. `GET`.
    pub method: String,
    /// The full OpenAPI path, e.g. `/api/user/{username}/info`.
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
    /// `Some(reason)` when deprecated; the reason may be empty.
    pub deprecated: Option<&'a str>,
    /// [`extension::INTERNAL`] (batch, manifest): not part of a generated client.
    pub internal: bool,
    /// [`extension::UNBATCHED`] (sign-in): always sent on its own, since its answer sets a
    /// cookie, which a batched call cannot.
    pub unbatched: bool,
    /// [`extension::WEBSOCKET`]: the route upgrades to a WebSocket, which a fetch-based
    /// client cannot call.
    pub websocket: bool,
    pub params: Vec<Param<'a>>,
    pub body: Option<Body<'a>>,
    pub response: Response<'a>,
    /// The operation in the model, for what the view above leaves out (statuses, security).
    pub raw: &'a manifest::Operation,
    /// Error statuses folder middleware may answer with ([`extension::MIDDLEWARE`] on a
    /// response): status, what it means, and the middleware file.
    pub middleware_statuses: Vec<(&'a str, &'a str, &'a str)>,
}

pub struct Param<'a> {
    pub name: &'a str,
    pub location: Location,
    pub required: bool,
    pub schema: &'a Value,
    pub description: Option<&'a str>,
    pub deprecated: bool,
    /// `x-bffkit-catch-all`: the value spans several `/`-separated segments.
    pub catch_all: bool,
}

pub struct Body<'a> {
    pub kind: BodyKind,
    pub schema: &'a Value,
    pub required: bool,
}

pub enum Response<'a> {
    /// `application/json` with this schema.
    Json(&'a Value),
    /// Any other media type: the client runtime returns the text.
    Text,
    /// No content.
    Empty,
    /// A stream of events, each carrying this schema (`x-itemSchema`, OpenAPI 3.2's
    /// `itemSchema` in a 3.1 document, on `text/event-stream` or `application/x-ndjson`).
    Stream(&'a Value),
}

static ANY: Value = Value::Bool(true);

impl<'a> Operation<'a> {
    pub(super) fn read(
        path: &'a str,
        method: Method,
        item: &'a manifest::PathItem,
        op: &'a manifest::Operation,
    ) -> Result<Self, String> {
        let here = format!("{} {path}", method.as_str());
        let mut params: Vec<Param<'a>> = Vec::new();
        // Path-item parameters apply to every operation; the operation's own override them.
        for param in item.parameters.iter().chain(&op.parameters) {
            let param = read_param(param);
            params.retain(|p| !(p.name == param.name && p.location == param.location));
            params.push(param);
        }
        Ok(Self {
            method: method.as_str().to_owned(),
            path,
            operation_id: op.operation_id.as_deref(),
            summary: op.summary.as_deref().filter(|s| !s.is_empty()),
            description: op.description.as_deref().filter(|s| !s.is_empty()),
            deprecated: op
                .deprecated
                .then(|| op.deprecated_reason.as_deref().unwrap_or("")),
            internal: op.internal,
            unbatched: op.unbatched,
            websocket: op.websocket,
            params,
            body: read_body(op).map_err(|e| format!("{here}: {e}"))?,
            response: read_response(op),
            raw: op,
            middleware_statuses: op
                .responses
                .iter()
                .flat_map(|(status, response)| {
                    response
                        .middleware
                        .iter()
                        .map(move |by| (status.as_str(), by.description.as_str(), by.file.as_str()))
                })
                .collect(),
        })
    }

    /// The operation's key for comparisons: method plus path with parameter names
    /// erased, since renaming `{id}` to `{item_id}` changes nothing on the wire.
    pub fn route_key(&self) -> String {
        let mut key = format!("{} ", self.method);
        let mut in_param = false;
        for c in self.path.chars() {
            match c {
                '{' => {
                    in_param = true;
                    key.push_str("{}");
                }
                '}' => in_param = false,
                _ if in_param => {}
                c => key.push(c),
            }
        }
        key
    }

    pub fn params_in(&self, location: Location) -> impl Iterator<Item = &Param<'a>> {
        self.params.iter().filter(move |p| p.location == location)
    }
}

fn read_param(raw: &manifest::Parameter) -> Param<'_> {
    let schema = raw.schema.as_ref().unwrap_or(&ANY);
    Param {
        name: &raw.name,
        location: raw.location,
        required: raw.location == Location::Path || raw.required,
        schema,
        description: raw
            .description
            .as_deref()
            .or_else(|| schema["description"].as_str()),
        deprecated: raw.deprecated,
        catch_all: raw.catch_all || schema[extension::CATCH_ALL] == true,
    }
}

fn read_body(op: &manifest::Operation) -> Result<Option<Body<'_>>, String> {
    let Some(raw) = &op.request_body else {
        return Ok(None);
    };
    let Some((media, media_object)) = raw.content.iter().next() else {
        return Ok(None);
    };
    if raw.content.len() > 1 {
        let kinds: Vec<_> = raw.content.keys().collect();
        return Err(format!(
            "requestBody has several media types {kinds:?}; a bffkit route takes exactly one"
        ));
    }
    let kind = BodyKind::from_media_type(media)
        .ok_or_else(|| format!("requestBody media type {media:?} is not supported"))?;
    Ok(Some(Body {
        kind,
        schema: media_object.schema.as_ref().unwrap_or(&ANY),
        required: raw.required,
    }))
}

fn read_response(op: &manifest::Operation) -> Response<'_> {
    let responses = &op.responses;
    let success = responses.get("200").or_else(|| {
        responses
            .iter()
            .find(|(status, _)| status.starts_with('2'))
            .map(|(_, r)| r)
    });
    let Some(response) = success else {
        return Response::Empty;
    };
    let content = &response.content;
    let item = ["application/x-ndjson", "text/event-stream"]
        .iter()
        .find_map(|media| content.get(*media)?.item_schema.as_ref());
    if let Some(item) = item {
        return Response::Stream(item);
    }
    if let Some(media) = content.get("application/json") {
        let schema = media.schema.as_ref().unwrap_or(&ANY);
        // With the envelope on, the server documents `{data, msg, code}`; the client runtime
        // unwraps it, so callers receive `data`.
        if schema[extension::ENVELOPE] == true {
            return Response::Json(schema["properties"].get("data").unwrap_or(&ANY));
        }
        return Response::Json(schema);
    }
    if content.is_empty() {
        Response::Empty
    } else {
        Response::Text
    }
}

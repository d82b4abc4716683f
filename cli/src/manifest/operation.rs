//! One OpenAPI operation read into what a client needs: method, path, parameters by
//! location, the body kind and schema, the success schema, and its documentation.

use bffkit_contract::manifest::{extension, BodyKind, Location};

use super::Manifest;
use crate::json::Json;

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
    /// `x-bffkit-unbatched` (sign-in): always sent on its own, since its answer sets a
    /// cookie, which a batched call cannot.
    pub unbatched: bool,
    /// `x-bffkit-websocket`: the route upgrades to a WebSocket, which a fetch-based client
    /// cannot call.
    pub websocket: bool,
    pub params: Vec<Param<'a>>,
    pub body: Option<Body<'a>>,
    pub response: Response<'a>,
    /// The operation object itself, for what the model above leaves out (statuses, security).
    pub raw: &'a Json,
    /// Error statuses folder middleware may answer with (`x-bffkit-middleware` on a
    /// response): status, what it means, and the middleware file.
    pub middleware_statuses: Vec<(&'a str, &'a str, &'a str)>,
}

pub struct Param<'a> {
    pub name: &'a str,
    pub location: Location,
    pub required: bool,
    pub schema: &'a Json,
    pub description: Option<&'a str>,
    pub deprecated: bool,
    /// `x-bffkit-catch-all`: the value spans several `/`-separated segments.
    pub catch_all: bool,
}

pub struct Body<'a> {
    pub kind: BodyKind,
    pub schema: &'a Json,
    pub required: bool,
}

pub enum Response<'a> {
    /// `application/json` with this schema.
    Json(&'a Json),
    /// Any other media type: the client runtime returns the text.
    Text,
    /// No content.
    Empty,
    /// A stream of events, each carrying this schema (`x-itemSchema`, OpenAPI 3.2's
    /// `itemSchema` in a 3.1 document, on `text/event-stream` or `application/x-ndjson`).
    Stream(&'a Json),
}

static ANY: Json = Json::Bool(true);

impl<'a> Operation<'a> {
    pub(super) fn read(
        manifest: &'a Manifest,
        path: &'a str,
        method: &str,
        item: &'a Json,
        op: &'a Json,
    ) -> Result<Self, String> {
        let here = format!("{} {path}", method.to_uppercase());
        let mut params: Vec<Param<'a>> = Vec::new();
        // Path-item parameters apply to every operation; the operation's own override them.
        for source in [item.at("parameters"), op.at("parameters")] {
            for raw in source.as_array() {
                let param = read_param(manifest, raw).map_err(|e| format!("{here}: {e}"))?;
                params.retain(|p| !(p.name == param.name && p.location == param.location));
                params.push(param);
            }
        }
        Ok(Self {
            method: method.to_uppercase(),
            path,
            operation_id: op.at("operationId").as_str(),
            summary: op.at("summary").as_str().filter(|s| !s.is_empty()),
            description: op.at("description").as_str().filter(|s| !s.is_empty()),
            deprecated: op
                .is_true("deprecated")
                .then(|| op.at(extension::DEPRECATED).as_str().unwrap_or("")),
            internal: op.is_true(extension::INTERNAL),
            unbatched: op.is_true(extension::UNBATCHED),
            websocket: op.is_true(extension::WEBSOCKET),
            params,
            body: read_body(manifest, op).map_err(|e| format!("{here}: {e}"))?,
            response: read_response(manifest, op),
            raw: op,
            middleware_statuses: op
                .at("responses")
                .members()
                .iter()
                .flat_map(|(status, response)| {
                    response
                        .at(extension::MIDDLEWARE)
                        .as_array()
                        .iter()
                        .filter_map(move |by| {
                            Some((
                                status.as_str(),
                                by.at("description").as_str()?,
                                by.at("file").as_str()?,
                            ))
                        })
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

fn read_param<'a>(manifest: &'a Manifest, raw: &'a Json) -> Result<Param<'a>, String> {
    let raw = manifest
        .resolve(raw)
        .ok_or("a parameter $ref does not resolve")?;
    let name = raw.at("name").as_str().ok_or("a parameter has no name")?;
    let written = raw.at("in").as_str();
    let Some(location) = written.and_then(Location::from_name) else {
        return Err(format!(
            "parameter {name:?} has an unknown location {written:?}"
        ));
    };
    let schema = raw.get("schema").unwrap_or(&ANY);
    Ok(Param {
        name,
        location,
        required: location == Location::Path || raw.is_true("required"),
        schema,
        description: raw
            .at("description")
            .as_str()
            .or_else(|| schema.at("description").as_str()),
        deprecated: raw.is_true("deprecated"),
        catch_all: raw.is_true(extension::CATCH_ALL) || schema.is_true(extension::CATCH_ALL),
    })
}

fn read_body<'a>(manifest: &'a Manifest, op: &'a Json) -> Result<Option<Body<'a>>, String> {
    let Some(raw) = op.get("requestBody") else {
        return Ok(None);
    };
    let raw = manifest
        .resolve(raw)
        .ok_or("the requestBody $ref does not resolve")?;
    let content = raw.at("content").members();
    let Some((media, media_object)) = content.first() else {
        return Ok(None);
    };
    if content.len() > 1 {
        let kinds: Vec<_> = content.iter().map(|(m, _)| m.as_str()).collect();
        return Err(format!(
            "requestBody has several media types {kinds:?}; a bffkit route takes exactly one"
        ));
    }
    let kind = BodyKind::from_media_type(media)
        .ok_or_else(|| format!("requestBody media type {media:?} is not supported"))?;
    Ok(Some(Body {
        kind,
        schema: media_object.get("schema").unwrap_or(&ANY),
        required: raw.is_true("required"),
    }))
}

fn read_response<'a>(manifest: &'a Manifest, op: &'a Json) -> Response<'a> {
    let responses = op.at("responses").members();
    let success = responses
        .iter()
        .find(|(status, _)| status == "200")
        .or_else(|| responses.iter().find(|(status, _)| status.starts_with('2')));
    let Some((_, response)) = success else {
        return Response::Empty;
    };
    let Some(response) = manifest.resolve(response) else {
        return Response::Empty;
    };
    let content = response.at("content");
    let item = ["application/x-ndjson", "text/event-stream"]
        .iter()
        .find_map(|media| content.get(media)?.get(extension::ITEM_SCHEMA));
    if let Some(item) = item {
        return Response::Stream(item);
    }
    if let Some(media) = content.get("application/json") {
        let schema = media.get("schema").unwrap_or(&ANY);
        // With the envelope on, the server documents `{data, msg, code}`; the client runtime
        // unwraps it, so callers receive `data`.
        if schema.is_true(extension::ENVELOPE) {
            return Response::Json(schema.at("properties").get("data").unwrap_or(&ANY));
        }
        return Response::Json(schema);
    }
    if content.members().is_empty() {
        Response::Empty
    } else {
        Response::Text
    }
}

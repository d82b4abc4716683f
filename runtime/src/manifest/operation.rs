//! One route's operation, from the `OperationDoc` its code fills: a lambda's `describe`
//! fn, or a merged route's `RouteDoc`.

use std::collections::BTreeMap;

use bffkit_contract::manifest::{Location, Operation};
use bffkit_contract::Method;
use schemars::{Schema, SchemaGenerator};
use serde_json::Value;

use super::responses::{self, Responses};
use super::security::{self, Requirement};
use super::statuses::{self, ErrorBody, ErrorStatus, Statuses};
use super::{parameters, request_body, schemas, ManifestInfo};
use crate::error::DeclaredError;
use crate::middleware::FolderMiddleware;
use crate::routes::{path_param_names, RouteDoc};
use crate::schema::{BodyKind, OperationDoc};

/// One operation to document: a lambda, or a described route of a merged router.
pub(super) struct Entry<'a> {
    pub method: Method,
    pub path: &'a str,
    pub describe: Describer<'a>,
    /// The folder middleware around a lambda, outermost first; none for merged routes.
    pub middleware: &'static [&'static FolderMiddleware],
}

/// Where an operation's doc comes from.
pub(super) enum Describer<'a> {
    /// The `describe` fn the macros generate.
    Lambda(fn(&mut OperationDoc)),
    /// A route's `RouteDoc`: one of a merged router (which answers its own errors), or
    /// one of bffkit's own routes.
    Merged {
        doc: &'a RouteDoc,
        /// Served inside the app's router, behind its JSON 404 and 405 (bffkit's `_batch`,
        /// `_docs`, `_manifest`, sign-in); otherwise beside it, where a wrong method is
        /// axum's bare 405.
        in_app: bool,
    },
}

/// What a route's doc says, taken out of the `OperationDoc` so the generator's
/// definitions can be read (to follow `$ref`s) without a copy.
struct Described {
    summary: Option<String>,
    description: Option<String>,
    deprecated: Option<String>,
    path_params: Vec<(String, Schema)>,
    parts: [(Location, Option<Schema>); 3],
    body: Option<(BodyKind, Schema)>,
    response: Option<Schema>,
    response_media: &'static str,
    stream_item: Option<Schema>,
    websocket: bool,
    requires_auth: bool,
    requires_api_key: bool,
    calls_upstreams: bool,
    /// Statuses declared without a code (`errors: [409]`), which may carry any code.
    status_only: Vec<u16>,
    declared: Vec<DeclaredError>,
    tags: Vec<(&'static str, Option<&'static str>)>,
    unbatched: bool,
    response_description: Option<&'static str>,
    response_also: Vec<(&'static str, Schema)>,
    response_headers: Vec<(&'static str, String)>,
    answers: Vec<(u16, &'static str, Schema)>,
    rejections: Statuses,
}

impl Described {
    fn of(entry: &Entry, generator: &mut SchemaGenerator) -> Described {
        let mut doc = OperationDoc::new(generator);
        match entry.describe {
            Describer::Lambda(describe) => describe(&mut doc),
            Describer::Merged { doc: route, .. } => {
                route.describe(&mut doc, entry.path);
                if doc.path_params.is_empty() {
                    // A merged route that does not describe its path parameters: strings.
                    doc.path_params = path_param_names(entry.path)
                        .map(|name| {
                            (
                                name.to_owned(),
                                schemars::json_schema!({ "type": "string" }),
                            )
                        })
                        .collect();
                }
            }
        }
        Described {
            summary: doc.summary,
            description: doc.description,
            deprecated: doc.deprecated,
            path_params: doc.path_params,
            parts: [
                (Location::Query, doc.query),
                (Location::Header, doc.headers),
                (Location::Cookie, doc.cookies),
            ],
            body: doc.body,
            response: doc.response,
            response_media: doc.response_media.unwrap_or("application/json"),
            stream_item: doc.stream_item,
            websocket: doc.websocket,
            requires_auth: doc.requires_auth,
            requires_api_key: doc.requires_api_key,
            calls_upstreams: doc.calls_upstreams,
            status_only: doc.errors,
            declared: doc.declared_errors,
            tags: doc.tags,
            unbatched: doc.unbatched,
            response_description: doc.response_description,
            response_also: doc.response_also,
            response_headers: doc.response_headers,
            answers: doc.answers,
            rejections: doc.rejections,
        }
    }

    /// Every status declared, with or without a code.
    fn declared_statuses(&self) -> impl Iterator<Item = u16> + '_ {
        self.status_only
            .iter()
            .copied()
            .chain(self.declared.iter().map(|e| e.status))
    }

    /// What the route can answer as errors: what serves any lambda, its extractors'
    /// rejections, and what the handler declares.
    fn statuses(&self) -> Statuses {
        let mut out = Statuses::default();
        statuses::around_a_lambda(&mut out);
        if self.body.is_some() {
            out.rejection::<crate::extract::BodyRejection>();
        }
        #[cfg(feature = "auth")]
        if self.requires_auth {
            crate::auth::session_statuses(&mut out);
        }
        if self.calls_upstreams {
            crate::upstream::statuses(&mut out);
        }
        for status in self.declared_statuses() {
            out.add(declared_status(status));
        }
        out
    }
}

/// A declared status the route's parts do not already explain, named by its reason.
fn declared_status(status: u16) -> ErrorStatus {
    ErrorStatus {
        status,
        meaning: http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error"),
        body: ErrorBody::ApiError,
    }
}

/// What the operations of one document share while they are built.
pub(super) struct Context<'a, 'i> {
    pub info: &'a ManifestInfo<'i>,
    pub generator: &'a mut SchemaGenerator,
    pub middleware: &'a mut crate::middleware::Built,
    /// The folder middleware's security schemes, for `components`.
    pub security_schemes: &'a mut BTreeMap<String, Value>,
    /// The tags operations use, with their descriptions.
    pub tags: &'a mut BTreeMap<&'static str, Option<&'static str>>,
}

pub(super) fn operation(entry: &Entry, id: &str, cx: &mut Context) -> Operation {
    let mut described = Described::of(entry, cx.generator);
    for (tag, description) in &described.tags {
        let known = cx.tags.entry(tag).or_default();
        *known = known.or(*description);
    }
    let statuses = described.statuses();
    let definitions = cx.generator.definitions();
    let merged = match entry.describe {
        Describer::Lambda(_) => None,
        Describer::Merged { doc, in_app } => Some((doc, in_app)),
    };

    let mut parameters: Vec<_> =
        parameters::path(entry.path, std::mem::take(&mut described.path_params)).collect();
    for (location, schema) in &described.parts {
        if let Some(schema) = schema {
            parameters.extend(parameters::object(schema, *location, definitions));
        }
    }
    let request_body = described
        .body
        .take()
        .map(|(kind, schema)| request_body::request_body(kind, schema, definitions));

    let mut responses = Responses::default();
    if described.websocket {
        // Generated clients leave it out: fetch cannot upgrade.
        responses.insert(
            101,
            responses::described(
                "Switching Protocols: the connection becomes a WebSocket carrying JSON messages",
            ),
        );
    } else {
        let ok = match &described.stream_item {
            Some(item) => responses::stream(item.clone().to_value()),
            None => {
                let success = described
                    .response
                    .clone()
                    .map(Schema::to_value)
                    .unwrap_or_else(|| Value::Object(Default::default()));
                // The envelope wraps what the lambdas answer; a merged route answers as it
                // likes.
                let success = if cx.info.envelope && merged.is_none() {
                    schemas::envelope(success)
                } else {
                    success
                };
                let mut ok = responses::with_body(
                    described.response_description.unwrap_or("Success"),
                    described.response_media,
                    success,
                );
                for (media_type, schema) in std::mem::take(&mut described.response_also) {
                    ok.content.insert(
                        media_type.to_owned(),
                        request_body::media(schema.to_value()),
                    );
                }
                responses::headers(&mut ok, &described.response_headers);
                ok
            }
        };
        responses.insert(200, ok);
    }
    for (status, description, schema) in std::mem::take(&mut described.answers) {
        responses.insert(
            status,
            responses::with_body(description, "application/json", schema.to_value()),
        );
    }
    if let Some((_, in_app)) = merged {
        // A merged router answers its own errors: the server's own, those the rejection
        // types its `RouteDoc` names answer, and those it declares (a bffkit error when
        // declared with a code, else the router's own body, such as axum's plain-text
        // rejections). Inside the app's router, the router's 404 and 405 are bffkit's.
        let mut around = Statuses::default();
        if in_app {
            crate::error::fallback::statuses(&mut around);
            statuses::around_every_route(&mut around);
        } else {
            statuses::around_a_merged_route(&mut around);
        }
        #[cfg(feature = "auth")]
        if described.requires_auth {
            crate::auth::session_statuses(&mut around);
        }
        described.rejections.iter().for_each(|s| around.add(*s));
        around.iter().for_each(|s| {
            // An answer the route documents with its own body stays.
            if !responses.has(s.status) {
                responses.error(s)
            }
        });
        for status in described.declared_statuses() {
            if let Some(known) = statuses.get(status) {
                let coded = described.declared.iter().any(|e| e.status == status);
                let body = if coded {
                    ErrorBody::ApiError
                } else {
                    ErrorBody::Empty
                };
                responses.error(&ErrorStatus { body, ..*known });
            }
        }
    } else {
        statuses.iter().for_each(|s| responses.error(s));
    }
    let declared_any = described.declared_statuses().next().is_some();
    if declared_any {
        responses.name_declared_codes(&described.declared);
    }

    // What the folder middleware around the route may answer, and the schemes it checks.
    let mut middleware_schemes = Requirement::new();
    for folder in entry.middleware {
        let doc = cx.middleware.get(folder).doc();
        for (status, meaning) in &doc.statuses {
            responses.middleware(*status, meaning, folder.file);
        }
        for (name, scheme) in &doc.security {
            middleware_schemes.insert(name.to_string(), Vec::new());
            cx.security_schemes.insert(name.to_string(), scheme.clone());
        }
    }
    let security = (cx.info.sign_in.is_some() || !middleware_schemes.is_empty()).then(|| {
        let sign_in = cx
            .info
            .sign_in
            .as_ref()
            .map(|s| s.security(described.requires_auth, described.requires_api_key))
            .unwrap_or_default();
        security::to_values(security::with_middleware(sign_in, &middleware_schemes))
    });

    Operation {
        operation_id: Some(id.to_owned()),
        summary: described.summary,
        description: described.description,
        deprecated: described.deprecated.is_some(),
        deprecated_reason: described.deprecated,
        internal: merged.is_some_and(|(route, _)| route.is_internal()),
        unbatched: described.unbatched,
        tags: described
            .tags
            .iter()
            .map(|(tag, _)| (*tag).to_owned())
            .collect(),
        websocket: described.websocket,
        errors: if declared_any {
            responses::declared_entries(&described.declared, &described.status_only)
        } else {
            Vec::new()
        },
        parameters,
        request_body,
        responses: responses.into_map(),
        security,
        ..Operation::default()
    }
}

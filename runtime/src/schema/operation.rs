//! What one route says about itself: the JSON Schema of each request part and of the
//! response, plus its docs. Filled by the `describe` fn the macros generate; read by the
//! manifest.

use schemars::{Schema, SchemaGenerator};

pub use bffkit_contract::manifest::BodyKind;

/// The documented shape of one operation. Named types go to the shared generator's
/// definitions (the manifest's `components/schemas`); the fields hold `$ref`s to them.
pub struct OperationDoc<'g> {
    generator: &'g mut SchemaGenerator,
    /// First paragraph of the handler's doc comment.
    pub summary: Option<String>,
    /// The rest of the doc comment, or `description` from `match`.
    pub description: Option<String>,
    /// Why the route is deprecated, if it is.
    pub deprecated: Option<String>,
    /// Dynamic segments in path order.
    pub path_params: Vec<(String, Schema)>,
    /// The query object.
    pub query: Option<Schema>,
    /// The headers object.
    pub headers: Option<Schema>,
    /// The cookies object.
    pub cookies: Option<Schema>,
    /// The body.
    pub body: Option<(BodyKind, Schema)>,
    /// The success value; `None` when the handler's type has no schema.
    pub response: Option<Schema>,
    /// The success media type when it is not `application/json` (merged routes).
    pub response_media: Option<&'static str>,
    /// Whether the route requires a session.
    pub requires_auth: bool,
    /// Whether the route requires a server-to-server API key (`ApiKey`).
    pub requires_api_key: bool,
    /// Whether the route calls upstream services (so may answer 502 and 504).
    pub calls_upstreams: bool,
    /// Error statuses the handler declares it answers with (`match = { errors: [409] }`).
    pub errors: Vec<u16>,
    /// Errors declared with their code (`errors(TODO_EXISTS)`, `errors((409, 21001))`).
    pub declared_errors: Vec<crate::error::DeclaredError>,
    /// The item schema when the operation answers a stream of events instead of one value.
    pub stream_item: Option<Schema>,
    /// Whether the operation upgrades to a WebSocket (answers 101, not 200).
    pub websocket: bool,
    /// Tags, each with its description if the route gives one.
    pub(crate) tags: Vec<(&'static str, Option<&'static str>)>,
    /// Not to be called inside a batch.
    pub(crate) unbatched: bool,
    /// What the success answer is, when a route says (otherwise "Success").
    pub(crate) response_description: Option<&'static str>,
    /// The success answer in other media types, each with its schema.
    pub(crate) response_also: Vec<(&'static str, Schema)>,
    /// Headers of the success answer, each with its description.
    pub(crate) response_headers: Vec<(&'static str, String)>,
    /// Other answers than the success and the errors: status, description, schema.
    pub(crate) answers: Vec<(u16, &'static str, Schema)>,
    /// Statuses the rejection types a route names answer with (a merged route's own).
    pub(crate) rejections: crate::error::Statuses,
}

impl<'g> OperationDoc<'g> {
    /// An empty doc writing definitions into `generator`.
    pub fn new(generator: &'g mut SchemaGenerator) -> OperationDoc<'g> {
        OperationDoc {
            generator,
            summary: None,
            description: None,
            deprecated: None,
            path_params: Vec::new(),
            query: None,
            headers: None,
            cookies: None,
            body: None,
            response: None,
            response_media: None,
            requires_auth: false,
            requires_api_key: false,
            calls_upstreams: false,
            errors: Vec::new(),
            declared_errors: Vec::new(),
            stream_item: None,
            websocket: false,
            tags: Vec::new(),
            unbatched: false,
            response_description: None,
            response_also: Vec::new(),
            response_headers: Vec::new(),
            answers: Vec::new(),
            rejections: crate::error::Statuses::default(),
        }
    }

    /// The shared generator, for `subschema_for`.
    pub fn generator(&mut self) -> &mut SchemaGenerator {
        self.generator
    }

    /// Sets summary and description from a doc comment: the first paragraph is the summary.
    pub fn doc_comment(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let (summary, rest) = match text.split_once("\n\n") {
            Some((s, r)) => (s, r.trim()),
            None => (text, ""),
        };
        self.summary = Some(summary.split_whitespace().collect::<Vec<_>>().join(" "));
        if !rest.is_empty() && self.description.is_none() {
            self.description = Some(rest.to_owned());
        }
    }
}

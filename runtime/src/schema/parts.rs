//! Documenting the parts of a `match` route: every part's type has a schema, so these
//! write it into the [`OperationDoc`] directly.

use schemars::{JsonSchema, Schema};
use serde_json::Value;

use super::operation::{BodyKind, OperationDoc};

/// `request.params`: each property of `T` becomes one path parameter, in route order.
pub fn params<T: JsonSchema>(doc: &mut OperationDoc, route_params: &[&str]) {
    let schema = doc.generator().subschema_for::<T>();
    let inline = inline(doc, &schema);
    let properties = inline
        .as_ref()
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    for name in route_params {
        let property = properties
            .and_then(|p| p.get(*name))
            .cloned()
            .and_then(|v| Schema::try_from(v).ok())
            .unwrap_or_else(|| schemars::json_schema!({ "type": "string" }));
        doc.path_params.push(((*name).to_owned(), property));
    }
}

/// `request.query`.
pub fn query<T: JsonSchema>(doc: &mut OperationDoc) {
    doc.query = Some(doc.generator().subschema_for::<T>());
}

/// `request.headers`.
pub fn headers<T: JsonSchema>(doc: &mut OperationDoc) {
    doc.headers = Some(doc.generator().subschema_for::<T>());
}

/// `request.cookies`.
pub fn cookies<T: JsonSchema>(doc: &mut OperationDoc) {
    doc.cookies = Some(doc.generator().subschema_for::<T>());
}

/// The body: `data`, `form_data` or `form_urlencoded` with `T`'s schema.
pub fn body<T: JsonSchema>(doc: &mut OperationDoc, kind: BodyKind) {
    doc.body = Some((kind, doc.generator().subschema_for::<T>()));
}

/// `request.body`: plain text.
pub fn text(doc: &mut OperationDoc) {
    doc.body = Some((BodyKind::Text, schemars::json_schema!({ "type": "string" })));
}

/// `response`.
pub fn response<T: DescribeResponse + ?Sized>(doc: &mut OperationDoc) {
    T::describe_response(doc);
}

/// What a `match` route's `response` can be: a value, or a stream of items
/// ([`EventStream`](crate::stream::EventStream)).
pub trait DescribeResponse {
    /// Sets the doc's response (or stream item) schema.
    fn describe_response(doc: &mut OperationDoc);
}

impl<T: JsonSchema + ?Sized> DescribeResponse for T {
    fn describe_response(doc: &mut OperationDoc) {
        doc.response = Some(doc.generator().subschema_for::<T>());
    }
}

/// `description` and `deprecated` from `match`.
pub fn notes(doc: &mut OperationDoc, description: Option<&str>, deprecated: Option<&str>) {
    if let Some(description) = description {
        doc.description = Some(description.to_owned());
    }
    if let Some(reason) = deprecated {
        doc.deprecated = Some(reason.to_owned());
    }
}

/// Error statuses the handler answers with itself (`errors: [409]`).
pub fn errors(doc: &mut OperationDoc, statuses: &[u16]) {
    doc.errors.extend_from_slice(statuses);
}

/// An error declared with its code: `errors(TODO_EXISTS)` or `errors((409, 21001))`.
pub fn declare_error(doc: &mut OperationDoc, error: impl crate::error::IntoDeclaredError) {
    let error = error.into_declared();
    if !doc.declared_errors.contains(&error) {
        doc.declared_errors.push(error);
    }
}

/// The definition a `$ref` points at, or the schema itself.
fn inline(doc: &mut OperationDoc, schema: &Schema) -> Option<Value> {
    let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
        return Some(schema.as_value().clone());
    };
    let name = reference.rsplit('/').next()?;
    doc.generator().definitions().get(name).cloned()
}

#[cfg(test)]
mod tests {
    use schemars::SchemaGenerator;

    use super::*;

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Params {
        shop: u32,
        id: String,
    }

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Form {
        file: crate::UploadedFile,
    }

    #[test]
    fn match_parts_fill_the_operation_doc() {
        let mut generator = SchemaGenerator::default();
        let mut doc = OperationDoc::new(&mut generator);
        doc.doc_comment("Lists orders.\n\nLong text.");
        params::<Params>(&mut doc, &["shop", "id"]);
        body::<Form>(&mut doc, BodyKind::Multipart);
        response::<u8>(&mut doc);
        notes(&mut doc, Some("From match."), Some("use v2"));
        assert_eq!(doc.summary.as_deref(), Some("Lists orders."));
        assert_eq!(doc.description.as_deref(), Some("From match."));
        assert_eq!(doc.deprecated.as_deref(), Some("use v2"));
        let names: Vec<&str> = doc.path_params.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["shop", "id"]);
        assert_eq!(
            doc.path_params[0].1.get("type"),
            Some(&serde_json::json!("integer"))
        );
        let (kind, _) = doc.body.as_ref().unwrap();
        assert_eq!(*kind, BodyKind::Multipart);
        assert!(doc.response.is_some());
        let form = generator.definitions().get("Form").unwrap();
        assert_eq!(
            form["properties"]["file"],
            serde_json::json!({"type": "string", "format": "binary"})
        );
    }
}

//! How a streaming operation documents itself: the schema of its items, for the
//! manifest's `x-itemSchema` (OpenAPI 3.2's `itemSchema`) and the generated clients.

use schemars::JsonSchema;

use super::EventStream;
use crate::schema::describe::{Describe, DescribeSchema};
use crate::schema::parts::DescribeResponse;
use crate::schema::OperationDoc;

/// `match = { response: EventStream<T> }`.
impl<T: JsonSchema> DescribeResponse for EventStream<T> {
    fn describe_response(doc: &mut OperationDoc) {
        doc.stream_item = Some(doc.generator().subschema_for::<T>());
    }
}

/// A plain handler returning `EventStream<T>` (or a `Result` of one). Only the return
/// type is described this way; a stream is never an argument.
impl<T: JsonSchema> DescribeSchema for Describe<EventStream<T>> {
    fn path_param(&self, _name: &str, _doc: &mut OperationDoc) {}
    fn query(&self, _doc: &mut OperationDoc) {}
    fn data(&self, _doc: &mut OperationDoc) {}
    fn response(&self, doc: &mut OperationDoc) {
        EventStream::<T>::describe_response(doc);
    }
}

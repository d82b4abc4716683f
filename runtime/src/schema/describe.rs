//! Schemas for whatever types a handler uses, when they have one.
//!
//! Plain handlers may use any `Deserialize`/`Serialize` type, so a schema is optional: the
//! macro calls `(&Describe::<T>::new()).query(doc)`, and method resolution picks
//! [`DescribeSchema`] when `T: JsonSchema`, else the no-op [`DescribeNothing`]
//! (autoref specialization on a concrete type).

use std::marker::PhantomData;

use schemars::{JsonSchema, Schema};

use super::operation::{BodyKind, OperationDoc};

/// A type to describe.
pub struct Describe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> Describe<T> {
    /// The marker.
    pub const fn new() -> Describe<T> {
        Describe(PhantomData)
    }
}

impl<T: ?Sized> Default for Describe<T> {
    fn default() -> Self {
        Describe::new()
    }
}

/// Types with a JSON Schema.
pub trait DescribeSchema {
    /// A dynamic path segment.
    fn path_param(&self, name: &str, doc: &mut OperationDoc);
    /// The query object.
    fn query(&self, doc: &mut OperationDoc);
    /// The JSON body.
    fn data(&self, doc: &mut OperationDoc);
    /// The success value.
    fn response(&self, doc: &mut OperationDoc);
}

/// Types without one: described as strings (params) or not at all.
pub trait DescribeNothing {
    /// A dynamic path segment: a string.
    fn path_param(&self, name: &str, doc: &mut OperationDoc) {
        doc.path_params.push((
            name.to_owned(),
            schemars::json_schema!({ "type": "string" }),
        ));
    }
    /// Unknown query: not documented.
    fn query(&self, _doc: &mut OperationDoc) {}
    /// Unknown body: any JSON.
    fn data(&self, doc: &mut OperationDoc) {
        doc.body = Some((BodyKind::Json, schemars::json_schema!(true)));
    }
    /// Unknown response.
    fn response(&self, _doc: &mut OperationDoc) {}
}

impl<T: JsonSchema + ?Sized> DescribeSchema for Describe<T> {
    fn path_param(&self, name: &str, doc: &mut OperationDoc) {
        let schema = doc.generator().subschema_for::<T>();
        doc.path_params.push((name.to_owned(), schema));
    }

    fn query(&self, doc: &mut OperationDoc) {
        if !is_unit::<T>() {
            doc.query = Some(doc.generator().subschema_for::<T>());
        }
    }

    fn data(&self, doc: &mut OperationDoc) {
        if !is_unit::<T>() {
            doc.body = Some((BodyKind::Json, doc.generator().subschema_for::<T>()));
        }
    }

    fn response(&self, doc: &mut OperationDoc) {
        doc.response = Some(doc.generator().subschema_for::<T>());
    }
}

impl<T: ?Sized> DescribeNothing for &Describe<T> {}

/// Implemented by extractors that change how a route is documented, e.g. a session
/// extractor marks the route as requiring sign-in.
pub trait DocumentArg {
    /// Adds to the route's doc.
    fn document(doc: &mut OperationDoc);
}

/// Extractors that document themselves.
pub trait DescribeArg {
    /// Lets the extractor document the route.
    fn extractor(&self, doc: &mut OperationDoc);
}

/// Other extractors.
pub trait DescribeArgNothing {
    /// Nothing to document.
    fn extractor(&self, _doc: &mut OperationDoc) {}
}

impl<T: DocumentArg> DescribeArg for Describe<T> {
    fn extractor(&self, doc: &mut OperationDoc) {
        T::document(doc);
    }
}

impl<T: ?Sized> DescribeArgNothing for &Describe<T> {}

/// `()` means "this part is not read".
fn is_unit<T: JsonSchema + ?Sized>() -> bool {
    T::schema_name() == "null"
}

/// A schema that accepts anything, for parts whose type is unknown.
pub fn any() -> Schema {
    schemars::json_schema!(true)
}

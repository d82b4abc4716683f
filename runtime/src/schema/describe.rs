//! Schemas for whatever types a handler uses, when they have one.
//!
//! Plain handlers may use any `Deserialize`/`Serialize` type, so a schema is optional: the
//! macro calls `(&Describe::<T>::new()).query(doc)`, and method resolution picks
//! [`DescribeSchema`] when `T: JsonSchema`, else the no-op [`DescribeNothing`]
//! (autoref specialization on a concrete type).
//!
//! The same dispatch, not the spelling, finds what to describe: the success type of a
//! `Result` ([`SuccessOfResult`]) and the query and body of a `RequestOption`
//! ([`RequestOptionParts`]), so aliases and renamed imports are documented alike.

use std::future::Future;
use std::marker::PhantomData;

use schemars::JsonSchema;

use super::operation::{BodyKind, OperationDoc};

/// A type to describe.
pub struct Describe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> Describe<T> {
    /// The marker.
    pub const fn new() -> Describe<T> {
        Describe(PhantomData)
    }
}

impl Describe<()> {
    /// The output of the future `call` would return; `call` never runs. A handler's
    /// return type may be `impl Trait`, which a type argument cannot name.
    pub fn returned_by<F, Fut>(call: F) -> Describe<Fut::Output>
    where
        F: FnOnce() -> Fut,
        Fut: Future,
    {
        let _ = call;
        Describe::new()
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

/// A `Result`'s success type is what the response documents.
pub trait SuccessOfResult {
    /// The `T` of `Result<T, E>`.
    type Success;
    /// Its marker.
    fn success(&self) -> Describe<Self::Success>;
}

impl<T, E> SuccessOfResult for Describe<Result<T, E>> {
    type Success = T;
    fn success(&self) -> Describe<T> {
        Describe::new()
    }
}

/// Any other returned value documents itself.
pub trait SuccessOfValue {
    /// The type itself.
    type Success: ?Sized;
    /// Its marker.
    fn success(&self) -> Describe<Self::Success>;
}

impl<T: ?Sized> SuccessOfValue for &Describe<T> {
    type Success = T;
    fn success(&self) -> Describe<T> {
        Describe::new()
    }
}

/// A `RequestOption<Q, D>` argument documents its query `Q` and JSON body `D` (implemented
/// beside `RequestOption`).
pub trait RequestOptionParts {
    /// `Q`.
    type Query;
    /// `D`.
    type Data;
    /// Their markers.
    fn request_option(&self) -> (Describe<Self::Query>, Describe<Self::Data>);
}

/// Other arguments read neither: `()`, which documents nothing.
pub trait NoRequestOption {
    /// Two `()` markers.
    fn request_option(&self) -> (Describe<()>, Describe<()>) {
        (Describe::new(), Describe::new())
    }
}

impl<T: ?Sized> NoRequestOption for &Describe<T> {}

/// `()` means "this part is not read".
fn is_unit<T: JsonSchema + ?Sized>() -> bool {
    T::schema_name() == "null"
}

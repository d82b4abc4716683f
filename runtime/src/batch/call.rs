//! The batch request body `{"calls": [{method, path, query?, body?}, ...]}`, checked call by
//! call so that every mistake names its field (`calls[3].method: ...`).

use std::borrow::Cow;
use std::fmt;

use http::{Method, Uri};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

use crate::error::{code, ApiError};
use crate::extract::rejection::{BodyRejection, LimitRejection};

/// One call of a batch, ready to become a request.
#[derive(Debug)]
pub(crate) struct BatchCall {
    pub method: Method,
    /// Path and encoded query string.
    pub uri: Uri,
    /// The JSON body, when the call has one (`null` included).
    pub body: Option<Value>,
}

/// Methods a call may use: the ones a lambda can be routed on.
pub(crate) const METHODS: [&str; 9] = bffkit_contract::METHOD_NAMES;

/// A batch body, read by [`parse`]: `{"calls": [...]}`.
#[derive(Debug)]
pub(crate) struct Calls(pub Vec<BatchCall>);

impl Calls {
    /// States `[batch] max_calls` in the body's schema: more calls are refused with 413.
    pub(crate) fn limit(schema: &mut Schema, max_calls: usize) {
        if let Some(calls) = schema
            .pointer_mut("/properties/calls")
            .and_then(Value::as_object_mut)
        {
            calls.insert("maxItems".to_owned(), max_calls.into());
        }
    }
}

/// What [`parse`] accepts, stated beside it (property tests check the two agree).
impl JsonSchema for Calls {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "BatchCalls".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "required": ["calls"],
            "additionalProperties": false,
            "properties": {
                "calls": { "type": "array", "items": generator.subschema_for::<BatchCall>() }
            }
        })
    }
}

/// One call as [`parse_call`] accepts it: methods in any case, ASCII URI paths without a
/// query string, a query of scalars or arrays of them, any JSON body.
impl JsonSchema for BatchCall {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "BatchCall".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let method: Vec<String> = METHODS
            .iter()
            .map(|m| {
                m.chars()
                    .map(|c| format!("[{c}{}]", c.to_ascii_lowercase()))
                    .collect()
            })
            .collect();
        let method = format!("^({})$", method.join("|"));
        let scalar = json_schema!({ "type": ["string", "number", "boolean"] });
        json_schema!({
            "type": "object",
            "required": ["method", "path"],
            "additionalProperties": false,
            "properties": {
                "method": { "type": "string", "pattern": method },
                "path": { "type": "string", "pattern": "^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$" },
                "query": {
                    "type": ["object", "null"],
                    "additionalProperties": {
                        "oneOf": [scalar, { "type": "array", "items": scalar }]
                    }
                },
                "body": {}
            }
        })
    }
}

/// Parses and checks a batch body. `batch_path` is refused as a call path (no recursion).
pub(crate) fn parse(
    bytes: &[u8],
    max_calls: usize,
    batch_path: &str,
) -> Result<Calls, BatchRejection> {
    let root: Value = serde_json::from_slice(bytes)
        .map_err(|e| invalid("batch", format!("malformed JSON: {e}")))?;
    let Value::Object(mut root) = root else {
        return Err(invalid(
            "batch",
            "expected an object `{\"calls\": [...]}`".to_owned(),
        ));
    };
    if let Some(key) = root.keys().find(|k| *k != "calls") {
        return Err(invalid(
            key,
            "unknown field; a batch has only `calls`".to_owned(),
        ));
    }
    let calls = match root.remove("calls") {
        Some(Value::Array(calls)) => calls,
        Some(_) => return Err(invalid("calls", "expected an array of calls".to_owned())),
        None => return Err(invalid("calls", "missing field".to_owned())),
    };
    if calls.len() > max_calls {
        return Err(BatchRejection::Limit(LimitRejection::TooManyCalls {
            calls: calls.len(),
            max: max_calls,
        }));
    }
    calls
        .into_iter()
        .enumerate()
        .map(|(i, call)| parse_call(&format!("calls[{i}]"), call, batch_path))
        .collect::<Result<_, _>>()
        .map(Calls)
}

fn parse_call(at: &str, call: Value, batch_path: &str) -> Result<BatchCall, BatchRejection> {
    let Value::Object(mut call) = call else {
        return Err(invalid(
            at,
            "expected an object `{method, path, query?, body?}`".to_owned(),
        ));
    };
    if let Some(key) = call
        .keys()
        .find(|k| !matches!(k.as_str(), "method" | "path" | "query" | "body"))
    {
        return Err(invalid(
            format!("{at}.{key}"),
            "unknown field; a call has `method`, `path`, `query` and `body`".to_owned(),
        ));
    }
    let method = parse_method(at, call.remove("method"))?;
    let path = parse_path(at, call.remove("path"), batch_path)?;
    let query = match call.remove("query") {
        None | Some(Value::Null) => String::new(),
        Some(Value::Object(query)) => encode_query(at, &query)?,
        Some(_) => {
            return Err(invalid(
                format!("{at}.query"),
                "expected an object of strings or arrays of strings".to_owned(),
            ))
        }
    };
    let uri = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    let uri = Uri::try_from(uri).map_err(|e| {
        invalid(
            format!("{at}.path"),
            format!("`{path}` is not a valid URI path: {e}"),
        )
    })?;
    Ok(BatchCall {
        method,
        uri,
        body: call.remove("body"),
    })
}

fn parse_method(at: &str, method: Option<Value>) -> Result<Method, BatchRejection> {
    let method = match method {
        Some(Value::String(m)) => m.to_ascii_uppercase(),
        Some(_) => {
            return Err(invalid(
                format!("{at}.method"),
                "expected a string".to_owned(),
            ))
        }
        None => return Err(invalid(format!("{at}.method"), "missing field".to_owned())),
    };
    if !METHODS.contains(&method.as_str()) {
        return Err(invalid(
            format!("{at}.method"),
            format!(
                "`{method}` is not an HTTP method; expected one of {}",
                METHODS.join(", ")
            ),
        ));
    }
    Method::from_bytes(method.as_bytes())
        .map_err(|e| invalid(format!("{at}.method"), e.to_string()))
}

fn parse_path(at: &str, path: Option<Value>, batch_path: &str) -> Result<String, BatchRejection> {
    let path = match path {
        Some(Value::String(p)) => p,
        Some(_) => {
            return Err(invalid(
                format!("{at}.path"),
                "expected a string".to_owned(),
            ))
        }
        None => return Err(invalid(format!("{at}.path"), "missing field".to_owned())),
    };
    if !path.starts_with('/') {
        return Err(invalid(
            format!("{at}.path"),
            format!("must start with `/` (got `{path}`)"),
        ));
    }
    if path.contains(['?', '#']) {
        return Err(invalid(
            format!("{at}.path"),
            "must not contain `?` or `#`; put the query string in `query`".to_owned(),
        ));
    }
    if path == batch_path {
        return Err(invalid(
            format!("{at}.path"),
            format!("a batch cannot call the batch endpoint `{batch_path}`"),
        ));
    }
    Ok(path)
}

/// `{"page": "1", "tag": ["a", "b"]}` → `page=1&tag=a&tag=b`; numbers and booleans are
/// written as their JSON text.
fn encode_query(at: &str, query: &Map<String, Value>) -> Result<String, BatchRejection> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in query {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let Some(text) = scalar(item) else {
                        return Err(invalid(
                            format!("{at}.query.{key}[{i}]"),
                            "expected a string".to_owned(),
                        ));
                    };
                    out.append_pair(key, &text);
                }
            }
            other => {
                let Some(text) = scalar(other) else {
                    return Err(invalid(
                        format!("{at}.query.{key}"),
                        "expected a string or an array of strings".to_owned(),
                    ));
                };
                out.append_pair(key, &text);
            }
        }
    }
    Ok(out.finish())
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn invalid(path: impl Into<String>, reason: String) -> BatchRejection {
    BatchRejection::InvalidCall {
        path: path.into(),
        reason,
    }
}

/// What a batch body can be refused with (the endpoint's own refusals; each call's
/// failures are its own line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BatchRejection {
    /// 400: the body, or one of its calls, is not a valid batch: `calls[3].method: ...`.
    InvalidCall {
        /// Where: `batch`, `calls`, `calls[3].path`.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// 413: more calls than `[batch] max_calls`.
    Limit(LimitRejection),
    /// Reading the body: not JSON (415), over `[limits] body_bytes` (413), cut off (400).
    Body(BodyRejection),
}

crate::extract::rejection::codes! { BatchRejection, nested Limit(LimitRejection), nested Body(BodyRejection);
    BatchRejection::InvalidCall { .. } => code::BAD_REQUEST, "Bad request or failed validation";
}

impl BatchRejection {
    #[cfg(test)]
    fn path(&self) -> Option<String> {
        match self {
            BatchRejection::InvalidCall { path, .. } => Some(path.clone()),
            BatchRejection::Limit(limit) => limit.path(),
            BatchRejection::Body(body) => body.path(),
        }
    }
}

impl fmt::Display for BatchRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchRejection::InvalidCall { path, reason } => write!(f, "{path}: {reason}"),
            BatchRejection::Limit(limit) => limit.fmt(f),
            BatchRejection::Body(body) => body.fmt(f),
        }
    }
}

impl From<BodyRejection> for BatchRejection {
    fn from(body: BodyRejection) -> BatchRejection {
        BatchRejection::Body(body)
    }
}

impl From<BatchRejection> for ApiError {
    fn from(rejection: BatchRejection) -> ApiError {
        ApiError::new(rejection.code(), rejection.to_string())
    }
}

impl axum::response::IntoResponse for BatchRejection {
    fn into_response(self) -> axum::response::Response {
        ApiError::from(self).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(body: &str) -> BatchRejection {
        parse(body.as_bytes(), 3, "/api/_batch").unwrap_err()
    }

    /// The field a refusal names, and its message.
    fn refused(body: &str) -> (String, String) {
        let error = error(body);
        assert_eq!(error.code(), code::BAD_REQUEST, "{error}");
        (error.path().unwrap_or_default(), error.to_string())
    }

    #[test]
    fn calls_become_uris_with_encoded_queries() {
        let calls = parse(
            br#"{"calls": [{"method": "get", "path": "/api/x", "query": {"a": "1 2", "t": ["x", 3, true]}},
                           {"method": "POST", "path": "/api/y", "body": null}]}"#,
            3,
            "/api/_batch",
        )
        .unwrap()
        .0;
        assert_eq!(calls[0].method, Method::GET);
        assert_eq!(calls[0].uri, "/api/x?a=1+2&t=x&t=3&t=true");
        assert_eq!(calls[0].body, None);
        assert_eq!(calls[1].body, Some(Value::Null));
    }

    #[test]
    fn mistakes_name_their_field() {
        let (path, msg) = refused("{");
        assert_eq!(path, "batch");
        assert!(msg.starts_with("batch: malformed JSON"), "{msg}");
        assert_eq!(refused("{}").1, "calls: missing field");
        assert_eq!(
            refused(r#"{"calls": {}}"#).1,
            "calls: expected an array of calls"
        );
        assert_eq!(refused(r#"{"calls": [], "x": 1}"#).0, "x");
        assert_eq!(refused(r#"{"calls": [1]}"#).0, "calls[0]");
        assert_eq!(
            refused(r#"{"calls": [{"path": "/a"}]}"#).1,
            "calls[0].method: missing field"
        );
        assert_eq!(
            refused(r#"{"calls": [{"method": "FETCH", "path": "/a"}]}"#).0,
            "calls[0].method"
        );
        assert_eq!(
            refused(r#"{"calls": [{"method": "GET", "path": "a"}]}"#).1,
            "calls[0].path: must start with `/` (got `a`)"
        );
        assert_eq!(
            refused(r#"{"calls": [{"method": "GET", "path": "/a b"}]}"#).0,
            "calls[0].path"
        );
        assert_eq!(
            refused(r#"{"calls": [{"method": "GET", "path": "/a", "query": {"k": {}}}]}"#).0,
            "calls[0].query.k"
        );
        assert_eq!(
            refused(r#"{"calls": [{"method": "GET", "path": "/a", "headers": {}}]}"#).0,
            "calls[0].headers"
        );
        let (path, msg) = refused(r#"{"calls": [{"method": "POST", "path": "/api/_batch"}]}"#);
        assert_eq!(path, "calls[0].path");
        assert!(msg.contains("cannot call the batch endpoint"), "{msg}");
    }

    #[test]
    fn too_many_calls_is_413() {
        let call = r#"{"method": "GET", "path": "/a"}"#;
        let body = format!("{{\"calls\": [{call},{call},{call},{call}]}}");
        let err = parse(body.as_bytes(), 3, "/api/_batch").unwrap_err();
        assert_eq!(
            err,
            BatchRejection::Limit(LimitRejection::TooManyCalls { calls: 4, max: 3 })
        );
        let err = ApiError::from(err);
        assert_eq!(err.status(), 413);
        assert_eq!(err.code(), 20009);
        assert_eq!(err.msg(), "batch has 4 calls; the limit is 3");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::*;

    /// The request schema the manifest documents, as a validator.
    fn documented() -> jsonschema::Validator {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<Calls>();
        jsonschema::validator_for(schema.as_value()).unwrap()
    }

    proptest! {
        #[test]
        fn parsing_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
            let _ = parse(&bytes, 50, "/api/_batch");
        }

        #[test]
        fn parsing_arbitrary_json_never_panics(calls in prop::collection::vec(
            (".{0,8}", ".{0,12}", proptest::option::of(".{0,8}")), 0..8)
        ) {
            let calls: Vec<Value> = calls.into_iter().map(|(m, p, q)| json!({ "method": m, "path": p, "query": { "q": q } })).collect();
            let body = json!({ "calls": calls });
            // What the documented schema accepts, the parser accepts.
            let parsed = parse(&serde_json::to_vec(&body).unwrap(), 50, "/api/_batch");
            if documented().is_valid(&body) {
                prop_assert!(parsed.is_ok(), "{}", body);
            }
        }

        #[test]
        fn accepted_calls_round_trip(calls in prop::collection::vec(
            (prop::sample::select(&METHODS[..]), "(/[a-z0-9]{1,6}){1,3}", "[a-z]{1,5}", "[a-zA-Z0-9 ]{0,6}"), 1..8)
        ) {
            let body: Vec<Value> = calls.iter().map(|(m, p, k, v)| json!({ "method": m, "path": p, "query": { k.clone(): v } })).collect();
            let body = json!({ "calls": body });
            prop_assert!(documented().is_valid(&body), "{}", body);
            let parsed = parse(&serde_json::to_vec(&body).unwrap(), 50, "/api/_batch").unwrap().0;
            prop_assert_eq!(parsed.len(), calls.len());
            for (call, (m, p, k, v)) in parsed.iter().zip(&calls) {
                prop_assert_eq!(call.method.as_str(), *m);
                prop_assert_eq!(call.uri.path(), p.as_str());
                let decoded: Vec<(String, String)> = form_urlencoded::parse(call.uri.query().unwrap_or("").as_bytes()).into_owned().collect();
                prop_assert_eq!(decoded, vec![(k.clone(), v.clone())]);
            }
        }
    }
}

//! Deserialization errors that name where in the request they happened
//! (`data.items[2].name: invalid type: ...`).

use serde::de::DeserializeOwned;

use super::query_arrays;
use super::rejection::{BodyRejection, QueryRejection};

/// Joins a request part and a serde path: `("data", "a.b")` → `data.a.b`.
pub fn located_path(part: &str, path: &serde_path_to_error::Path) -> String {
    join(part, &path.to_string())
}

/// `("data", ".")` → `data`, `("data", "[1]")` → `data[1]`, `("data", "a")` → `data.a`.
fn join(part: &str, path: &str) -> String {
    if path == "." {
        part.to_owned()
    } else if path.starts_with('[') {
        format!("{part}{path}")
    } else {
        format!("{part}.{path}")
    }
}

/// Parses JSON into `T`, reporting the first error with its path under `part`.
pub fn json<T: DeserializeOwned>(part: &str, bytes: &[u8]) -> Result<T, BodyRejection> {
    // Tracking the path costs on every value; only a failed parse needs it, so the
    // failure is parsed again to find where.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            BodyRejection::MalformedJson {
                part: part.to_owned(),
                reason: inner.to_string(),
            }
        } else {
            BodyRejection::InvalidJson {
                path: located_path(part, e.path()),
                reason: strip_position(&inner.to_string()).to_owned(),
            }
        }
    })?;
    Ok(value)
}

/// Parses a query or form string into `T`. Repeated keys fill a `Vec<T>` or
/// `Option<Vec<T>>` field (OpenAPI's `style: form, explode: true`, how the TypeScript
/// client sends arrays).
pub fn urlencoded<T: DeserializeOwned>(part: &str, text: &str) -> Result<T, QueryRejection> {
    // serde_urlencoded streams the pairs; serde_html_form first groups them by key to
    // read arrays. Trying the first keeps every query that read before reading the same,
    // at the same cost; only a query it cannot read (an array field) pays for grouping.
    if let Ok(value) = serde_urlencoded::from_str(text) {
        return Ok(value);
    }
    query_arrays::from_str(text).map_err(|(path, reason)| QueryRejection::InvalidQuery {
        path: join(part, &path),
        reason,
    })
}

/// serde_json appends "at line 1 column 12"; the path already says where.
fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map(|i| &msg[..i]).unwrap_or(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Data {
        name: String,
        items: Vec<Item>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        n: u32,
    }

    #[test]
    fn errors_name_the_field() {
        let err = json::<Data>("data", br#"{"name": 0, "items": []}"#).unwrap_err();
        assert_eq!(
            err,
            BodyRejection::InvalidJson {
                path: "data.name".to_owned(),
                reason: "invalid type: integer `0`, expected a string".to_owned(),
            }
        );
        let err =
            json::<Data>("data", br#"{"name": "x", "items": [{"n": 1}, {"n": -1}]}"#).unwrap_err();
        assert_eq!(err.path().as_deref(), Some("data.items[1].n"));
        assert!(
            err.to_string()
                .starts_with("data.items[1].n: invalid value"),
            "{err}"
        );
        let err = json::<Data>("data", br#"{"name": "x"}"#).unwrap_err();
        assert_eq!(err.to_string(), "data: missing field `items`");
        let err = json::<Data>("data", br#"{"name": "x""#).unwrap_err();
        assert!(
            matches!(&err, BodyRejection::MalformedJson { part, .. } if part == "data"),
            "{err:?}"
        );
        assert_eq!(err.status(), 400);
    }

    #[test]
    fn repeated_keys_fill_vectors() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Q {
            // An empty array is sent as no key at all.
            tag: Vec<String>,
            id: Option<Vec<u32>>,
            page: Option<u32>,
        }
        let q = urlencoded::<Q>("query", "tag=a&tag=b%20c&id=1&id=2&page=3").unwrap();
        assert_eq!(q.tag, ["a", "b c"]);
        assert_eq!(q.id, Some(vec![1, 2]));
        assert_eq!(q.page, Some(3));
        let q = urlencoded::<Q>("query", "tag=a&id=7").unwrap();
        assert_eq!((q.tag, q.id), (vec!["a".to_owned()], Some(vec![7])));
        let q = urlencoded::<Q>("query", "").unwrap();
        assert_eq!((q.tag, q.id, q.page), (vec![], None, None));
        let err = urlencoded::<Q>("query", "tag=a&id=1&id=x").unwrap_err();
        assert!(err.path().starts_with("query.id"), "{err}");
    }

    #[test]
    fn query_errors_name_the_key() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Q {
            page: u32,
        }
        let err = urlencoded::<Q>("query", "page=x").unwrap_err();
        assert_eq!(err.path(), "query.page");
        assert!(err.to_string().starts_with("query.page: "), "{err}");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Query {
        page: u32,
        name: Option<String>,
        flag: bool,
    }

    proptest! {
        #[test]
        fn query_decoding_never_panics(text in ".{0,64}") {
            let _ = urlencoded::<Query>("query", &text);
            let _ = urlencoded::<std::collections::HashMap<String, String>>("query", &text);
        }

        #[test]
        fn accepted_queries_round_trip(page in any::<u32>(), name in proptest::option::of(".{0,16}"), flag in any::<bool>()) {
            let query = Query { page, name, flag };
            let text = serde_urlencoded::to_string(&query).unwrap();
            let back: Query = urlencoded("query", &text).unwrap();
            // An empty name encodes as `name=`, which decodes as Some("").
            prop_assert_eq!(back.page, query.page);
            prop_assert_eq!(back.flag, query.flag);
            prop_assert_eq!(back.name.unwrap_or_default(), query.name.unwrap_or_default());
        }

        #[test]
        fn json_decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..128)) {
            let _ = json::<Query>("data", &bytes);
            let _ = json::<serde_json::Value>("data", &bytes);
        }
    }
}

//! The HTTP methods a lambda can serve, and how each is spelled on every side: the
//! attribute (`#[get]`), the function name for `#[api]`, the wire (`GET`) and the
//! manifest (`get`, or `x-bffkit-connect`).

use serde::{Deserialize, Serialize};

use crate::manifest::extension;

/// HTTP methods a lambda can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
    Connect,
}

/// Every method's name in upper case, in [`Method::ALL`] order.
pub const METHOD_NAMES: [&str; 9] = [
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

impl Method {
    /// Every method, in the order of the attribute macros.
    pub const ALL: [Method; 9] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
        Method::Head,
        Method::Options,
        Method::Trace,
        Method::Connect,
    ];

    /// The method's name in upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        METHOD_NAMES[self as usize]
    }

    /// The enum variant's name (`Get`), as generated code spells it.
    pub fn variant_name(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Delete => "Delete",
            Method::Patch => "Patch",
            Method::Head => "Head",
            Method::Options => "Options",
            Method::Trace => "Trace",
            Method::Connect => "Connect",
        }
    }

    /// The attribute that declares it (`get` for `#[get]`), also the lower-case name.
    pub fn attribute(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Delete => "delete",
            Method::Patch => "patch",
            Method::Head => "head",
            Method::Options => "options",
            Method::Trace => "trace",
            Method::Connect => "connect",
        }
    }

    /// The method by its name in any case.
    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }

    /// What `#[api]` serves for a function name, case-insensitively: `fn Post` → `POST`;
    /// `fn del` → `DELETE` (Modern.js's spelling, as `delete` is reserved in JavaScript);
    /// other names serve `GET`, like a Modern.js default export.
    pub fn from_fn_name(name: &str) -> Method {
        if name.eq_ignore_ascii_case("del") {
            return Method::Delete;
        }
        Method::from_name(name).unwrap_or(Method::Get)
    }

    /// Its key in an OpenAPI path item: the lower-case name, except `CONNECT`, which
    /// OpenAPI has no operation for and bffkit documents under an extension.
    pub fn openapi_key(self) -> &'static str {
        match self {
            Method::Connect => extension::CONNECT,
            other => other.attribute(),
        }
    }

    /// The method a path item's key documents, if the key is an operation.
    pub fn from_openapi_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.openapi_key() == key)
    }
}

/// The attribute names that make a function a handler: `api` and one per method.
pub fn is_handler_attribute(name: &str) -> bool {
    name == "api" || Method::ALL.iter().any(|m| m.attribute() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_pick_the_method_in_any_case() {
        for (name, method) in [
            ("get", "GET"),
            ("Post", "POST"),
            ("del", "DELETE"),
            ("DEL", "DELETE"),
            ("Del", "DELETE"),
            ("delete", "DELETE"),
            ("CONNECT", "CONNECT"),
            ("list", "GET"),
            ("deleted", "GET"),
        ] {
            assert_eq!(Method::from_fn_name(name).as_str(), method, "fn {name}");
        }
    }

    #[test]
    fn spellings_agree() {
        for method in Method::ALL {
            assert_eq!(method.as_str(), method.attribute().to_ascii_uppercase());
            assert_eq!(method.as_str(), method.variant_name().to_ascii_uppercase());
            assert_eq!(Method::from_name(method.attribute()), Some(method));
            assert_eq!(Method::from_openapi_key(method.openapi_key()), Some(method));
            assert_eq!(
                serde_json::to_string(&method).unwrap(),
                format!("\"{}\"", method.as_str())
            );
            assert!(is_handler_attribute(method.attribute()));
        }
        assert_eq!(Method::Connect.openapi_key(), "x-bffkit-connect");
        assert_eq!(Method::from_openapi_key("connect"), None);
        assert!(is_handler_attribute("api") && !is_handler_attribute("test"));
    }
}

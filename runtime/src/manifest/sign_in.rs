//! Sign-in's security schemes (`App::auth`), and what each operation requires. The
//! sign-in routes themselves describe themselves where they are served (`auth::routes`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::security::{requirement, Requirement};

/// What the manifest records about sign-in, when the app has it.
#[derive(Debug, Clone)]
pub(crate) struct SignInDoc {
    /// The session cookie's name, when `[auth.cookie]` is on.
    pub cookie: Option<String>,
    /// The header `ApiKey` reads.
    pub api_key_header: String,
}

/// Security scheme names used in `components.securitySchemes` and operations.
const BEARER: &str = "bearer";
const COOKIE: &str = "cookie";
const API_KEY: &str = "apiKey";

/// An OpenAPI Security Scheme Object.
#[derive(Serialize)]
struct SecurityScheme<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheme: Option<&'static str>,
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    location: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    description: &'static str,
}

impl SecurityScheme<'_> {
    fn value(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

impl SignInDoc {
    /// `components.securitySchemes`.
    pub(super) fn schemes(&self) -> BTreeMap<String, Value> {
        let mut schemes = BTreeMap::new();
        let bearer = SecurityScheme {
            kind: "http",
            scheme: Some("bearer"),
            location: None,
            name: None,
            description: "The token a sign-in answers (mini programs, servers)",
        };
        schemes.insert(BEARER.to_owned(), bearer.value());
        if let Some(name) = &self.cookie {
            let cookie = SecurityScheme {
                kind: "apiKey",
                scheme: None,
                location: Some("cookie"),
                name: Some(name),
                description: "The HttpOnly session cookie a browser's sign-in sets",
            };
            schemes.insert(COOKIE.to_owned(), cookie.value());
        }
        let api_key = SecurityScheme {
            kind: "apiKey",
            scheme: None,
            location: Some("header"),
            name: Some(&self.api_key_header),
            description: "A server-to-server key from [auth] api_keys",
        };
        schemes.insert(API_KEY.to_owned(), api_key.value());
        schemes
    }

    /// An operation's `security`: a session (bearer or cookie), an API key, or nothing.
    pub(super) fn security(&self, requires_auth: bool, requires_api_key: bool) -> Vec<Requirement> {
        if requires_api_key {
            vec![requirement([API_KEY])]
        } else if requires_auth {
            self.session()
        } else {
            Vec::new()
        }
    }

    fn session(&self) -> Vec<Requirement> {
        let mut alternatives = vec![requirement([BEARER])];
        if self.cookie.is_some() {
            alternatives.push(requirement([COOKIE]));
        }
        alternatives
    }
}

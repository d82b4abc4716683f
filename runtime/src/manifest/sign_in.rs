//! The sign-in routes (`App::auth`) and the security schemes in the manifest: what a
//! generated client needs to sign in, refresh and sign out, and what each operation
//! requires.

use std::collections::BTreeMap;

use bffkit_contract::manifest::{Operation, RequestBody, Response};
use bffkit_contract::Method;
use schemars::json_schema;
use serde::Serialize;
use serde_json::Value;

use super::request_body::media;
use super::responses::{api_error, described, with_body};
use super::security::{requirement, Requirement};

/// What the manifest records about sign-in, when the app has it.
#[derive(Debug, Clone)]
pub(crate) struct SignInDoc {
    /// Whether `{prefix}/auth/alipay/login` exists (feature `auth-alipay`).
    pub alipay: bool,
    /// The session cookie's name, when `[auth.cookie]` is on.
    pub cookie: Option<String>,
    /// The header `ApiKey` reads.
    pub api_key_header: String,
    /// The schemas of what the routes answer, from their answer types (`auth::answer`).
    pub answers: SignInAnswers,
}

/// The JSON Schemas of the sign-in routes' answers.
#[derive(Debug, Clone)]
pub(crate) struct SignInAnswers {
    /// A sign-in's or refresh's session.
    pub session: Value,
    /// Logout's `{"revoked": true}`.
    pub revoked: Value,
}

impl SignInAnswers {
    /// The schemas of `Session` (a sign-in's or refresh's answer) and `Revoked` (logout's),
    /// the types the routes answer with (`auth::answer`): inline, and as serialized (a
    /// field skipped when empty is not required).
    #[cfg_attr(not(feature = "auth"), allow(dead_code))]
    pub(crate) fn of<Session: schemars::JsonSchema, Revoked: schemars::JsonSchema>() -> SignInAnswers
    {
        let mut generator = schemars::generate::SchemaSettings::draft2020_12()
            .for_serialize()
            .with(|s| s.inline_subschemas = true)
            .into_generator();
        SignInAnswers {
            session: generator.subschema_for::<Session>().to_value(),
            revoked: generator.subschema_for::<Revoked>().to_value(),
        }
    }
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

/// An OpenAPI Header Object.
#[derive(Serialize)]
struct Header {
    description: String,
    schema: Value,
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

    /// The sign-in operations: `(path, method, operation)`.
    pub(super) fn operations(&self, prefix: &str) -> Vec<(String, Method, Operation)> {
        let path = |p: &str| bffkit_contract::prefix::join(prefix, &format!("/auth{p}"));
        let mut out = vec![(
            path("/wechat/login"),
            Method::Post,
            self.login(
                "wechatLogin",
                "Signs in with the code from wx.login",
                "code",
                "The code from wx.login",
            ),
        )];
        if self.alipay {
            out.push((
                path("/alipay/login"),
                Method::Post,
                self.login(
                    "alipayLogin",
                    "Signs in with the code from my.getAuthCode",
                    "auth_code",
                    "The code from my.getAuthCode",
                ),
            ));
        }
        out.push((path("/refresh"), Method::Post, self.refresh()));
        out.push((path("/logout"), Method::Post, self.logout()));
        out
    }

    fn login(&self, id: &str, summary: &str, field: &str, what: &str) -> Operation {
        let body = json_schema!({
            "type": "object",
            "required": [field],
            "properties": { field: { "type": "string", "minLength": 1, "pattern": "\\S", "description": what } }
        });
        let mut description = "The platform's secrets stay on the server; the answer is the \
                               app's own session."
            .to_owned();
        if self.cookie.is_some() {
            description.push_str(
                " A browser (a request with Origin or Sec-Fetch-Site) gets it as the HttpOnly \
                 session cookie and a body without the token; anything else gets the token.",
            );
        }
        Operation {
            operation_id: Some(id.to_owned()),
            summary: Some(summary.to_owned()),
            description: Some(description),
            unbatched: true,
            security: Some(Vec::new()),
            request_body: Some(RequestBody {
                required: true,
                content: BTreeMap::from([("application/json".to_owned(), media(body.to_value()))]),
                other: BTreeMap::new(),
            }),
            responses: self.responses(
                "The new session",
                self.answers.session.clone(),
                &[
                    (400, "The body lacks the code or is malformed"),
                    (401, "The platform refused the code"),
                    (
                        403,
                        "The platform blocked the user, or a cross-site browser sign-in",
                    ),
                    (413, "Body over its limit"),
                    (415, "Unsupported content type"),
                    (429, "The platform's rate limit"),
                    (
                        502,
                        "The platform failed, or its answer failed verification",
                    ),
                    (
                        503,
                        "The platform is not configured, busy, or the session store is down",
                    ),
                    (504, "The platform did not answer in time"),
                ],
            ),
            ..Operation::default()
        }
    }

    fn refresh(&self) -> Operation {
        Operation {
            operation_id: Some("refresh".to_owned()),
            summary: Some(
                "Swaps the session for a new one; the old token or cookie stops working".to_owned(),
            ),
            unbatched: true,
            security: Some(super::security::to_values(self.session())),
            responses: self.responses(
                "The new session",
                self.answers.session.clone(),
                &[
                    (401, "No valid session"),
                    (403, "A cross-site request with the session cookie"),
                    (502, "The platform failed renewing its tokens"),
                    (503, "The session store is unavailable"),
                    (504, "The platform did not answer in time"),
                ],
            ),
            ..Operation::default()
        }
    }

    fn logout(&self) -> Operation {
        Operation {
            operation_id: Some("logout".to_owned()),
            summary: Some("Ends the session (and clears the session cookie)".to_owned()),
            unbatched: true,
            security: Some(super::security::to_values(self.session())),
            responses: self.responses(
                "The session is revoked",
                self.answers.revoked.clone(),
                &[
                    (401, "No valid session"),
                    (403, "A cross-site request with the session cookie"),
                    (503, "The session store is unavailable"),
                ],
            ),
            ..Operation::default()
        }
    }

    fn responses(
        &self,
        success: &str,
        schema: Value,
        failures: &[(u16, &str)],
    ) -> BTreeMap<String, Response> {
        let mut ok = with_body(success, "application/json", schema);
        if let Some(name) = &self.cookie {
            let set_cookie = Header {
                description: format!("`{name}=…; HttpOnly; …` for a browser's session"),
                schema: super::schemas::string(),
            };
            let headers = BTreeMap::from([("Set-Cookie", set_cookie)]);
            ok.other.insert(
                "headers".to_owned(),
                serde_json::to_value(headers).unwrap_or_default(),
            );
        }
        let mut responses = BTreeMap::new();
        responses.insert("200".to_owned(), ok);
        let common = [
            (404, "Not found"),
            (405, "Method not allowed"),
            (408, "The request took too long"),
            (414, "Query string over its limit"),
            (500, "Server error"),
        ];
        for (status, meaning) in failures.iter().chain(common.iter()) {
            responses.insert(status.to_string(), api_error(meaning));
        }
        responses.insert(
            "431".to_owned(),
            described("Request head over its limit (answered before routing, no body)"),
        );
        responses
    }
}

//! The sign-in routes (`App::auth`) and the security schemes in the manifest: what a
//! generated client needs to sign in, refresh and sign out, and what each operation
//! requires.

use bffkit_contract::manifest::extension;
use serde_json::{json, Map, Value};

/// What the manifest records about sign-in, when the app has it.
#[derive(Debug, Clone)]
pub struct SignInDoc {
    /// Whether `{prefix}/auth/alipay/login` exists (feature `auth-alipay`).
    pub alipay: bool,
    /// The session cookie's name, when `[auth.cookie]` is on.
    pub cookie: Option<String>,
    /// The header `ApiKey` reads.
    pub api_key_header: String,
}

/// Security scheme names used in `components.securitySchemes` and operations.
const BEARER: &str = "bearer";
const COOKIE: &str = "cookie";
const API_KEY: &str = "apiKey";

impl SignInDoc {
    /// `components.securitySchemes`.
    pub(super) fn schemes(&self) -> Value {
        let mut schemes = Map::new();
        schemes.insert(
            BEARER.into(),
            json!({
                "type": "http",
                "scheme": "bearer",
                "description": "The token a sign-in answers (mini programs, servers)"
            }),
        );
        if let Some(name) = &self.cookie {
            schemes.insert(
                COOKIE.into(),
                json!({
                    "type": "apiKey",
                    "in": "cookie",
                    "name": name,
                    "description": "The HttpOnly session cookie a browser's sign-in sets"
                }),
            );
        }
        schemes.insert(
            API_KEY.into(),
            json!({
                "type": "apiKey",
                "in": "header",
                "name": self.api_key_header,
                "description": "A server-to-server key from [auth] api_keys"
            }),
        );
        Value::Object(schemes)
    }

    /// An operation's `security`: a session (bearer or cookie), an API key, or nothing.
    pub(super) fn security(&self, requires_auth: bool, requires_api_key: bool) -> Value {
        if requires_api_key {
            json!([{ API_KEY: [] }])
        } else if requires_auth {
            self.session()
        } else {
            json!([])
        }
    }

    fn session(&self) -> Value {
        match self.cookie {
            Some(_) => json!([{ BEARER: [] }, { COOKIE: [] }]),
            None => json!([{ BEARER: [] }]),
        }
    }

    /// The sign-in operations: `(path, method, operation)`.
    pub(super) fn operations(&self, prefix: &str) -> Vec<(String, &'static str, Value)> {
        let path = |p: &str| bffkit_contract::prefix::join(prefix, &format!("/auth{p}"));
        let mut out = vec![(
            path("/wechat/login"),
            "post",
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
                "post",
                self.login(
                    "alipayLogin",
                    "Signs in with the code from my.getAuthCode",
                    "auth_code",
                    "The code from my.getAuthCode",
                ),
            ));
        }
        out.push((path("/refresh"), "post", self.refresh()));
        out.push((path("/logout"), "post", self.logout()));
        out
    }

    fn login(&self, id: &str, summary: &str, field: &str, what: &str) -> Value {
        let body = json!({
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
        json!({
            "operationId": id,
            "summary": summary,
            (extension::UNBATCHED): true,
            "description": description,
            "security": [],
            "requestBody": { "required": true, "content": { "application/json": { "schema": body } } },
            "responses": self.responses(
                "The new session",
                session_schema(),
                &[
                    (400, "The body lacks the code or is malformed"),
                    (401, "The platform refused the code"),
                    (403, "The platform blocked the user, or a cross-site browser sign-in"),
                    (413, "Body over its limit"),
                    (415, "Unsupported content type"),
                    (429, "The platform's rate limit"),
                    (502, "The platform failed, or its answer failed verification"),
                    (503, "The platform is not configured, busy, or the session store is down"),
                    (504, "The platform did not answer in time"),
                ],
            ),
        })
    }

    fn refresh(&self) -> Value {
        json!({
            "operationId": "refresh",
            (extension::UNBATCHED): true,
            "summary": "Swaps the session for a new one; the old token or cookie stops working",
            "security": self.session(),
            "responses": self.responses(
                "The new session",
                session_schema(),
                &[
                    (401, "No valid session"),
                    (403, "A cross-site request with the session cookie"),
                    (502, "The platform failed renewing its tokens"),
                    (503, "The session store is unavailable"),
                    (504, "The platform did not answer in time"),
                ],
            ),
        })
    }

    fn logout(&self) -> Value {
        json!({
            "operationId": "logout",
            (extension::UNBATCHED): true,
            "summary": "Ends the session (and clears the session cookie)",
            "security": self.session(),
            "responses": self.responses(
                "The session is revoked",
                json!({
                    "type": "object",
                    "required": ["revoked"],
                    "properties": { "revoked": { "const": true } }
                }),
                &[
                    (401, "No valid session"),
                    (403, "A cross-site request with the session cookie"),
                    (503, "The session store is unavailable"),
                ],
            ),
        })
    }

    fn responses(&self, success: &str, schema: Value, failures: &[(u16, &str)]) -> Value {
        let mut ok = json!({
            "description": success,
            "content": { "application/json": { "schema": schema } }
        });
        if let Some(name) = &self.cookie {
            ok["headers"] = json!({
                "Set-Cookie": {
                    "description": format!("`{name}=…; HttpOnly; …` for a browser's session"),
                    "schema": { "type": "string" }
                }
            });
        }
        let mut responses = Map::new();
        responses.insert("200".into(), ok);
        let common = [
            (404, "Not found"),
            (405, "Method not allowed"),
            (408, "The request took too long"),
            (414, "Query string over its limit"),
            (500, "Server error"),
        ];
        for (status, meaning) in failures.iter().chain(common.iter()) {
            responses.insert(
                status.to_string(),
                json!({
                    "description": meaning,
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApiError" } } }
                }),
            );
        }
        responses.insert(
            "431".into(),
            json!({ "description": "Request head over its limit (answered before routing, no body)" }),
        );
        Value::Object(responses)
    }
}

/// `{token?, expires_at, idle_expires_at}`: the token is absent for a cookie session.
fn session_schema() -> Value {
    json!({
        "type": "object",
        "required": ["expires_at", "idle_expires_at"],
        "properties": {
            "token": {
                "type": "string",
                "description": "Send it as `Authorization: Bearer <token>`; absent when the session is a cookie"
            },
            "expires_at": { "type": "integer", "description": "Absolute expiry, Unix seconds" },
            "idle_expires_at": { "type": "integer", "description": "Expiry if unused, Unix seconds" }
        }
    })
}

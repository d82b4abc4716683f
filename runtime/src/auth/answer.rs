//! What the sign-in routes answer, as types: the routes serialize them, and the manifest
//! documents each route's answer from the same type's JSON Schema.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

use super::session::IssuedSession;

// A sign-in's or a refresh's answer: the session, without the token when it travels as
// the cookie. (No doc comment on the type: it would become the schema's description.)
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct SessionAnswer {
    /// Send it as `Authorization: Bearer <token>`; absent when the session is a cookie
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", default)]
    token: Option<String>,
    /// Absolute expiry, Unix seconds
    expires_at: UnixSeconds,
    /// Expiry if unused, Unix seconds
    idle_expires_at: UnixSeconds,
}

impl SessionAnswer {
    /// The session with its token, for a client that sends it as a bearer token.
    pub(crate) fn bearer(issued: IssuedSession) -> SessionAnswer {
        SessionAnswer {
            token: Some(issued.token),
            expires_at: UnixSeconds(issued.expires_at),
            idle_expires_at: UnixSeconds(issued.idle_expires_at),
        }
    }

    /// The session's expiries only: the token went into the cookie.
    pub(crate) fn cookie(issued: &IssuedSession) -> SessionAnswer {
        SessionAnswer {
            token: None,
            expires_at: UnixSeconds(issued.expires_at),
            idle_expires_at: UnixSeconds(issued.idle_expires_at),
        }
    }
}

// Logout's answer: `{"revoked": true}`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct Revoked {
    revoked: True,
}

impl Revoked {
    pub(crate) fn new() -> Revoked {
        Revoked { revoked: True }
    }
}

/// A time as Unix seconds: an integer the clients read as a number.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(transparent)]
struct UnixSeconds(i64);

impl JsonSchema for UnixSeconds {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "UnixSeconds".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer" })
    }
}

/// The constant `true`.
#[derive(Debug, Clone, Copy)]
struct True;

impl Serialize for True {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(true)
    }
}

impl JsonSchema for True {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "True".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "const": true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued() -> IssuedSession {
        IssuedSession {
            token: "t".to_owned(),
            expires_at: 2,
            idle_expires_at: 1,
        }
    }

    /// What each answer serializes to is what its documented schema says: the members it
    /// lists, the required ones present.
    #[test]
    fn the_documented_answers_are_what_the_routes_send() {
        let mut generator = SchemaGenerator::default();
        let session = generator.subschema_for::<SessionAnswer>().to_value();
        let revoked = generator.subschema_for::<Revoked>().to_value();
        let answers = [
            (
                &session,
                serde_json::to_value(SessionAnswer::bearer(issued())).unwrap(),
            ),
            (
                &session,
                serde_json::to_value(SessionAnswer::cookie(&issued())).unwrap(),
            ),
            (&revoked, serde_json::to_value(Revoked::new()).unwrap()),
        ];
        for (schema, answer) in answers {
            let properties = schema["properties"].as_object().unwrap();
            let members = answer.as_object().unwrap();
            assert!(
                members.keys().all(|k| properties.contains_key(k)),
                "{answer} {schema}"
            );
            for required in schema["required"].as_array().unwrap() {
                assert!(
                    members.contains_key(required.as_str().unwrap()),
                    "{answer} {schema}"
                );
            }
        }
        assert_eq!(session["properties"]["token"]["type"], "string");
        assert_eq!(revoked["properties"]["revoked"]["const"], true);
    }
}

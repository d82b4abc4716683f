//! Bodies read whole (within `[limits] body_bytes`): `data` (JSON), `body` (text) and
//! `form_urlencoded`.

use axum::body::Body;
use http::header;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::MatchRequest;
use crate::error::ApiError;
use crate::extract::body::{is_json, read_limited};
use crate::extract::rejection::BodyRejection;
use crate::schema::{object_from_pairs, SchemaCell};

impl MatchRequest {
    /// `request.data`: a JSON body. An empty body is `null`, which the schema names.
    pub async fn data<T: DeserializeOwned + JsonSchema>(
        &mut self,
        body: Body,
        cell: &'static SchemaCell,
    ) -> Result<Option<T>, ApiError> {
        let schema = Self::schema::<T>(cell)?;
        let bytes = self.read(body).await?;
        let value = if bytes.is_empty() {
            Value::Null
        } else if !is_json(&self.parts.headers) {
            return Err(unsupported("data", "application/json"));
        } else {
            let max_depth = self.ctx.config().limits.json_depth;
            // serde may still be stricter than the schema (a whole float for an integer):
            // then the slow path normalizes and explains.
            if let Some(typed) = schema.read_json(&bytes, max_depth) {
                return Ok(Some(typed));
            }
            crate::extract::depth::check("data", &bytes, max_depth)?;
            match serde_json::from_slice(&bytes) {
                Ok(value) => value,
                Err(e) => {
                    self.violation("data", format!("malformed JSON: {e}"));
                    return Ok(None);
                }
            }
        };
        Ok(self.check("data", schema, value))
    }

    /// `request.body`: a `text/plain` body as a `String`.
    pub async fn text(&mut self, body: Body) -> Result<Option<String>, ApiError> {
        let bytes = self.read(body).await?;
        if !bytes.is_empty() && !self.media_type_is("text/plain") {
            return Err(unsupported("body", "text/plain"));
        }
        match String::from_utf8(bytes.to_vec()) {
            Ok(text) => Ok(Some(text)),
            Err(e) => {
                self.violation("body", format!("is not UTF-8 text: {e}"));
                Ok(None)
            }
        }
    }

    /// `request.form_urlencoded`: an `application/x-www-form-urlencoded` body, coerced by
    /// the schema like a query string.
    pub async fn form_urlencoded<T: DeserializeOwned + JsonSchema>(
        &mut self,
        body: Body,
        cell: &'static SchemaCell,
    ) -> Result<Option<T>, ApiError> {
        let schema = Self::schema::<T>(cell)?;
        let bytes = self.read(body).await?;
        if !bytes.is_empty() && !self.media_type_is("application/x-www-form-urlencoded") {
            return Err(unsupported(
                "form_urlencoded",
                "application/x-www-form-urlencoded",
            ));
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let value = object_from_pairs(schema, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Ok(self.check("form_urlencoded", schema, value))
    }

    async fn read(&self, body: Body) -> Result<bytes::Bytes, ApiError> {
        Ok(read_limited(
            &self.parts.headers,
            body,
            self.ctx.config().limits.body_bytes,
        )
        .await?)
    }

    /// Whether the `content-type` (without parameters) is `media_type`.
    pub(super) fn media_type_is(&self, media_type: &str) -> bool {
        self.parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case(media_type))
    }
}

/// 415 naming the part and the media type to send.
pub(super) fn unsupported(part: &str, media_type: &str) -> ApiError {
    BodyRejection::UnsupportedMediaType {
        part: part.to_owned(),
        media_type: media_type.to_owned(),
    }
    .into()
}

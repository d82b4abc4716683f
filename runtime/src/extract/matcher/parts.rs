//! The text parts of a request: path params, query string, headers and cookies. Their
//! text is coerced by the schema (`page=2` is the integer 2 when `page` is an integer).

use http::header;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use super::MatchRequest;
use crate::error::ApiError;
use crate::extract::PathParams;
use crate::schema::{object_from_pairs, SchemaCell};

impl MatchRequest {
    /// `request.params`: the route's dynamic segments (`route_params`, in path order).
    pub async fn params<T: DeserializeOwned + JsonSchema>(
        &mut self,
        cell: &'static SchemaCell,
        route_params: &[&str],
    ) -> Result<Option<T>, ApiError> {
        let schema = Self::schema::<T>(cell)?;
        let params = PathParams::from_parts(&mut self.parts, &self.ctx).await?;
        // The router binds every parameter of the route it matched, except `[[...rest]]`
        // matched with zero segments: that rest is empty.
        let unbound = route_params
            .iter()
            .filter(|name| !params.iter().any(|(key, _)| key == **name))
            .map(|name| (*name, ""));
        let value = object_from_pairs(schema, params.iter().chain(unbound));
        Ok(self.check("params", schema, value))
    }

    /// `request.query`: the query string; repeated keys fill array fields.
    pub fn query<T: DeserializeOwned + JsonSchema>(
        &mut self,
        cell: &'static SchemaCell,
    ) -> Result<Option<T>, ApiError> {
        let schema = Self::schema::<T>(cell)?;
        let query = self.parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut value =
            object_from_pairs(schema, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let Some(object) = value.as_object_mut() {
            for field in schema.required_arrays() {
                if !object.contains_key(field) {
                    object.insert(field.to_owned(), serde_json::Value::Array(Vec::new()));
                }
            }
        }
        Ok(self.check("query", schema, value))
    }

    /// `request.headers`: the fields of `T`, by name (`x_token` also reads `x-token`).
    pub fn headers<T: DeserializeOwned + JsonSchema>(
        &mut self,
        cell: &'static SchemaCell,
    ) -> Result<Option<T>, ApiError> {
        let schema = Self::schema::<T>(cell)?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut unreadable: Vec<String> = Vec::new();
        for field in schema.field_names() {
            let dashed = field.replace('_', "-");
            let values = self
                .parts
                .headers
                .get_all(field.to_ascii_lowercase().as_str());
            let values = if values.iter().next().is_some() {
                values
            } else {
                self.parts
                    .headers
                    .get_all(dashed.to_ascii_lowercase().as_str())
            };
            for value in values {
                match value.to_str() {
                    Ok(text) => pairs.push((field.to_owned(), text.to_owned())),
                    Err(_) => unreadable.push(format!("headers.{field}")),
                }
            }
        }
        for path in unreadable {
            self.violation(path, "is not visible ASCII text");
        }
        let value = object_from_pairs(schema, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Ok(self.check("headers", schema, value))
    }

    /// `request.cookies`: the fields of `T` from the `Cookie` headers; other cookies are
    /// ignored.
    pub fn cookies<T: DeserializeOwned + JsonSchema>(
        &mut self,
        cell: &'static SchemaCell,
    ) -> Result<Option<T>, ApiError> {
        let schema = Self::schema::<T>(cell)?;
        let known: Vec<&str> = schema.field_names().collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for header in self.parts.headers.get_all(header::COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            for pair in text.split(';') {
                let Some((name, value)) = pair.trim().split_once('=') else {
                    continue;
                };
                if known.contains(&name) {
                    let value = value.trim_matches('"');
                    pairs.push((name.to_owned(), value.to_owned()));
                }
            }
        }
        let value = object_from_pairs(schema, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Ok(self.check("cookies", schema, value))
    }
}

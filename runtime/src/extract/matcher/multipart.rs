//! `request.form_data`: a `multipart/form-data` body. Text parts fill the typed struct
//! (coerced and validated by its schema); file parts stream to temporary files and appear
//! as [`UploadedFile`]s. Part size, part count and total size are limited by `[limits]`.

use axum::body::Body;
use http::header;
use multer::{Constraints, Multipart, SizeLimit};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::io::AsyncWriteExt;

use super::body::unsupported;
use super::MatchRequest;
use crate::error::ApiError;
use crate::extract::rejection::{BodyRejection, LimitRejection, MatchRejection};
use crate::extract::UploadedFile;
use crate::schema::{coerce, object_from_values, SchemaCell};

impl MatchRequest {
    /// Reads a multipart body; see the module docs.
    pub async fn form_data<T: DeserializeOwned + JsonSchema>(
        &mut self,
        body: Body,
        cell: &'static SchemaCell,
    ) -> Result<Option<T>, ApiError> {
        let schema = Self::schema::<T>(cell)?;
        let boundary = self
            .parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| multer::parse_boundary(v).ok())
            .ok_or_else(|| unsupported("form_data", "multipart/form-data; boundary=..."))?;
        let limits = &self.ctx.config().limits;
        let (part_bytes, max_parts, total_bytes) = (
            limits.multipart_part_bytes,
            limits.multipart_parts,
            limits.multipart_total_bytes,
        );
        let constraints = Constraints::new().size_limit(
            SizeLimit::new()
                .whole_stream(total_bytes as u64)
                .per_field(part_bytes as u64),
        );
        let mut multipart =
            Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
        // The value validated (files as their names) and the one deserialized (files as
        // `UploadedFile`s).
        let mut checked: Vec<(String, Value)> = Vec::new();
        let mut typed: Vec<(String, Value)> = Vec::new();
        let mut count = 0usize;
        while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
            count += 1;
            if count > max_parts {
                return Err(LimitRejection::TooManyParts { max: max_parts }.into());
            }
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(file_name) = field.file_name().map(str::to_owned) {
                let content_type = field.content_type().map(|m| m.to_string());
                let (file, path) = tempfile::NamedTempFile::new()
                    .map_err(|e| MatchRejection::FailedToStoreUpload {
                        field: None,
                        reason: e.to_string(),
                    })?
                    .into_parts();
                let mut file = tokio::fs::File::from_std(file);
                let mut size = 0u64;
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    size += chunk.len() as u64;
                    file.write_all(&chunk)
                        .await
                        .map_err(|e| store_failed(&name, e))?;
                }
                file.flush().await.map_err(|e| store_failed(&name, e))?;
                let upload = UploadedFile {
                    file_name: Some(file_name.clone()),
                    content_type,
                    path: path.to_path_buf(),
                    size,
                };
                self.uploads.push(path);
                checked.push((name.clone(), Value::String(file_name)));
                typed.push((name, serde_json::to_value(upload).unwrap_or(Value::Null)));
            } else {
                let text = field.text().await.map_err(multipart_error)?;
                let value = coerce(schema.item_kind(&name), &text);
                checked.push((name.clone(), value.clone()));
                typed.push((name, value));
            }
        }
        let checked = object_from_values(schema, checked);
        if !schema.is_valid(&checked) {
            self.violations
                .extend(schema.violations("form_data", &checked));
            return Ok(None);
        }
        let typed = object_from_values(schema, typed);
        match serde_path_to_error::deserialize(typed) {
            Ok(value) => Ok(Some(value)),
            Err(e) => {
                let path = crate::extract::located_path("form_data", e.path());
                self.violation(path, e.inner().to_string());
                Ok(None)
            }
        }
    }
}

fn store_failed(field: &str, error: std::io::Error) -> MatchRejection {
    MatchRejection::FailedToStoreUpload {
        field: Some(field.to_owned()),
        reason: error.to_string(),
    }
}

fn multipart_error(error: multer::Error) -> ApiError {
    match error {
        multer::Error::FieldSizeExceeded { limit, field_name } => LimitRejection::PartTooLarge {
            field: field_name.unwrap_or_default(),
            limit,
        }
        .into(),
        multer::Error::StreamSizeExceeded { limit } => {
            LimitRejection::MultipartTooLarge { limit }.into()
        }
        other => BodyRejection::MalformedMultipart {
            reason: other.to_string(),
        }
        .into(),
    }
}

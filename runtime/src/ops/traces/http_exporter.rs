//! The OTLP/HTTP protobuf span exporter: a batch's spans encoded straight from the SDK's
//! `SpanData` ([`super::encode`]) and posted to `…/v1/traces`, retried as the
//! `opentelemetry-otlp` exporter retries (3 times, 100 ms doubling to 1.6 s, within the
//! export timeout) on a network failure, 429, 502, 503 or 504.
//!
//! Configured like that exporter: the endpoint from `[otel] endpoint`,
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (as is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (plus
//! `/v1/traces`), headers from `OTEL_EXPORTER_OTLP_TRACES_HEADERS` or
//! `OTEL_EXPORTER_OTLP_HEADERS` (`key=value,…`, values percent-decoded).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use opentelemetry_http::HttpClient;
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{SpanData, SpanExporter};
use opentelemetry_sdk::Resource;

use super::encode::{self, EncodedResource};

const DEFAULT_ENDPOINT: &str = "http://localhost:4318";
const RETRIES: u32 = 3;
const FIRST_DELAY: Duration = Duration::from_millis(100);
const MAX_DELAY: Duration = Duration::from_millis(1600);

/// See the module docs.
#[derive(Debug)]
pub(super) struct HttpExporter {
    client: Arc<dyn HttpClient>,
    endpoint: http::Uri,
    headers: Vec<(HeaderName, HeaderValue)>,
    timeout: Duration,
    resource: EncodedResource,
}

impl HttpExporter {
    /// `configured` is `[otel] endpoint` (the base URL), which the variables override.
    pub(super) fn new(
        client: Arc<dyn HttpClient>,
        configured: Option<&str>,
        timeout: Duration,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<HttpExporter, String> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let (name, endpoint) = if let Some(url) = var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url)
        } else if let Some(base) = var("OTEL_EXPORTER_OTLP_ENDPOINT") {
            ("OTEL_EXPORTER_OTLP_ENDPOINT", traces_url(&base))
        } else if let Some(base) = configured {
            ("[otel] endpoint", traces_url(base))
        } else {
            ("the default endpoint", traces_url(DEFAULT_ENDPOINT))
        };
        let endpoint = endpoint
            .parse()
            .map_err(|e| format!("{name}: invalid endpoint `{endpoint}`: {e}"))?;
        if let Some(compression) = var("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION")
            .or_else(|| var("OTEL_EXPORTER_OTLP_COMPRESSION"))
            .filter(|c| c != "none")
        {
            return Err(format!(
                "OTLP compression `{compression}` is not supported: unset OTEL_EXPORTER_OTLP_COMPRESSION"
            ));
        }
        let headers = var("OTEL_EXPORTER_OTLP_TRACES_HEADERS")
            .or_else(|| var("OTEL_EXPORTER_OTLP_HEADERS"))
            .map(|list| parse_headers(&list))
            .unwrap_or_default();
        Ok(HttpExporter {
            client,
            endpoint,
            headers,
            timeout,
            resource: EncodedResource::default(),
        })
    }

    async fn post(&self, body: Bytes) -> Result<(), Failure> {
        let mut request = http::Request::post(self.endpoint.clone())
            .header(CONTENT_TYPE, "application/x-protobuf")
            .body(body)
            .map_err(|e| Failure::Final(e.to_string()))?;
        for (name, value) in &self.headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        let response = self
            .client
            .send_bytes(request)
            .await
            .map_err(|e| Failure::Retryable(format!("network error: {e}")))?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            status @ (429 | 502 | 503 | 504) => Err(Failure::Retryable(format!(
                "HTTP export failed with status code: {status}"
            ))),
            status => Err(Failure::Final(format!(
                "HTTP export failed with status code: {status}"
            ))),
        }
    }
}

enum Failure {
    Retryable(String),
    Final(String),
}

impl SpanExporter for HttpExporter {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let mut body = Vec::new();
        encode::export_request(&self.resource, &batch, &mut body);
        drop(batch);
        let body = Bytes::from(body);
        let deadline = Instant::now() + self.timeout;
        let mut delay = FIRST_DELAY;
        for retry in 0..=RETRIES {
            let error = match self.post(body.clone()).await {
                Ok(()) => return Ok(()),
                Err(Failure::Final(e)) => return Err(OTelSdkError::InternalFailure(e)),
                Err(Failure::Retryable(e)) => e,
            };
            // Jitter (up to 100 ms), so instances that failed together retry apart.
            let jitter = Duration::from_nanos(u64::from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default()
                    .subsec_nanos()
                    % 100_000_000,
            ));
            if retry == RETRIES || Instant::now() + delay + jitter >= deadline {
                return Err(OTelSdkError::InternalFailure(error));
            }
            // The batch processor's own thread waits (as the SDK's exporter does there).
            std::thread::sleep(delay + jitter);
            delay = (delay * 2).min(MAX_DELAY);
        }
        unreachable!("the last retry returns")
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.resource = EncodedResource::new(resource);
    }
}

/// `base` + `/v1/traces`, with one slash between.
fn traces_url(base: &str) -> String {
    format!("{}/v1/traces", base.trim_end_matches('/'))
}

/// `key=value,…` as the OTLP exporter reads it: keys and values trimmed, values
/// percent-decoded, empty ones and invalid header names or values skipped.
fn parse_headers(list: &str) -> Vec<(HeaderName, HeaderValue)> {
    list.split_terminator(',')
        .filter_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            let (key, value) = (key.trim(), value.trim());
            let value = percent_decode(value).unwrap_or_else(|| value.to_owned());
            if key.is_empty() || value.is_empty() {
                return None;
            }
            Some((
                HeaderName::try_from(key).ok()?,
                HeaderValue::try_from(value).ok()?,
            ))
        })
        .collect()
}

fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
pub(super) mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Mutex;

    use super::*;

    /// An HTTP client that keeps what it is sent and answers the statuses it is given, then
    /// 200.
    #[derive(Debug, Default)]
    pub(in crate::ops::traces) struct Kept {
        pub(in crate::ops::traces) sent: Mutex<Vec<http::Request<Bytes>>>,
        answers: Mutex<Vec<u16>>,
    }

    type Sent = Result<http::Response<Bytes>, opentelemetry_http::HttpError>;

    impl HttpClient for Kept {
        fn send_bytes<'a, 'b>(
            &'a self,
            request: http::Request<Bytes>,
        ) -> Pin<Box<dyn Future<Output = Sent> + Send + 'b>>
        where
            'a: 'b,
            Self: 'b,
        {
            self.sent.lock().unwrap().push(request);
            let mut answers = self.answers.lock().unwrap();
            let status = if answers.is_empty() {
                200
            } else {
                answers.remove(0)
            };
            let mut response = http::Response::new(Bytes::new());
            *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
            Box::pin(async move { Ok(response) })
        }
    }

    fn exporter(kept: &Arc<Kept>, vars: &[(&str, &str)]) -> Result<HttpExporter, String> {
        let var = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        };
        HttpExporter::new(
            kept.clone(),
            Some("http://cfg:9"),
            Duration::from_secs(5),
            &var,
        )
    }

    #[test]
    fn headers_are_read_as_the_otlp_exporter_reads_them() {
        let headers = parse_headers(" api-key = a%20b ,x-empty=, =nokey,bad header=1,tenant=7");
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
            .collect();
        assert_eq!(headers, [("api-key", "a b"), ("tenant", "7")]);
    }

    #[test]
    fn the_traces_variable_is_used_as_is_and_the_base_one_gets_the_path() {
        let kept = Arc::new(Kept::default());
        let endpoint =
            |vars: &[(&str, &str)]| exporter(&kept, vars).map(|e| e.endpoint.to_string());
        assert_eq!(
            endpoint(&[
                ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:1/x"),
                ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:2")
            ]),
            Ok("http://c:1/x".to_owned())
        );
        assert_eq!(
            endpoint(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:1/")]),
            Ok("http://c:1/v1/traces".to_owned())
        );
        assert_eq!(endpoint(&[]), Ok("http://cfg:9/v1/traces".to_owned()));
        assert!(endpoint(&[("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")]).is_err());
        assert!(endpoint(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url")]).is_err());
    }

    #[tokio::test]
    async fn a_batch_is_posted_as_protobuf_with_the_headers_and_retried_on_503() {
        let kept = Arc::new(Kept::default());
        kept.answers.lock().unwrap().push(503);
        let exporter =
            exporter(&kept, &[("OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret")]).unwrap();
        assert!(exporter.export(Vec::new()).await.is_ok());
        let sent = kept.sent.lock().unwrap();
        assert_eq!(sent.len(), 2, "once more after the 503");
        for request in sent.iter() {
            assert_eq!(request.method(), http::Method::POST);
            assert_eq!(request.uri(), "http://cfg:9/v1/traces");
            assert_eq!(request.headers()["content-type"], "application/x-protobuf");
            assert_eq!(request.headers()["api-key"], "secret");
        }
        assert_eq!(sent[0].body(), sent[1].body());
    }

    #[tokio::test]
    async fn a_refused_batch_is_not_retried() {
        let kept = Arc::new(Kept::default());
        kept.answers.lock().unwrap().push(400);
        let exporter = exporter(&kept, &[]).unwrap();
        assert!(exporter.export(Vec::new()).await.is_err());
        assert_eq!(kept.sent.lock().unwrap().len(), 1);
    }
}

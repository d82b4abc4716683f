//! `--from http://…` and `https://…`: the manifest over HTTP, through ureq.
//!
//! HTTPS verifies certificates against the Mozilla roots compiled in (webpki-roots), so
//! the CLI behaves the same on every machine and in minimal CI images. `SSL_CERT_FILE`
//! (the variable curl and OpenSSL read) replaces them with the PEM certificates of that
//! file: a corporate proxy's CA, or a test CA.

use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig};

const TIMEOUT: Duration = Duration::from_secs(30);
/// Manifests are a few hundred KiB; this only stops a runaway answer.
const MAX_BODY: u64 = 64 << 20;

/// Fetches `url` and returns the body of a 2xx answer.
pub fn get(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("bffkit-cli/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls_config()?)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header("accept", "application/json")
        .call()
        .map_err(|e| describe(url, e))?;
    let status = response.status();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .map_err(|e| format!("failed to read the answer to GET {url}: {e}"))?;
    if !status.is_success() {
        let snippet: String = String::from_utf8_lossy(&body).chars().take(300).collect();
        return Err(format!(
            "GET {url} answered {} {}: {snippet}",
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        ));
    }
    Ok(body)
}

fn tls_config() -> Result<TlsConfig, String> {
    let Some(file) = std::env::var_os("SSL_CERT_FILE") else {
        return Ok(TlsConfig::builder().root_certs(RootCerts::WebPki).build());
    };
    let pem = std::fs::read(&file)
        .map_err(|e| format!("SSL_CERT_FILE {}: {e}", file.to_string_lossy()))?;
    let certs = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => Some(Ok(cert)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<Vec<Certificate<'static>>, _>>()
        .map_err(|e| format!("SSL_CERT_FILE {}: {e}", file.to_string_lossy()))?;
    if certs.is_empty() {
        return Err(format!(
            "SSL_CERT_FILE {}: no PEM certificate in it",
            file.to_string_lossy()
        ));
    }
    Ok(TlsConfig::builder()
        .root_certs(RootCerts::new_with_certs(&certs))
        .build())
}

/// Says what failed in words a user can act on: connecting, TLS, or the URL itself.
fn describe(url: &str, error: ureq::Error) -> String {
    match error {
        ureq::Error::Io(e) => format!("failed to connect for GET {url}: {e}"),
        ureq::Error::BadUri(e) => format!("{url}: not a valid URL: {e}"),
        other => format!("GET {url} failed: {other}"),
    }
}

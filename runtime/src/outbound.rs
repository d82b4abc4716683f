//! The HTTP clients that call out (sign-in platforms, upstream services).
//!
//! They speak HTTPS through rustls and verify certificates against the Mozilla root
//! store compiled in (`webpki-roots`), plus the CAs `[tls] ca_files` names. The roots are
//! compiled in rather than read from the system because the places a BFF runs (AWS Lambda,
//! Alibaba FC, Tencent SCF, distroless and scratch images) often have no or an old CA
//! bundle; the trust an app gets is then the same on a laptop and in production, and
//! anything else (a corporate proxy's CA) is added explicitly.

use std::error::Error as _;

use crate::config::{ConfigError, TlsConfig};

/// A client builder that trusts the built-in roots and the configured extra CAs.
pub(crate) fn client_builder(tls: &TlsConfig) -> Result<reqwest::ClientBuilder, ConfigError> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(true);
    for path in &tls.ca_files {
        let bad = |detail: String| ConfigError {
            source: "tls.ca_files".to_owned(),
            detail: format!("`{path}`: {detail}"),
        };
        let pem = std::fs::read(path).map_err(|e| bad(format!("cannot read: {e}")))?;
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| bad(format!("not PEM certificates: {e}")))?;
        if certificates.is_empty() {
            return Err(bad("holds no `BEGIN CERTIFICATE` block".to_owned()));
        }
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    Ok(builder)
}

/// Refuses a plain `http://` platform URL unless `allow_http` (debug builds, where the
/// tests' and a developer's fakes live): secrets and codes would cross the network in clear.
#[cfg_attr(not(feature = "auth"), allow(dead_code))]
pub(crate) fn require_https(key: &str, url: &str, allow_http: bool) -> Result<(), ConfigError> {
    let scheme = url.split_once("://").map(|(scheme, _)| scheme);
    match scheme {
        Some(s) if s.eq_ignore_ascii_case("https") => Ok(()),
        Some(s) if s.eq_ignore_ascii_case("http") && allow_http => Ok(()),
        Some(s) if s.eq_ignore_ascii_case("http") => Err(ConfigError {
            source: key.to_owned(),
            detail: format!(
                "`{url}` is plain http: platform calls carry the app secret and users' \
                 codes, so release builds accept https only"
            ),
        }),
        _ => Err(ConfigError {
            source: key.to_owned(),
            detail: format!("`{url}` is not an https URL"),
        }),
    }
}

/// A failed call described without its URL (which may carry a secret) but with its causes,
/// so a certificate problem says so.
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&format!(" for url ({url})"), "");
    }
    let mut source = error.source();
    let mut certificate = false;
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        certificate |= cause_text.contains("certificate");
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    if certificate {
        text.push_str(
            " (the server's certificate is not trusted: if a proxy or private CA signs it, \
             list its PEM file in [tls] ca_files, env BFFKIT_TLS_CA_FILES)",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_platform_urls_are_refused_unless_allowed() {
        let err =
            require_https("auth.wechat.base_url", "http://api.weixin.qq.com", false).unwrap_err();
        assert_eq!(err.source, "auth.wechat.base_url");
        assert!(err.detail.contains("plain http"), "{}", err.detail);
        assert!(require_https("k", "http://127.0.0.1:1", true).is_ok());
        assert!(require_https("k", "https://api.weixin.qq.com", false).is_ok());
        assert!(require_https("k", "ftp://x", true).is_err());
        assert!(require_https("k", "api.weixin.qq.com", true).is_err());
    }

    #[test]
    fn an_unreadable_or_empty_ca_file_names_the_key_and_file() {
        let missing = TlsConfig {
            ca_files: vec!["/nonexistent/ca.pem".to_owned()],
        };
        let err = client_builder(&missing).err().unwrap();
        assert_eq!(err.source, "tls.ca_files");
        assert!(err.detail.contains("/nonexistent/ca.pem"), "{}", err.detail);
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), "not a certificate").unwrap();
        let empty = TlsConfig {
            ca_files: vec![file.path().display().to_string()],
        };
        let err = client_builder(&empty).err().unwrap();
        assert!(
            err.detail.contains("no `BEGIN CERTIFICATE`"),
            "{}",
            err.detail
        );
    }
}

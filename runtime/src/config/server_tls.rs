//! `[server.tls]`: the certificate and key bffkit serves HTTPS with.

use serde::Deserialize;

use super::ConfigError;

/// `[server.tls]`: both files set, the app serves HTTPS (HTTP/2 and HTTP/1.1 by ALPN) on
/// its port instead of plain HTTP, and reads them again on `SIGHUP` (and every
/// `watch_secs` when they changed). Needs the `https` feature of bffkit.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerTlsConfig {
    /// PEM file of the certificate chain, the server's certificate first; env
    /// `BFFKIT_TLS_CERT_FILE`.
    pub cert_file: Option<String>,
    /// PEM file of the certificate's private key (PKCS#8, PKCS#1 or SEC1); env
    /// `BFFKIT_TLS_KEY_FILE`.
    pub key_file: Option<String>,
    /// Seconds between reads of the files, reloading them when their bytes changed; `0` (the default) reloads on `SIGHUP` only; env `BFFKIT_TLS_WATCH_SECS`.
    pub watch_secs: u64,
}

/// The two files of a `[server.tls]` that serves HTTPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFiles {
    /// `server.tls.cert_file`.
    pub cert_file: String,
    /// `server.tls.key_file`.
    pub key_file: String,
}

impl ServerTlsConfig {
    /// The files when HTTPS is on, `None` for plain HTTP; an error when only one is set.
    pub fn files(&self) -> Result<Option<CertificateFiles>, ConfigError> {
        let set = |value: &Option<String>| value.clone().filter(|path| !path.trim().is_empty());
        match (set(&self.cert_file), set(&self.key_file)) {
            (None, None) => Ok(None),
            (Some(cert_file), Some(key_file)) => Ok(Some(CertificateFiles {
                cert_file,
                key_file,
            })),
            (Some(_), None) => Err(missing("server.tls.key_file", "server.tls.cert_file")),
            (None, Some(_)) => Err(missing("server.tls.cert_file", "server.tls.key_file")),
        }
    }

    pub(super) fn check(&self) -> Result<(), ConfigError> {
        self.files().map(drop)
    }
}

fn missing(absent: &str, present: &str) -> ConfigError {
    ConfigError {
        source: absent.to_owned(),
        detail: format!("unset while {present} is set: HTTPS needs both files"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn both_files_or_neither() {
        let config = Config::load(Some(
            "[server.tls]\ncert_file = \"c.pem\"\nkey_file = \"k.pem\"\n",
        ))
        .unwrap();
        assert_eq!(
            config.server.tls.files().unwrap(),
            Some(CertificateFiles {
                cert_file: "c.pem".to_owned(),
                key_file: "k.pem".to_owned(),
            })
        );
        assert_eq!(Config::default().server.tls.files().unwrap(), None);
        let err = Config::load(Some("[server.tls]\ncert_file = \"c.pem\"\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("server.tls.key_file") && err.contains("server.tls.cert_file"),
            "{err}"
        );
        let err = Config::load(Some("[server.tls]\ncert = \"c.pem\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cert"), "{err}");
    }

    #[test]
    fn the_environment_sets_the_files() {
        let mut config = Config::default();
        config
            .apply_env(|name| match name {
                "BFFKIT_TLS_CERT_FILE" => Some("/etc/c.pem".to_owned()),
                "BFFKIT_TLS_KEY_FILE" => Some("/etc/k.pem".to_owned()),
                _ => None,
            })
            .unwrap();
        let files = config.server.tls.files().unwrap().unwrap();
        assert_eq!(
            (files.cert_file.as_str(), files.key_file.as_str()),
            ("/etc/c.pem", "/etc/k.pem")
        );
    }
}

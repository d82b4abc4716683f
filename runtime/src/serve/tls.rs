//! HTTPS (feature `https`): rustls with the certificate and key `[server.tls]` names,
//! ALPN `h2` and `http/1.1`, and the files read again on `SIGHUP` (and, with
//! `watch_secs`, when they change).
//!
//! A reload swaps the certificate new handshakes get; open connections keep theirs and
//! are not touched. A reload that fails (a file half-written, a key that does not match)
//! keeps the previous certificate and logs why, so a bad deploy of the files never takes
//! the server down.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use tokio::net::TcpStream;
use tokio_rustls::rustls;
use tokio_rustls::rustls::crypto::CryptoProvider;
use tokio_rustls::rustls::pki_types::pem::{self, PemObject};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::CertifiedKey;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::config::{CertificateFiles, ConfigError};

/// HTTPS with a certificate that can be replaced while serving.
pub(crate) struct Https {
    files: CertificateFiles,
    current: Arc<CurrentCertificate>,
    provider: Arc<CryptoProvider>,
    acceptor: TlsAcceptor,
}

impl Https {
    /// Reads the files; an error names the key and the file at fault.
    pub(crate) fn load(files: CertificateFiles) -> Result<Https, ConfigError> {
        // ring, the provider reqwest's `rustls-tls` (the outgoing calls) is built on: one
        // crypto library in the binary, picked here rather than process-wide.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let current = Arc::new(CurrentCertificate(RwLock::new(Arc::new(read(
            &files, &provider,
        )?))));
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError {
                source: "server.tls".to_owned(),
                detail: e.to_string(),
            })?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(&current) as Arc<dyn ResolvesServerCert>);
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Https {
            files,
            current,
            provider,
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }

    /// Reads the files again; on success new handshakes present what they hold, on
    /// failure nothing changes.
    pub(crate) fn reload(&self) -> Result<(), ConfigError> {
        let fresh = Arc::new(read(&self.files, &self.provider)?);
        *self
            .current
            .0
            .write()
            .unwrap_or_else(PoisonError::into_inner) = fresh;
        Ok(())
    }

    /// Reloads on every `SIGHUP` (`systemctl reload`, `kill -HUP`, a certbot deploy hook),
    /// logging the outcome. The handler is installed before this returns, so a signal
    /// sent once the app prints its address is never the default "terminate".
    pub(crate) fn reload_on_hangup(self: Arc<Self>) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let mut hangup = signal(SignalKind::hangup())?;
            tokio::spawn(async move {
                while hangup.recv().await.is_some() {
                    self.reload_logged("SIGHUP");
                }
            });
        }
        Ok(())
    }

    /// Reloads when either file's bytes change, read every `period` (`[server.tls]
    /// watch_secs`): for files replaced by something that sends no signal, such as a
    /// Kubernetes secret mounted as a volume. Bytes rather than modification times, which
    /// some file systems keep to the second. A pair caught half-written fails to load, is
    /// logged, and is tried again once its other file changes too.
    pub(crate) fn reload_on_change(self: Arc<Self>, period: Duration) {
        let mut seen = contents(&self.files);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                tick.tick().await;
                let now = contents(&self.files);
                if now != seen {
                    seen = now;
                    self.reload_logged("a file changed");
                }
            }
        });
    }

    fn reload_logged(&self, trigger: &str) {
        match self.reload() {
            Ok(()) => tracing::info!(
                trigger,
                cert_file = %self.files.cert_file,
                key_file = %self.files.key_file,
                "reloaded the TLS certificate"
            ),
            Err(error) => tracing::error!(
                trigger,
                %error,
                "reloading the TLS certificate failed: still serving the previous one"
            ),
        }
    }

    /// What the accept loop hands each connection to.
    pub(crate) fn handshake(&self) -> Handshake {
        Handshake {
            acceptor: self.acceptor.clone(),
        }
    }
}

/// The TLS side of accepting a connection.
#[derive(Clone)]
pub(crate) struct Handshake {
    acceptor: TlsAcceptor,
}

impl Handshake {
    /// The connection once the handshake completes, or `None` (logged) when it fails or
    /// takes longer than `limit` (a client that connects and sends nothing).
    pub(crate) async fn accept(
        &self,
        stream: TcpStream,
        limit: Option<Duration>,
    ) -> Option<TlsStream<TcpStream>> {
        let accepted = self.acceptor.accept(stream);
        let accepted = match limit {
            Some(limit) => match tokio::time::timeout(limit, accepted).await {
                Ok(accepted) => accepted,
                Err(_) => {
                    tracing::debug!("closed a connection that did not finish its TLS handshake");
                    return None;
                }
            },
            None => accepted.await,
        };
        accepted
            .inspect_err(|error| tracing::debug!(%error, "TLS handshake failed"))
            .ok()
    }
}

/// The certificate new handshakes get.
#[derive(Debug)]
struct CurrentCertificate(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for CurrentCertificate {
    fn resolve(&self, _: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(
            &self.0.read().unwrap_or_else(PoisonError::into_inner),
        ))
    }
}

/// What both files hold now (`None` while one cannot be read).
fn contents(files: &CertificateFiles) -> [Option<Vec<u8>>; 2] {
    let read = |path: &str| std::fs::read(path).ok();
    [read(&files.cert_file), read(&files.key_file)]
}

/// The chain and key of `files`, checked to belong together.
fn read(files: &CertificateFiles, provider: &CryptoProvider) -> Result<CertifiedKey, ConfigError> {
    let cert_error = |detail: String| ConfigError {
        source: "server.tls.cert_file".to_owned(),
        detail: format!("`{}`: {detail}", files.cert_file),
    };
    let key_error = |detail: String| ConfigError {
        source: "server.tls.key_file".to_owned(),
        detail: format!("`{}`: {detail}", files.key_file),
    };
    let cert_pem =
        std::fs::read(&files.cert_file).map_err(|e| cert_error(format!("cannot read: {e}")))?;
    let chain = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| cert_error(format!("not a PEM certificate chain: {e}")))?;
    if chain.is_empty() {
        return Err(cert_error("holds no `BEGIN CERTIFICATE` block".to_owned()));
    }
    let key_pem =
        std::fs::read(&files.key_file).map_err(|e| key_error(format!("cannot read: {e}")))?;
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| match e {
        pem::Error::NoItemsFound => key_error(
            "holds no `BEGIN PRIVATE KEY`, `BEGIN RSA PRIVATE KEY` or `BEGIN EC PRIVATE KEY` \
             block"
                .to_owned(),
        ),
        other => key_error(format!("not a PEM private key: {other}")),
    })?;
    CertifiedKey::from_der(chain, key, provider).map_err(|e| match e {
        rustls::Error::InconsistentKeys(_) => key_error(format!(
            "is not the key of the certificate in `{}`",
            files.cert_file
        )),
        rustls::Error::InvalidCertificate(reason) => {
            cert_error(format!("not a usable certificate: {reason:?}"))
        }
        other => key_error(format!("not a usable private key: {other}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-signed certificate and its key as PEM.
    fn pair(name: &str) -> (String, String) {
        let certified = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
        (certified.cert.pem(), certified.signing_key.serialize_pem())
    }

    struct Files {
        dir: tempfile::TempDir,
        files: CertificateFiles,
    }

    impl Files {
        fn new(cert: &str, key: &str) -> Files {
            let dir = tempfile::tempdir().unwrap();
            let files = CertificateFiles {
                cert_file: dir.path().join("cert.pem").display().to_string(),
                key_file: dir.path().join("key.pem").display().to_string(),
            };
            let written = Files { dir, files };
            written.write(cert, key);
            written
        }

        fn write(&self, cert: &str, key: &str) {
            std::fs::write(&self.files.cert_file, cert).unwrap();
            std::fs::write(&self.files.key_file, key).unwrap();
        }
    }

    fn served(https: &Https) -> CertificateDer<'static> {
        https.current.0.read().unwrap().cert[0].clone()
    }

    fn der(pem: &str) -> CertificateDer<'static> {
        CertificateDer::from_pem_slice(pem.as_bytes()).unwrap()
    }

    #[test]
    fn a_reload_serves_the_new_files_and_a_failed_one_keeps_the_old() {
        let (cert_a, key_a) = pair("a.test");
        let files = Files::new(&cert_a, &key_a);
        let https = Https::load(files.files.clone()).unwrap();
        assert_eq!(served(&https), der(&cert_a));

        let (cert_b, key_b) = pair("b.test");
        files.write(&cert_b, &key_b);
        https.reload().unwrap();
        assert_eq!(served(&https), der(&cert_b));

        // A certificate replaced without its key.
        let (cert_c, _) = pair("c.test");
        files.write(&cert_c, &key_b);
        let err = https.reload().unwrap_err();
        assert_eq!(err.source, "server.tls.key_file");
        assert_eq!(served(&https), der(&cert_b));
        let _ = &files.dir;
    }

    #[test]
    fn a_bad_file_is_named_with_its_key() {
        let (cert, key) = pair("a.test");
        let (_, other_key) = pair("b.test");
        let cases: [(&str, &str, &str, &str); 5] = [
            (
                "",
                &key,
                "server.tls.cert_file",
                "holds no `BEGIN CERTIFICATE` block",
            ),
            (
                &cert,
                "",
                "server.tls.key_file",
                "holds no `BEGIN PRIVATE KEY`",
            ),
            (
                &key,
                &key,
                "server.tls.cert_file",
                "holds no `BEGIN CERTIFICATE` block",
            ),
            (
                &cert,
                &cert,
                "server.tls.key_file",
                "holds no `BEGIN PRIVATE KEY`",
            ),
            (
                &cert,
                &other_key,
                "server.tls.key_file",
                "is not the key of the certificate in",
            ),
        ];
        for (cert, key, source, detail) in cases {
            let files = Files::new(cert, key);
            let err = Https::load(files.files.clone()).err().unwrap();
            let path = if source.ends_with("cert_file") {
                &files.files.cert_file
            } else {
                &files.files.key_file
            };
            assert_eq!(err.source, source, "{err}");
            assert!(err.detail.contains(detail), "{err}");
            assert!(err.detail.contains(path.as_str()), "{err}");
        }
        let files = Files::new(&cert, &key);
        std::fs::remove_file(&files.files.cert_file).unwrap();
        let err = Https::load(files.files.clone()).err().unwrap();
        assert_eq!(err.source, "server.tls.cert_file");
        assert!(err.detail.contains("cannot read"), "{err}");
    }
}

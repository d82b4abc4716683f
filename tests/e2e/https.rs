//! HTTPS served by the app itself (`[server.tls]`): a certificate from the run's test CA,
//! ALPN choosing `h2`, curl, start-up errors naming the file, and a certificate replaced
//! under a running server on `SIGHUP` while a connection opened before keeps working.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use crate::support::Server;
use crate::test_ca::{self, Leaf};

/// A certificate and key file pair in a directory of its own.
struct CertificateFiles {
    dir: PathBuf,
    cert_file: String,
    key_file: String,
}

impl CertificateFiles {
    fn new() -> CertificateFiles {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "bffkit-https-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        CertificateFiles {
            cert_file: dir.join("cert.pem").display().to_string(),
            key_file: dir.join("key.pem").display().to_string(),
            dir,
        }
    }

    /// Writes a fresh certificate from the test CA; what the server should present.
    fn write_leaf(&self) -> Leaf {
        let leaf = test_ca::get().leaf();
        self.write(&leaf.cert_pem, &leaf.key_pem);
        leaf
    }

    fn write(&self, cert_pem: &str, key_pem: &str) {
        std::fs::write(&self.cert_file, cert_pem).unwrap();
        std::fs::write(&self.key_file, key_pem).unwrap();
    }

    fn env(&self) -> [(&'static str, &str); 2] {
        [
            ("BFFKIT_TLS_CERT_FILE", self.cert_file.as_str()),
            ("BFFKIT_TLS_KEY_FILE", self.key_file.as_str()),
        ]
    }
}

impl Drop for CertificateFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A client that trusts the test CA (and nothing else) and reports the served certificate.
fn client() -> reqwest::Client {
    let pem = std::fs::read(&test_ca::get().ca_file).unwrap();
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .tls_info(true)
        .build()
        .unwrap()
}

/// `GET`s `/api/hello?name=…` expecting 200: the certificate the server presented.
async fn hello(client: &reqwest::Client, server: &Server, name: &str) -> Vec<u8> {
    let response = client
        .get(server.url(&format!("/api/hello?name={name}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.version(),
        reqwest::Version::HTTP_2,
        "ALPN chose h2"
    );
    let served = response
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .expect("the served certificate")
        .to_vec();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "message": format!("Hello {name}!") }));
    served
}

/// `curl --cacert <test CA> <version flag> -w '%{http_version}'`: (body, HTTP version).
fn curl(server: &Server, version: &str) -> (String, String) {
    let output = std::process::Command::new("curl")
        .args(["--silent", "--show-error", "--fail", version, "--cacert"])
        .arg(&test_ca::get().ca_file)
        .args(["--write-out", "\n%{http_version}"])
        .arg(server.url("/api/hello?name=curl"))
        .output()
        .expect("run curl");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "curl: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (body, version) = stdout.rsplit_once('\n').unwrap();
    (body.to_owned(), version.to_owned())
}

#[tokio::test]
async fn the_demo_serves_https_with_alpn_choosing_h2() {
    let files = CertificateFiles::new();
    let leaf = files.write_leaf();
    let server = Server::start(&files.env());
    assert!(
        server.base.starts_with("https://127.0.0.1:"),
        "{}",
        server.base
    );

    assert_eq!(hello(&client(), &server, "tls").await, leaf.der);
    let (body, version) = curl(&server, "--http2");
    assert_eq!(
        (body.as_str(), version.as_str()),
        (r#"{"message":"Hello curl!"}"#, "2")
    );
    // A client that offers only HTTP/1.1 gets it.
    let (_, version) = curl(&server, "--http1.1");
    assert_eq!(version, "1.1");

    // The certificate is really checked: a client without the test CA refuses it.
    let refused = reqwest::Client::builder()
        .tls_built_in_root_certs(true)
        .build()
        .unwrap()
        .get(server.url("/api/hello"))
        .send()
        .await
        .unwrap_err();
    assert!(refused.is_connect(), "{refused:?}");
    // Plain HTTP on the HTTPS port gets no answer from the routes.
    let plain = reqwest::get(server.url("/api/hello").replacen("https", "http", 1)).await;
    assert!(plain.map(|r| r.status() != 200).unwrap_or(true));
}

#[tokio::test]
async fn sighup_serves_the_new_certificate_while_an_open_connection_keeps_working() {
    let files = CertificateFiles::new();
    let first = files.write_leaf();
    let server = Server::start(&files.env());
    let opened_before = client();
    assert_eq!(hello(&opened_before, &server, "before").await, first.der);

    let second = files.write_leaf();
    assert_ne!(first.der, second.der);
    let hangup = || {
        let sent = std::process::Command::new("kill")
            .args(["-HUP", &server.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    };
    hangup();
    server.wait_for_output("reloaded the TLS certificate", 1);
    // A new connection gets the new certificate...
    assert_eq!(hello(&client(), &server, "after").await, second.der);
    // ...while the connection opened before is still open, with the one it began with.
    assert_eq!(hello(&opened_before, &server, "still").await, first.der);

    // A broken key: the reload fails, says why, and the server keeps the last good pair.
    files.write(&test_ca::get().leaf().cert_pem, "not a key");
    hangup();
    let output = server.wait_for_output("reloading the TLS certificate failed", 1);
    assert!(
        output.contains("server.tls.key_file") && output.contains(&files.key_file),
        "{output}"
    );
    assert_eq!(hello(&client(), &server, "kept").await, second.der);
}

/// Starts the demo expecting it to refuse: what it printed.
fn refused_start(env: &[(&str, &str)]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "0")
        .env("HOST", "127.0.0.1")
        .envs(env.iter().copied())
        .output()
        .expect("run the demo");
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("listening on"), "{stdout}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_missing_or_wrong_file_stops_start_up_naming_the_key_and_the_file() {
    let files = CertificateFiles::new();
    let stderr = refused_start(&files.env());
    assert!(
        stderr.contains("server.tls.cert_file")
            && stderr.contains(&files.cert_file)
            && stderr.contains("cannot read"),
        "{stderr}"
    );

    // A key that is not the certificate's.
    let leaf = test_ca::get().leaf();
    files.write(&leaf.cert_pem, &test_ca::get().leaf().key_pem);
    let stderr = refused_start(&files.env());
    assert!(
        stderr.contains("server.tls.key_file")
            && stderr.contains(&files.key_file)
            && stderr.contains("is not the key of the certificate"),
        "{stderr}"
    );

    // One file without the other.
    let stderr = refused_start(&[("BFFKIT_TLS_CERT_FILE", &files.cert_file)]);
    assert!(stderr.contains("server.tls.key_file"), "{stderr}");
}

#[tokio::test]
async fn with_watch_secs_replaced_files_are_served_without_a_signal() {
    let files = CertificateFiles::new();
    let first = files.write_leaf();
    let mut env = files.env().to_vec();
    env.push(("BFFKIT_TLS_WATCH_SECS", "1"));
    let server = Server::start(&env);
    assert_eq!(hello(&client(), &server, "before").await, first.der);

    let second = files.write_leaf();
    server.wait_for_output("reloaded the TLS certificate", 1);
    assert_eq!(hello(&client(), &server, "after").await, second.der);
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_handshake_is_closed_after_the_stall_period() {
    use std::io::Read;
    let files = CertificateFiles::new();
    files.write_leaf();
    let mut env = files.env().to_vec();
    env.push(("BFFKIT_HEADER_READ_TIMEOUT_MS", "300"));
    let server = Server::start(&env);
    let addr = server.base.trim_start_matches("https://").to_owned();
    // Connects and sends nothing: no ClientHello ever comes.
    let mut idle = std::net::TcpStream::connect(&addr).unwrap();
    idle.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 1];
    let read = idle.read(&mut buf);
    assert!(
        matches!(read, Ok(0)),
        "the server closes the connection: {read:?}"
    );
    // The server still answers everyone else.
    hello(&client(), &server, "after").await;
}

//! A certificate authority made for this test run with rcgen, and a server certificate for
//! `127.0.0.1` it signs. Fakes serve HTTPS with it; an app trusts it only when told to
//! through `BFFKIT_TLS_CA_FILES`, like a corporate CA.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

pub struct TestCa {
    /// The CA certificate as a PEM file.
    pub ca_file: PathBuf,
    /// A TLS server configuration presenting the `127.0.0.1` certificate.
    pub server: Arc<rustls::ServerConfig>,
    issuer: Issuer<'static, KeyPair>,
}

/// A server certificate the CA signed, and its key, as PEM.
pub struct Leaf {
    pub cert_pem: String,
    pub key_pem: String,
    /// The certificate as a server presents it.
    pub der: Vec<u8>,
}

impl TestCa {
    /// A fresh certificate for `127.0.0.1` and `localhost` with a new key.
    pub fn leaf(&self) -> Leaf {
        let (leaf, key) = sign_leaf(&self.issuer);
        Leaf {
            cert_pem: leaf.pem(),
            key_pem: key.serialize_pem(),
            der: leaf.der().to_vec(),
        }
    }
}

/// The run's CA, made on first use.
pub fn get() -> &'static TestCa {
    static CA: OnceLock<TestCa> = OnceLock::new();
    CA.get_or_init(make)
}

/// `("BFFKIT_TLS_CA_FILES", <the CA file>)`, for an app that should trust the fakes.
pub fn trust_env() -> (&'static str, String) {
    ("BFFKIT_TLS_CA_FILES", get().ca_file.display().to_string())
}

fn make() -> TestCa {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "bffkit test CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let (leaf, leaf_key) = sign_leaf(&issuer);

    let dir = std::env::temp_dir().join(format!("bffkit-test-ca-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(leaf.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    TestCa {
        ca_file,
        server: Arc::new(server),
        issuer,
    }
}

fn sign_leaf(issuer: &Issuer<'static, KeyPair>) -> (rcgen::Certificate, KeyPair) {
    let mut leaf_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    leaf_params.subject_alt_names = vec![
        SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        SanType::DnsName("localhost".try_into().unwrap()),
    ];
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, issuer).unwrap();
    (leaf, leaf_key)
}

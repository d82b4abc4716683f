//! A fake Alipay gateway implementing `alipay.system.oauth.token`: it checks the common
//! parameters and verifies the RSA2 signature with the test app's public key
//! (`tests/fixtures/alipay_app_public_key.pem`) before answering, and signs its answers
//! with "Alipay's" key (`tests/fixtures/alipay_gateway_private_key.pem`) over the exact
//! text of the `alipay_system_oauth_token_response` member, as the real gateway does.
//!
//! `code` picks the answer: `good-*` succeeds; `tampered-*` alters the member after
//! signing it; `badsign-*` is signed with another key; `nosign-*` has no `sign`; anything
//! else is `isv.code-invalid`. The `refresh_token` grant accepts the refresh token a
//! `good-*` exchange handed out and answers new tokens for the same user (altered after
//! signing for `good-*-tamperlater`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::json;
use sha2::Sha256;

pub const APP_ID: &str = "2021000000000001";

/// The access token the fake hands out for a code: distinctive, to grep for.
pub fn access_token_for(code: &str) -> String {
    format!("ACCESSTOKEN{}z7", code.replace('-', ""))
}

pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The app's environment pointing at `gateway`, signing with the fixture `key`.
pub fn env(gateway: &str, key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("BFFKIT_ALIPAY_APP_ID", APP_ID.to_owned()),
        ("BFFKIT_ALIPAY_PRIVATE_KEY_PATH", fixture(key)),
        (
            "BFFKIT_ALIPAY_PUBLIC_KEY_PATH",
            fixture("alipay_gateway_public_key.pem"),
        ),
        ("BFFKIT_ALIPAY_GATEWAY", gateway.to_owned()),
        crate::test_ca::trust_env(),
    ]
}

/// A running fake and what it counted.
pub struct FakeAlipay {
    pub gateway: String,
    counts: Arc<Counts>,
}

#[derive(Default)]
struct Counts {
    requests: AtomicUsize,
    refreshes: AtomicUsize,
}

impl FakeAlipay {
    /// How many requests reached the gateway.
    pub fn requests(&self) -> usize {
        self.counts.requests.load(Ordering::SeqCst)
    }

    /// How many `refresh_token` grants it answered with new tokens.
    pub fn refreshes(&self) -> usize {
        self.counts.refreshes.load(Ordering::SeqCst)
    }
}

pub fn start() -> FakeAlipay {
    let counts = Arc::new(Counts::default());
    let router = Router::new()
        .route("/gateway.do", post(gateway))
        .with_state(counts.clone());
    FakeAlipay {
        gateway: format!("https://{}/gateway.do", super::fake_platform::serve(router)),
        counts,
    }
}

fn error(code: &str, msg: &str, sub_code: &str) -> Response {
    Json(json!({
        "error_response": { "code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_code },
        "sign": "ignored"
    }))
    .into_response()
}

fn sign_with(key_file: &str, text: &str) -> String {
    let pem = std::fs::read_to_string(fixture(key_file)).unwrap();
    let key = RsaPrivateKey::from_pkcs8_pem(&pem)
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(&pem))
        .unwrap();
    STANDARD.encode(
        SigningKey::<Sha256>::new(key)
            .sign(text.as_bytes())
            .to_bytes(),
    )
}

/// The success answer as the gateway writes it: its own spacing and `\u` escapes, which
/// re-serialising the JSON would change.
fn signed_answer(code: &str, user_id: &str) -> Response {
    let member = format!(
        r#"{{"access_token":"{}", "alipay_user_id":"{user_id}","expires_in":3600,"re_expires_in":7200,"refresh_token":"REFRESH{code}","user_id":"{user_id}","msg":"\u6210\u529f"}}"#,
        access_token_for(code)
    );
    let sign = if code.starts_with("badsign-") {
        sign_with("other_private_key.pem", &member)
    } else {
        sign_with("alipay_gateway_private_key.pem", &member)
    };
    let member = if code.starts_with("tampered-") || code.ends_with("-tamperlater-renewed") {
        member.replace(user_id, "2088evil")
    } else {
        member
    };
    let body = if code.starts_with("nosign-") {
        format!(r#"{{"alipay_system_oauth_token_response":{member}}}"#)
    } else {
        format!(r#"{{"alipay_system_oauth_token_response":{member},"sign":"{sign}"}}"#)
    };
    (
        [(axum::http::header::CONTENT_TYPE, "text/html;charset=utf-8")],
        body,
    )
        .into_response()
}

async fn gateway(State(counts): State<Arc<Counts>>, body: Bytes) -> Response {
    counts.requests.fetch_add(1, Ordering::SeqCst);
    let params: BTreeMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let p = |k: &str| params.get(k).map(String::as_str).unwrap_or("");
    let timestamp_ok = p("timestamp").len() == 19
        && p("timestamp").as_bytes()[4] == b'-'
        && p("timestamp").as_bytes()[10] == b' ';
    let expected = [
        ("method", "alipay.system.oauth.token"),
        ("format", "JSON"),
        ("charset", "utf-8"),
        ("sign_type", "RSA2"),
        ("version", "1.0"),
    ];
    if p("app_id") != APP_ID {
        return error("40002", "Invalid Arguments", "isv.invalid-app-id");
    }
    let grant_ok = match p("grant_type") {
        "authorization_code" => !p("code").is_empty(),
        "refresh_token" => !p("refresh_token").is_empty(),
        _ => false,
    };
    if !timestamp_ok || expected.iter().any(|(k, v)| p(k) != *v) || !grant_ok {
        return error("40001", "Missing Required Arguments", "isv.missing-param");
    }
    let signed: String = params
        .iter()
        .filter(|(k, v)| k.as_str() != "sign" && !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let pem = std::fs::read_to_string(fixture("alipay_app_public_key.pem")).unwrap();
    let key = VerifyingKey::<Sha256>::new(RsaPublicKey::from_public_key_pem(&pem).unwrap());
    let valid = STANDARD
        .decode(p("sign"))
        .ok()
        .and_then(|bytes| Signature::try_from(bytes.as_slice()).ok())
        .is_some_and(|sig| key.verify(signed.as_bytes(), &sig).is_ok());
    if !valid {
        return error("40002", "Invalid Arguments", "isv.invalid-signature");
    }
    if p("grant_type") == "refresh_token" {
        let Some(code) = p("refresh_token").strip_prefix("REFRESH") else {
            return error("40002", "Invalid Arguments", "isv.refresh-token-invalid");
        };
        counts.refreshes.fetch_add(1, Ordering::SeqCst);
        return signed_answer(&format!("{code}-renewed"), &user_id_for(code));
    }
    let code = p("code");
    let known = ["good-", "tampered-", "badsign-", "nosign-"];
    if !known.iter().any(|prefix| code.starts_with(prefix)) {
        return error("40002", "Invalid Arguments", "isv.code-invalid");
    }
    signed_answer(code, &user_id_for(code))
}

/// The user a code belongs to: `2088` and the length of the code it started from.
fn user_id_for(code: &str) -> String {
    let original = code.split("-renewed").next().unwrap_or(code);
    format!("2088{}", original.len())
}

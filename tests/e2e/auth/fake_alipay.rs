//! A fake Alipay gateway implementing `alipay.system.oauth.token`: it checks the common
//! parameters and verifies the RSA2 signature with the test app's public key
//! (`tests/fixtures/alipay_app_public_key.pem`) before answering.
//!
//! `code` picks the answer: `good-*` succeeds, anything else is `isv.code-invalid`.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::routing::post;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use serde_json::{json, Value};
use sha2::Sha256;

pub const APP_ID: &str = "2021000000000001";

/// The access token the fake hands out for a code: distinctive, to grep for.
pub fn access_token_for(code: &str) -> String {
    format!("ACCESSTOKEN{}z7", code.replace('-', ""))
}

pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The gateway URL of a new fake.
pub fn start() -> String {
    let router = Router::new().route("/gateway.do", post(gateway));
    format!("https://{}/gateway.do", super::fake_platform::serve(router))
}

fn error(code: &str, msg: &str, sub_code: &str) -> Json<Value> {
    Json(json!({
        "error_response": { "code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_code },
        "sign": "ignored"
    }))
}

async fn gateway(body: Bytes) -> Json<Value> {
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
        ("grant_type", "authorization_code"),
    ];
    if p("app_id") != APP_ID {
        return error("40002", "Invalid Arguments", "isv.invalid-app-id");
    }
    if !timestamp_ok || expected.iter().any(|(k, v)| p(k) != *v) || p("code").is_empty() {
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
    let code = p("code");
    if !code.starts_with("good-") {
        return error("40002", "Invalid Arguments", "isv.code-invalid");
    }
    Json(json!({
        "alipay_system_oauth_token_response": {
            "user_id": format!("2088{}", code.len()),
            "access_token": access_token_for(code),
            "expires_in": 3600,
            "refresh_token": format!("REFRESH{code}"),
            "re_expires_in": 7200
        },
        "sign": "ignored"
    }))
}

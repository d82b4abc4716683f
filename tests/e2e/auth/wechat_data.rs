//! Decrypting a mini program's `encryptedData` with the session's `session_key`, through
//! the demo's `POST /api/wechat/profile`: data encrypted here exactly as WeChat does.

use aes::cipher::{block_padding::Pkcs7, BlockModeEncrypt, KeyIvInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use super::fake_wechat::{session_key_for, FakeWechat, APPID};
use super::{post_with_token, start, wechat_login};
use crate::support::{send, Server};

const IV: [u8; 16] = *b"0123456789abcdef";

/// `plaintext` encrypted with `session_key` the way WeChat does: (encryptedData, iv).
pub(super) fn encrypt(session_key: &str, plaintext: &Value) -> (String, String) {
    let key = STANDARD.decode(session_key).unwrap();
    let ciphertext = cbc::Encryptor::<aes::Aes128>::new_from_slices(&key, &IV)
        .unwrap()
        .encrypt_padded_vec::<Pkcs7>(plaintext.to_string().as_bytes());
    (STANDARD.encode(ciphertext), STANDARD.encode(IV))
}

pub(super) fn profile(appid: &str) -> Value {
    json!({
        "nickName": "Band", "gender": 1, "language": "zh_CN", "city": "Guangzhou",
        "province": "Guangdong", "country": "CN", "avatarUrl": "https://example.com/a.png",
        "watermark": { "appid": appid, "timestamp": 1_700_000_000 }
    })
}

async fn post_profile(s: &Server, token: &str, encrypted_data: &str, iv: &str) -> (u16, Value) {
    send(
        reqwest::Client::new()
            .post(s.url("/api/wechat/profile"))
            .bearer_auth(token)
            .json(&json!({ "encryptedData": encrypted_data, "iv": iv })),
    )
    .await
}

#[tokio::test]
async fn the_session_key_decrypts_the_users_profile_on_the_server() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let token = wechat_login(&s, "ok-data-1").await;
    let (data, iv) = encrypt(&session_key_for("ok-data-1"), &profile(APPID));
    let (status, body) = post_profile(&s, &token, &data, &iv).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["nickName"], "Band");
    assert_eq!(body["city"], "Guangzhou");
    assert!(!body.to_string().contains(&session_key_for("ok-data-1")));
}

#[tokio::test]
async fn another_apps_data_is_403_naming_the_watermark_appid() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let token = wechat_login(&s, "ok-data-2").await;
    let (data, iv) = encrypt(&session_key_for("ok-data-2"), &profile("wx-someone-else"));
    let (status, body) = post_profile(&s, &token, &data, &iv).await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!(20003)),
        "{body}"
    );
    let msg = body["msg"].as_str().unwrap();
    assert!(
        msg.contains("watermark.appid") && msg.contains("wx-someone-else"),
        "{msg}"
    );
}

#[tokio::test]
async fn data_from_an_older_session_key_is_409_saying_it_is_stale() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    // The mini program called wx.login again: its data is now under another session_key.
    let token = wechat_login(&s, "ok-data-3").await;
    let (data, iv) = encrypt(&session_key_for("ok-data-other"), &profile(APPID));
    let (status, body) = post_profile(&s, &token, &data, &iv).await;
    assert_eq!(
        (status, body["code"].clone()),
        (409, json!(20008)),
        "{body}"
    );
    let msg = body["msg"].as_str().unwrap();
    assert!(msg.contains("padding") && msg.contains("stale"), "{msg}");

    let (status, body) = post_profile(&s, &token, "not base64!", &iv).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["msg"].as_str().unwrap().starts_with("encryptedData"),
        "{body}"
    );
    let (status, body) = post_profile(&s, &token, &data, "AAAA").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["msg"].as_str().unwrap().starts_with("iv"), "{body}");
}

#[tokio::test]
async fn a_signed_out_session_is_401() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let token = wechat_login(&s, "ok-data-4").await;
    let (data, iv) = encrypt(&session_key_for("ok-data-4"), &profile(APPID));
    let (status, _) = post_with_token(&s, "/api/auth/logout", &token).await;
    assert_eq!(status, 200);
    let (status, body) = post_profile(&s, &token, &data, &iv).await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!(20002)),
        "{body}"
    );
}

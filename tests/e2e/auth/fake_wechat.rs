//! A fake `api.weixin.qq.com` implementing the documented `jscode2session` contract.
//!
//! The `js_code` picks the answer: `ok-*` succeeds (`ok-union-*` also has a `unionid`),
//! `invalid` → 40029, `used` → 40163, `limited` → 45011, `risky` → 40226, `busy` → -1
//! always, `busy-once-*` → -1 then success, `odd` → 61000 with the secret echoed in
//! `errmsg`, `slow` answers after 3 s. A wrong appid/secret/grant_type gets 40013/40125.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub const APPID: &str = "wx-test-appid";
pub const SECRET: &str = "wx-test-secret-5f0c";

/// The fake and what it saw.
#[derive(Clone)]
pub struct FakeWechat {
    pub base_url: String,
    calls: Arc<AtomicUsize>,
    seen: Arc<Mutex<HashMap<String, usize>>>,
    /// `stable_token` calls answered; the last token handed out is the valid one.
    token_calls: Arc<AtomicUsize>,
}

/// The `session_key` the fake hands out for a code: base64 of 16 bytes, as WeChat's are,
/// and distinctive, to grep for.
pub fn session_key_for(code: &str) -> String {
    use base64::Engine;
    let mut key = *b"SK##############";
    for (slot, byte) in key[2..].iter_mut().zip(code.bytes()) {
        *slot = byte;
    }
    base64::engine::general_purpose::STANDARD.encode(key)
}

impl FakeWechat {
    pub fn start() -> FakeWechat {
        let fake = FakeWechat {
            base_url: String::new(),
            calls: Arc::default(),
            seen: Arc::default(),
            token_calls: Arc::default(),
        };
        let router = Router::new()
            .route("/sns/jscode2session", get(jscode2session))
            .route("/cgi-bin/stable_token", post(stable_token))
            .route("/wxa/business/getuserphonenumber", post(phone_number))
            .with_state(fake.clone());
        let addr = super::fake_platform::serve(router);
        FakeWechat {
            base_url: format!("https://{addr}"),
            ..fake
        }
    }

    /// How many `jscode2session` calls it answered.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// How many `stable_token` calls it answered.
    pub fn token_calls(&self) -> usize {
        self.token_calls.load(Ordering::SeqCst)
    }

    /// The app's environment pointing at this fake.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("BFFKIT_WECHAT_APPID", APPID.to_owned()),
            ("BFFKIT_WECHAT_SECRET", SECRET.to_owned()),
            ("BFFKIT_WECHAT_BASE_URL", self.base_url.clone()),
            ("BFFKIT_WECHAT_TIMEOUT_MS", "1000".to_owned()),
            crate::test_ca::trust_env(),
        ]
    }
}

/// `POST /cgi-bin/stable_token`: `ACCESS-<n>` for the n-th call, valid 7200 s.
async fn stable_token(State(fake): State<FakeWechat>, Json(body): Json<Value>) -> Json<Value> {
    if body["appid"] != APPID || body["secret"] != SECRET {
        return err(40013, "invalid appid or secret");
    }
    if body["grant_type"] != "client_credential" {
        return err(40002, "invalid grant_type");
    }
    let n = fake.token_calls.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({ "access_token": format!("ACCESS-{n}"), "expires_in": 7200 }))
}

/// `POST /wxa/business/getuserphonenumber`: only the latest token works; `phone-ok` is a
/// valid code.
async fn phone_number(
    State(fake): State<FakeWechat>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Json<Value> {
    let current = format!("ACCESS-{}", fake.token_calls());
    if q.get("access_token") != Some(&current) {
        return err(
            40001,
            "invalid credential, access_token is invalid or not latest",
        );
    }
    if body["code"] != "phone-ok" {
        return err(40029, "invalid code");
    }
    Json(json!({
        "errcode": 0, "errmsg": "ok",
        "phone_info": {
            "phoneNumber": "+86 138 0013 8000", "purePhoneNumber": "13800138000", "countryCode": "86",
            "watermark": { "timestamp": 1_700_000_000, "appid": APPID }
        }
    }))
}

fn err(errcode: i64, errmsg: &str) -> Json<Value> {
    Json(json!({ "errcode": errcode, "errmsg": errmsg }))
}

async fn jscode2session(
    State(fake): State<FakeWechat>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    fake.calls.fetch_add(1, Ordering::SeqCst);
    let param = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    if param("appid") != APPID {
        return err(40013, "invalid appid");
    }
    if param("secret") != SECRET {
        return err(40125, "invalid appsecret");
    }
    if param("grant_type") != "authorization_code" {
        return err(40002, "invalid grant_type");
    }
    let code = param("js_code").to_owned();
    let seen = {
        let mut seen = fake.seen.lock().unwrap();
        let n = seen.entry(code.clone()).or_default();
        *n += 1;
        *n
    };
    match code.as_str() {
        "invalid" => err(40029, "invalid code, rid: 1"),
        "used" => err(40163, "code been used, rid: 2"),
        "limited" => err(45011, "api minute-quota reach limit, rid: 3"),
        "risky" => err(40226, "high risk user, rid: 4"),
        "busy" => err(-1, "system error"),
        "odd" => err(61000, &format!("unexpected, secret={SECRET}")),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            err(-1, "too late")
        }
        c if c.starts_with("busy-once-") && seen == 1 => err(-1, "system error"),
        c if c.starts_with("ok-") || c.starts_with("busy-once-") => {
            let mut body = json!({
                "openid": format!("openid-{c}"),
                "session_key": session_key_for(c),
            });
            if c.starts_with("ok-union-") {
                body["unionid"] = json!(format!("unionid-{c}"));
            }
            Json(body)
        }
        _ => err(40029, "invalid code"),
    }
}

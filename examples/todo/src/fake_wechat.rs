//! The fake WeChat `jscode2session` (see `src/bin/fake-wechat.rs`), shared with the tests.
//!
//! Any non-empty code signs in: the `openid` is derived from the code (`alice` →
//! `o-alice`), so the same code is the same user again. The code `invalid` answers WeChat's
//! `40029 invalid code`.

use axum::extract::Query;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
struct Code2Session {
    appid: Option<String>,
    secret: Option<String>,
    js_code: Option<String>,
    grant_type: Option<String>,
}

async fn jscode2session(Query(q): Query<Code2Session>) -> Json<Value> {
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    if !filled(&q.appid) || !filled(&q.secret) {
        return Json(json!({ "errcode": 40013, "errmsg": "invalid appid or secret" }));
    }
    if q.grant_type.as_deref() != Some("authorization_code") {
        return Json(json!({ "errcode": 40125, "errmsg": "invalid grant_type" }));
    }
    match q.js_code.as_deref() {
        None | Some("") | Some("invalid") => {
            Json(json!({ "errcode": 40029, "errmsg": "invalid code" }))
        }
        Some(code) => Json(json!({
            "openid": format!("o-{code}"),
            "session_key": format!("fake-session-key-{code}"),
        })),
    }
}

/// The fake's routes, also started in-process by the example's tests.
pub fn router() -> Router {
    Router::new().route("/sns/jscode2session", get(jscode2session))
}

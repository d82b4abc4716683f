//! Cookie sessions for web pages (`[auth.cookie]`): browsers get an `HttpOnly` cookie and
//! no token; the id changes on sign-in and refresh; cross-site state changes are refused.

use reqwest::header::{HeaderMap, COOKIE, ORIGIN, SET_COOKIE};
use serde_json::{json, Value};

use super::fake_wechat::FakeWechat;
use super::{post_json, start};
use crate::support::{send, Server};

fn cookie_env(fake: &FakeWechat) -> Vec<(&'static str, String)> {
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_COOKIE", "1".to_owned()));
    env
}

/// `POST {path}` as a page of `origin` would send it, with `cookie` if any: (status,
/// body, Set-Cookie).
async fn browser_post(
    s: &Server,
    path: &str,
    site: &str,
    cookie: Option<&str>,
    body: Value,
) -> (u16, Value, Option<String>) {
    let mut request = reqwest::Client::new()
        .post(s.url(path))
        .header(
            ORIGIN,
            if site == "same-origin" {
                s.base.clone()
            } else {
                "https://evil.example".to_owned()
            },
        )
        .header("sec-fetch-site", site)
        .json(&body);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let set_cookie = set_cookie(response.headers());
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body, set_cookie)
}

fn set_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get(SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// `name=value` of a `Set-Cookie`.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

async fn me_with_cookie(s: &Server, cookie: &str) -> (u16, Value) {
    send(
        reqwest::Client::new()
            .get(s.url("/api/me"))
            .header(COOKIE, cookie),
    )
    .await
}

#[tokio::test]
async fn a_browser_signs_in_with_an_http_only_cookie_and_no_token_in_the_body() {
    let fake = FakeWechat::start();
    let s = start(&cookie_env(&fake));
    let (status, body, set) = browser_post(
        &s,
        "/api/auth/wechat/login",
        "same-origin",
        None,
        json!({ "code": "ok-web" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.get("token").is_none(),
        "the page never sees the token: {body}"
    );
    assert!(body["expires_at"].is_i64());
    let set = set.expect("a Set-Cookie");
    assert!(set.starts_with("bffkit_session="), "{set}");
    for attribute in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=1209600",
    ] {
        assert!(set.contains(attribute), "{attribute} in {set}");
    }
    let (status, user) = me_with_cookie(&s, &pair(&set)).await;
    assert_eq!(
        (status, user["user_id"].clone()),
        (200, json!("openid-ok-web")),
        "{user}"
    );

    // A mini program (no Origin, no Sec-Fetch-Site) still gets a bearer token.
    let (status, body) = post_json(&s, "/api/auth/wechat/login", json!({ "code": "ok-mp" })).await;
    assert_eq!(status, 200);
    assert_eq!(body["token"].as_str().unwrap().len(), 43);
}

#[tokio::test]
async fn refresh_renews_the_id_and_logout_clears_the_cookie() {
    let fake = FakeWechat::start();
    let s = start(&cookie_env(&fake));
    let (_, _, set) = browser_post(
        &s,
        "/api/auth/wechat/login",
        "same-origin",
        None,
        json!({ "code": "ok-web-2" }),
    )
    .await;
    let old = pair(&set.unwrap());

    let (status, body, set) = browser_post(
        &s,
        "/api/auth/refresh",
        "same-origin",
        Some(&old),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("token").is_none(), "{body}");
    let new = pair(&set.expect("a new cookie"));
    assert_ne!(new, old, "a new session id");
    assert_eq!(
        me_with_cookie(&s, &old).await.0,
        401,
        "the old id stops working"
    );
    assert_eq!(me_with_cookie(&s, &new).await.0, 200);

    // Signing in again from the page replaces the session: the previous id is revoked.
    let (_, _, set) = browser_post(
        &s,
        "/api/auth/wechat/login",
        "same-origin",
        Some(&new),
        json!({ "code": "ok-web-3" }),
    )
    .await;
    let third = pair(&set.unwrap());
    assert_eq!(me_with_cookie(&s, &new).await.0, 401);

    let (status, _, set) = browser_post(
        &s,
        "/api/auth/logout",
        "same-origin",
        Some(&third),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    let cleared = set.expect("the cookie is cleared");
    assert!(
        cleared.starts_with("bffkit_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert_eq!(me_with_cookie(&s, &third).await.0, 401);
}

#[tokio::test]
async fn cross_site_state_changes_with_the_cookie_are_403() {
    let fake = FakeWechat::start();
    let s = start(&cookie_env(&fake));
    let (_, _, set) = browser_post(
        &s,
        "/api/auth/wechat/login",
        "same-origin",
        None,
        json!({ "code": "ok-web-4" }),
    )
    .await;
    let cookie = pair(&set.unwrap());

    for path in ["/api/auth/refresh", "/api/auth/logout", "/api/wechat/phone"] {
        let (status, body, set) = browser_post(
            &s,
            path,
            "cross-site",
            Some(&cookie),
            json!({ "code": "phone-ok" }),
        )
        .await;
        assert_eq!(
            (status, body["code"].clone()),
            (403, json!(20003)),
            "{path}: {body}"
        );
        assert!(
            body["msg"]
                .as_str()
                .unwrap()
                .starts_with("cross-site request refused"),
            "{body}"
        );
        assert!(set.is_none());
    }
    // An older browser without Sec-Fetch-Site: the Origin decides.
    let response = reqwest::Client::new()
        .post(s.url("/api/auth/refresh"))
        .header(ORIGIN, "https://evil.example")
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Reading is not a state change; the session survived all of the above.
    assert_eq!(me_with_cookie(&s, &cookie).await.0, 200);
    // Signing in from another site is refused too (login CSRF).
    let (status, _, set) = browser_post(
        &s,
        "/api/auth/wechat/login",
        "cross-site",
        None,
        json!({ "code": "ok-web-5" }),
    )
    .await;
    assert_eq!(status, 403);
    assert!(set.is_none());
}

#[tokio::test]
async fn cookie_settings_come_from_config_and_bad_ones_stop_the_app() {
    let fake = FakeWechat::start();
    let mut env = cookie_env(&fake);
    env.extend([
        ("BFFKIT_SESSION_COOKIE_SECURE", "0".to_owned()),
        ("BFFKIT_SESSION_COOKIE_SAMESITE", "lax".to_owned()),
        ("BFFKIT_SESSION_COOKIE_NAME", "sid".to_owned()),
        ("BFFKIT_SESSION_COOKIE_PATH", "/api".to_owned()),
        ("BFFKIT_SESSION_COOKIE_MAX_AGE_SECS", "600".to_owned()),
    ]);
    let s = start(&env);
    let (_, _, set) = browser_post(
        &s,
        "/api/auth/wechat/login",
        "same-origin",
        None,
        json!({ "code": "ok-web-6" }),
    )
    .await;
    assert_eq!(
        set.unwrap()
            .split_once('=')
            .map(|(name, rest)| (name.to_owned(), rest.split_once(';').unwrap().1.to_owned())),
        Some((
            "sid".to_owned(),
            " HttpOnly; SameSite=Lax; Path=/api; Max-Age=600".to_owned()
        ))
    );

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "0")
        .env("BFFKIT_SESSION_COOKIE", "1")
        .env("BFFKIT_SESSION_COOKIE_SECURE", "0")
        .env("BFFKIT_SESSION_COOKIE_SAMESITE", "none")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("auth.cookie.same_site"), "{stderr}");
}

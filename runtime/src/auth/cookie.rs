//! The session cookie for web pages (`[auth.cookie]`), and the cross-site request check
//! that comes with it.
//!
//! A page's scripts never see the session: it travels in an `HttpOnly` cookie. Because a
//! browser attaches cookies to requests other sites trigger, every state-changing request
//! (anything but `GET`, `HEAD`, `OPTIONS`) that a cookie authenticates must come from this
//! site. The check is the one Go's `http.CrossOriginProtection` makes: `Sec-Fetch-Site`
//! must be `same-origin` or `none`; a browser that does not send it must send an `Origin`
//! whose host is the request's `Host`; a request with neither is not a browser's
//! cross-site request and passes. Origins in `trusted_origins` always pass, and so do the
//! `[cors] origins` when `[cors] credentials` is on: that setting already says those pages
//! may send credentialed requests.

use http::header::{COOKIE, HOST, ORIGIN, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method};

use crate::config::{Config, CookieConfig};
use crate::error::{code, ApiError};

use super::session::SessionToken;

/// The configured cookie.
#[derive(Debug, Clone)]
pub(crate) struct SessionCookie {
    config: CookieConfig,
    max_age: u64,
}

const SEC_FETCH_SITE: &str = "sec-fetch-site";

impl SessionCookie {
    /// `None` unless `[auth.cookie] enabled`.
    pub(crate) fn from_config(config: &Config) -> Option<SessionCookie> {
        let auth = &config.auth;
        let mut cookie = auth.cookie.clone();
        if config.cors.credentials {
            for origin in &config.cors.origins {
                if !cookie.trusted_origins.contains(origin) {
                    cookie.trusted_origins.push(origin.clone());
                }
            }
        }
        auth.cookie.enabled.then(|| SessionCookie {
            config: cookie,
            max_age: auth.cookie.max_age_secs.unwrap_or(auth.session_ttl_secs),
        })
    }

    /// Whether a sign-in comes from a browser, which gets the cookie rather than a token:
    /// browsers send `Origin` on every `POST` and `Sec-Fetch-Site` on every request;
    /// mini programs and servers send neither.
    pub(crate) fn is_browser(headers: &HeaderMap) -> bool {
        headers.contains_key(ORIGIN) || headers.contains_key(SEC_FETCH_SITE)
    }

    /// The session token in the request's cookie, if any.
    pub(crate) fn token(&self, headers: &HeaderMap) -> Option<SessionToken> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, value)| *name == self.config.name && !value.is_empty())
            .map(|(_, value)| SessionToken::from_client(value.trim_matches('"')))
    }

    /// `Set-Cookie` carrying `token`.
    pub(crate) fn set(&self, token: &str) -> HeaderValue {
        self.header(token, self.max_age)
    }

    /// `Set-Cookie` that removes the cookie.
    pub(crate) fn clear(&self) -> HeaderValue {
        self.header("", 0)
    }

    fn header(&self, value: &str, max_age: u64) -> HeaderValue {
        let c = &self.config;
        let secure = if c.secure { "; Secure" } else { "" };
        let text = format!(
            "{}={value}; HttpOnly{secure}; SameSite={}; Path={}; Max-Age={max_age}",
            c.name,
            c.same_site.as_str(),
            c.path
        );
        // Name and path were checked at start-up; a token is base64url.
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// Refuses a state-changing request a cookie authenticates unless it comes from this
    /// site (see the module docs).
    pub(crate) fn check_same_site(
        &self,
        method: &Method,
        headers: &HeaderMap,
    ) -> Result<(), ApiError> {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return Ok(());
        }
        let origin = headers.get(ORIGIN).and_then(|v| v.to_str().ok());
        if origin.is_some_and(|o| self.config.trusted_origins.iter().any(|t| t == o)) {
            return Ok(());
        }
        match headers
            .get(SEC_FETCH_SITE)
            .map(|v| v.to_str().unwrap_or("?"))
        {
            Some("same-origin" | "none") => Ok(()),
            Some(site) => Err(cross_site(&format!("Sec-Fetch-Site is `{site}`"))),
            None => match origin {
                None => Ok(()),
                Some(origin) => {
                    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
                    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
                    if host.is_some() && origin_host == host {
                        Ok(())
                    } else {
                        Err(cross_site(&format!("Origin `{origin}` is not this site")))
                    }
                }
            },
        }
    }
}

/// A state-changing request with the session cookie from another site: refused, 403.
pub(crate) struct CrossSite;

impl crate::error::DocumentedRejection for CrossSite {
    fn statuses(out: &mut crate::error::Statuses) {
        out.add(crate::error::ErrorStatus::coded(
            code::FORBIDDEN,
            "A cross-site request with the session cookie",
        ));
    }
}

/// 403: the request came from another site.
fn cross_site(why: &str) -> ApiError {
    ApiError::new(
        code::FORBIDDEN,
        format!(
            "cross-site request refused: a state-changing request with the session cookie \
             must come from this site ({why}); trust other pages with [auth.cookie] \
             trusted_origins"
        ),
    )
}

/// Adds `Set-Cookie` to a response.
pub(crate) fn with_cookie(
    mut response: axum::response::Response,
    cookie: HeaderValue,
) -> axum::response::Response {
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookie(trusted: &[&str]) -> SessionCookie {
        let mut config = Config::default();
        config.auth.cookie.enabled = true;
        config.auth.cookie.trusted_origins = trusted.iter().map(|s| (*s).to_owned()).collect();
        SessionCookie::from_config(&config).unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn same_site_requests_pass_and_cross_site_ones_are_refused() {
        let c = cookie(&["https://admin.example.com"]);
        let post = Method::POST;
        let ok = |pairs: &[(&'static str, &str)]| c.check_same_site(&post, &headers(pairs)).is_ok();
        assert!(ok(&[("sec-fetch-site", "same-origin")]));
        assert!(ok(&[("sec-fetch-site", "none")]));
        assert!(!ok(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example")
        ]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        assert!(ok(&[
            ("origin", "http://app.test:8080"),
            ("host", "app.test:8080")
        ]));
        assert!(!ok(&[
            ("origin", "https://evil.example"),
            ("host", "app.test")
        ]));
        assert!(!ok(&[("origin", "null"), ("host", "app.test")]));
        assert!(ok(&[]), "not a browser");
        assert!(ok(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://admin.example.com")
        ]));
        assert!(c
            .check_same_site(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")]))
            .is_ok());
    }

    #[test]
    fn credentialed_cors_origins_are_trusted() {
        let page = [
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://localhost:5173"),
        ];
        let mut config = Config::default();
        config.auth.cookie.enabled = true;
        config.cors.origins = vec!["http://localhost:5173".to_owned()];
        let without = SessionCookie::from_config(&config).unwrap();
        assert!(without
            .check_same_site(&Method::POST, &headers(&page))
            .is_err());
        config.cors.credentials = true;
        let with = SessionCookie::from_config(&config).unwrap();
        assert!(with.check_same_site(&Method::POST, &headers(&page)).is_ok());
    }

    #[test]
    fn the_cookie_is_http_only_with_the_configured_attributes() {
        let c = cookie(&[]);
        assert_eq!(
            c.set("abc").to_str().unwrap(),
            "bffkit_session=abc; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=1209600"
        );
        assert!(c.clear().to_str().unwrap().ends_with("Max-Age=0"));
        let h = headers(&[("cookie", "a=1; bffkit_session=tok; b=2")]);
        assert_eq!(c.token(&h).unwrap().as_str(), "tok");
    }
}

//! Alipay mini-program sign-in: `POST {prefix}/auth/alipay/login {"auth_code"}` exchanges
//! the `my.getAuthCode` code through `alipay.system.oauth.token`, signed RSA2
//! (SHA256withRSA, PKCS#1 v1.5) with the app private key. `POST {prefix}/auth/refresh` on an
//! Alipay session renews Alipay's tokens with the `refresh_token` grant.
//!
//! Every successful answer is verified with Alipay's public key over the exact bytes of its
//! `alipay_system_oauth_token_response` member, as sent (re-serialising would change them);
//! an answer that fails, or cannot be checked, opens no session.
//!
//! The access and refresh tokens Alipay returns stay in the session record only.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::Sha256;

use super::rejection::PlatformRejection;
use crate::config::{AlipayConfig, ConfigError, TlsConfig};
use crate::error::ApiError;
use crate::ops::FailureLog;

use super::session::SessionUser;

const METHOD: &str = "alipay.system.oauth.token";

/// A gateway client for one app.
#[derive(Clone)]
pub(crate) struct AlipayClient {
    http: reqwest::Client,
    app_id: String,
    gateway: String,
    key: SigningKey<Sha256>,
    /// Alipay's public key; without it no answer can be trusted, so every sign-in fails.
    alipay_key: Option<VerifyingKey<Sha256>>,
}

/// The two grants of `alipay.system.oauth.token`.
pub(crate) enum Grant<'a> {
    /// A `my.getAuthCode` code.
    AuthorizationCode(&'a str),
    /// The refresh token of an earlier exchange.
    RefreshToken(&'a str),
}

// The login body: `{"auth_code": "<my.getAuthCode code>"}`.
// (No doc comment on the type: it would become the schema's description.) Read as an
// `Option`, so that a missing code gets the route's own message (`routes::required`);
// documented as the non-blank string it must be.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(inline)]
pub(crate) struct AlipayLogin {
    /// The code from my.getAuthCode
    #[schemars(with = "String", required, length(min = 1), regex(pattern = r"\S"))]
    pub auth_code: Option<String>,
}

/// A successful, verified exchange.
pub(crate) struct AlipayToken {
    pub user_id: String,
    pub tokens: AlipayTokens,
}

/// What a session keeps of an exchange, as its platform secret (JSON).
#[derive(Serialize, Deserialize)]
pub(crate) struct AlipayTokens {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
}

impl AlipayTokens {
    /// The session's platform secret.
    pub(crate) fn to_secret(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read back from a session's platform secret.
    pub(crate) fn from_secret(secret: &str) -> Option<AlipayTokens> {
        serde_json::from_str(secret).ok()
    }
}

/// The gateway's answer, with the signed member kept as the bytes that were sent.
#[derive(Deserialize)]
struct GatewayResponse<'a> {
    #[serde(borrow, default)]
    alipay_system_oauth_token_response: Option<&'a RawValue>,
    #[serde(default)]
    error_response: Option<ErrorResponse>,
    #[serde(default)]
    sign: Option<String>,
}

#[derive(Deserialize)]
struct TokenResponse {
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    open_id: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct ErrorResponse {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default)]
    sub_code: Option<String>,
    #[serde(default)]
    sub_msg: Option<String>,
}

impl AlipayClient {
    /// `Ok(None)` when Alipay is not configured; an error when the key cannot be read, or
    /// for a plain `http://` gateway unless `allow_http` (debug builds).
    pub(crate) fn from_config(
        config: &AlipayConfig,
        tls: &TlsConfig,
        allow_http: bool,
    ) -> Result<Option<AlipayClient>, ConfigError> {
        if config.app_id.is_empty() {
            return Ok(None);
        }
        crate::outbound::require_https(
            "auth.alipay.gateway (env BFFKIT_ALIPAY_GATEWAY)",
            &config.gateway,
            allow_http,
        )?;
        let pem = if !config.private_key.is_empty() {
            config.private_key.expose().to_owned()
        } else if !config.private_key_path.is_empty() {
            std::fs::read_to_string(&config.private_key_path).map_err(|e| ConfigError {
                source: "auth.alipay.private_key_path".to_owned(),
                detail: format!("cannot read `{}`: {e}", config.private_key_path),
            })?
        } else {
            return Err(ConfigError {
                source: "auth.alipay".to_owned(),
                detail: "app_id is set but no private key: set private_key_path (env \
                         BFFKIT_ALIPAY_PRIVATE_KEY_PATH) or env BFFKIT_ALIPAY_PRIVATE_KEY"
                    .to_owned(),
            });
        };
        let key = parse_private_key(&pem).ok_or_else(|| ConfigError {
            source: "auth.alipay private key".to_owned(),
            detail: "not an RSA private key in PEM (PKCS#8 or PKCS#1) or bare base64 PKCS#8"
                .to_owned(),
        })?;
        let alipay_key = read_alipay_key(config)?;
        if alipay_key.is_none() {
            tracing::warn!(
                "auth.alipay: app_id is set but Alipay's public key is not \
                 (alipay_public_key_path, env BFFKIT_ALIPAY_PUBLIC_KEY_PATH or \
                 BFFKIT_ALIPAY_PUBLIC_KEY): every Alipay sign-in will fail with 502"
            );
        }
        let http = crate::outbound::client_builder(tls)?
            .timeout(Duration::from_millis(config.timeout_ms.max(1)))
            .build()
            .map_err(|e| ConfigError {
                source: "auth.alipay".to_owned(),
                detail: e.to_string(),
            })?;
        Ok(Some(AlipayClient {
            http,
            app_id: config.app_id.clone(),
            gateway: config.gateway.clone(),
            key: SigningKey::<Sha256>::new(key),
            alipay_key,
        }))
    }

    /// Exchanges an auth code (or a refresh token) for the user id and tokens (an
    /// `alipay oauth.token` span in the request's trace).
    pub(crate) async fn exchange(&self, grant: Grant<'_>) -> Result<AlipayToken, ApiError> {
        let result =
            crate::ops::traces::in_span("alipay oauth.token", self.call_gateway(grant)).await;
        if result.is_ok() {
            ALIPAY.success();
        }
        result
    }

    async fn call_gateway(&self, grant: Grant<'_>) -> Result<AlipayToken, ApiError> {
        let mut params = BTreeMap::new();
        params.insert("app_id", self.app_id.clone());
        params.insert("method", METHOD.to_owned());
        params.insert("format", "JSON".to_owned());
        params.insert("charset", "utf-8".to_owned());
        params.insert("sign_type", "RSA2".to_owned());
        params.insert("timestamp", china_timestamp(super::session::now()));
        params.insert("version", "1.0".to_owned());
        match grant {
            Grant::AuthorizationCode(code) => {
                params.insert("grant_type", "authorization_code".to_owned());
                params.insert("code", code.to_owned());
            }
            Grant::RefreshToken(token) => {
                params.insert("grant_type", "refresh_token".to_owned());
                params.insert("refresh_token", token.to_owned());
            }
        }
        let signature = self.key.sign(signing_string(&params).as_bytes());
        params.insert("sign", STANDARD.encode(signature.to_bytes()));
        let body = serde_urlencoded::to_string(&params).map_err(ApiError::internal)?;
        let response = self
            .http
            .post(&self.gateway)
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded;charset=utf-8",
            )
            .body(body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport_error)?;
        let parsed: GatewayResponse = serde_json::from_slice(&bytes).map_err(|_| {
            ApiError::new(
                PlatformRejection::Failed.code(),
                "Alipay answered alipay.system.oauth.token with something other than JSON",
            )
            .with_data(serde_json::json!({ "status": status.as_u16() }))
        })?;
        // An error answer opens no session, so it is reported whether or not it is signed.
        if let Some(error) = parsed.error_response {
            return Err(gateway_error(error));
        }
        let signed = parsed.alipay_system_oauth_token_response.ok_or_else(|| {
            ApiError::new(
                PlatformRejection::Failed.code(),
                "Alipay answered without a token response",
            )
        })?;
        self.verify(signed, parsed.sign.as_deref())?;
        let token: TokenResponse = serde_json::from_str(signed.get()).map_err(|_| {
            ApiError::new(
                PlatformRejection::Failed.code(),
                "Alipay's alipay_system_oauth_token_response is not an object of strings",
            )
        })?;
        match (token.user_id.or(token.open_id), token.access_token) {
            (Some(user_id), Some(access_token)) if !user_id.is_empty() => Ok(AlipayToken {
                user_id,
                tokens: AlipayTokens {
                    access_token,
                    refresh_token: token.refresh_token.filter(|t| !t.is_empty()),
                },
            }),
            _ => Err(ApiError::new(
                PlatformRejection::Failed.code(),
                "Alipay answered without user_id or access_token",
            )),
        }
    }

    /// Checks `sign` (base64 SHA256withRSA) over the member's bytes exactly as received.
    fn verify(&self, signed: &RawValue, sign: Option<&str>) -> Result<(), ApiError> {
        let Some(key) = &self.alipay_key else {
            return Err(unverified(
                "Alipay's public key is not configured (auth.alipay.alipay_public_key_path, env \
                 BFFKIT_ALIPAY_PUBLIC_KEY_PATH or BFFKIT_ALIPAY_PUBLIC_KEY)",
            ));
        };
        let Some(sign) = sign.filter(|s| !s.is_empty()) else {
            return Err(unverified("the answer carries no `sign`"));
        };
        let valid = STANDARD
            .decode(sign)
            .ok()
            .and_then(|bytes| Signature::try_from(bytes.as_slice()).ok())
            .is_some_and(|signature| key.verify(signed.get().as_bytes(), &signature).is_ok());
        if valid {
            Ok(())
        } else {
            Err(unverified(
                "its `sign` does not match the response (altered on the way, or not signed by \
                 Alipay's key)",
            ))
        }
    }

    /// The session owner for a successful exchange.
    pub(crate) fn user(token: &AlipayToken) -> SessionUser {
        SessionUser {
            provider: "alipay".to_owned(),
            user_id: token.user_id.clone(),
            unionid: None,
        }
    }
}

/// Drops empty values (and `sign`, never present here), sorts by key, joins `k=v&…` raw.
pub(crate) fn signing_string(params: &BTreeMap<&str, String>) -> String {
    params
        .iter()
        .filter(|(k, v)| !v.is_empty() && **k != "sign")
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// 502, logged: an answer that is not provably Alipay's opens no session.
fn unverified(why: &str) -> ApiError {
    tracing::error!(
        reason = why,
        "Alipay's answer failed signature verification"
    );
    ApiError::new(
        PlatformRejection::Failed.code(),
        format!("Alipay's answer failed verification: {why}; no session was opened"),
    )
}

/// Alipay's public key from `alipay_public_key` or `alipay_public_key_path`; `None` if
/// neither is set, an error naming the key if it is set but unreadable.
fn read_alipay_key(config: &AlipayConfig) -> Result<Option<VerifyingKey<Sha256>>, ConfigError> {
    let (source, text) = if !config.alipay_public_key.trim().is_empty() {
        (
            "env BFFKIT_ALIPAY_PUBLIC_KEY",
            config.alipay_public_key.clone(),
        )
    } else if !config.alipay_public_key_path.is_empty() {
        let text =
            std::fs::read_to_string(&config.alipay_public_key_path).map_err(|e| ConfigError {
                source: "auth.alipay.alipay_public_key_path".to_owned(),
                detail: format!("cannot read `{}`: {e}", config.alipay_public_key_path),
            })?;
        ("auth.alipay.alipay_public_key_path", text)
    } else {
        return Ok(None);
    };
    let key = parse_public_key(&text).ok_or_else(|| ConfigError {
        source: source.to_owned(),
        detail: "not an RSA public key in PEM (SPKI or PKCS#1) or bare base64 SPKI".to_owned(),
    })?;
    Ok(Some(VerifyingKey::<Sha256>::new(key)))
}

fn parse_public_key(text: &str) -> Option<RsaPublicKey> {
    let text = text.trim();
    if text.starts_with("-----BEGIN RSA PUBLIC KEY-----") {
        return RsaPublicKey::from_pkcs1_pem(text).ok();
    }
    if text.starts_with("-----BEGIN") {
        return RsaPublicKey::from_public_key_pem(text).ok();
    }
    // The Alipay console shows its public key as bare base64.
    let der = STANDARD
        .decode(text.split_whitespace().collect::<String>())
        .ok()?;
    RsaPublicKey::from_public_key_der(&der)
        .ok()
        .or_else(|| RsaPublicKey::from_pkcs1_der(&der).ok())
}

fn parse_private_key(text: &str) -> Option<RsaPrivateKey> {
    let text = text.trim();
    if text.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        return RsaPrivateKey::from_pkcs1_pem(text).ok();
    }
    if text.starts_with("-----BEGIN") {
        return RsaPrivateKey::from_pkcs8_pem(text).ok();
    }
    // The Alipay console hands out the key as bare base64.
    let der = STANDARD
        .decode(text.split_whitespace().collect::<String>())
        .ok()?;
    RsaPrivateKey::from_pkcs8_der(&der)
        .ok()
        .or_else(|| RsaPrivateKey::from_pkcs1_der(&der).ok())
}

fn gateway_error(error: ErrorResponse) -> ApiError {
    let sub_code = error.sub_code.unwrap_or_default();
    let gateway_code = error.code.unwrap_or_default();
    let (error_code, what) = match (gateway_code.as_str(), sub_code.as_str()) {
        (_, "isv.code-invalid") => (
            PlatformRejection::Refused.code(),
            "the auth code is invalid or expired",
        ),
        (_, "isv.refresh-token-invalid" | "isv.refresh-token-time-out") => (
            PlatformRejection::Refused.code(),
            "the refresh token is invalid",
        ),
        ("20000", _) => (
            PlatformRejection::Unavailable.code(),
            "Alipay is unavailable",
        ),
        ("40004", _) => (
            PlatformRejection::Refused.code(),
            "Alipay refused the auth code",
        ),
        _ => (
            PlatformRejection::Failed.code(),
            "Alipay refused alipay.system.oauth.token",
        ),
    };
    ApiError::new(
        error_code,
        format!("Alipay sign-in: {what} ({gateway_code} {sub_code})"),
    )
    .with_data(serde_json::json!({
        "code": gateway_code,
        "msg": error.msg.unwrap_or_default(),
        "sub_code": sub_code,
        "sub_msg": error.sub_msg.unwrap_or_default(),
    }))
}

/// Alipay's gateway, as a dependency whose outages are logged (not once a sign-in).
static ALIPAY: FailureLog = FailureLog::new("Alipay gateway");

fn transport_error(e: reqwest::Error) -> ApiError {
    let error = if e.is_timeout() {
        ALIPAY.failure(&"no answer in time");
        ApiError::new(
            PlatformRejection::TimedOut.code(),
            "Alipay did not answer in time",
        )
    } else {
        let e = e.without_url();
        let detail = crate::outbound::describe(&e);
        ALIPAY.failure(&detail);
        ApiError::new(
            PlatformRejection::Failed.code(),
            format!("cannot reach Alipay: {detail}"),
        )
    };
    error.reported()
}

/// `yyyy-MM-dd HH:mm:ss` in China time (UTC+8), as the gateway expects.
fn china_timestamp(unix: i64) -> String {
    let t = unix + 8 * 3600;
    let (days, secs) = (t.div_euclid(86400), t.rem_euclid(86400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Howard Hinnant's days-to-civil: (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(gateway: &str) -> AlipayConfig {
        AlipayConfig {
            app_id: "2021000000000000".to_owned(),
            private_key_path: concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../tests/fixtures/alipay_app_private_key.pem"
            )
            .to_owned(),
            gateway: gateway.to_owned(),
            ..AlipayConfig::default()
        }
    }

    /// What a release build does (`allow_http` is `cfg!(debug_assertions)` at the caller).
    #[test]
    fn release_rules_refuse_a_plain_http_gateway_naming_the_key() {
        let err = AlipayClient::from_config(
            &config("http://openapi.alipay.com/gateway.do"),
            &TlsConfig::default(),
            false,
        )
        .err()
        .expect("an http gateway was accepted");
        assert_eq!(
            err.to_string(),
            "invalid configuration in auth.alipay.gateway (env BFFKIT_ALIPAY_GATEWAY): \
             `http://openapi.alipay.com/gateway.do` is plain http: platform calls carry the \
             app secret and users' codes, so release builds accept https only"
        );
    }

    #[test]
    fn https_is_accepted_in_release_and_http_in_debug_builds() {
        let tls = TlsConfig::default();
        let https = AlipayClient::from_config(
            &config("https://openapi.alipay.com/gateway.do"),
            &tls,
            false,
        );
        assert!(matches!(https, Ok(Some(_))), "{:?}", https.err());
        let http = AlipayClient::from_config(&config("http://127.0.0.1:9/gateway.do"), &tls, true);
        assert!(matches!(http, Ok(Some(_))), "{:?}", http.err());
    }

    #[test]
    fn timestamps_are_china_time() {
        assert_eq!(china_timestamp(0), "1970-01-01 08:00:00");
        // 2024-02-29 15:59:59 UTC
        assert_eq!(china_timestamp(1_709_222_399), "2024-02-29 23:59:59");
        assert_eq!(china_timestamp(1_709_222_400), "2024-03-01 00:00:00");
    }

    #[test]
    fn signing_string_sorts_and_drops_empty_values() {
        let mut p = BTreeMap::new();
        p.insert("method", "m".to_owned());
        p.insert("app_id", "1".to_owned());
        p.insert("empty", String::new());
        p.insert("code", "a b".to_owned());
        assert_eq!(signing_string(&p), "app_id=1&code=a b&method=m");
    }
}

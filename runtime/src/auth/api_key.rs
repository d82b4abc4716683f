//! `ApiKey`: a guard for server-to-server routes, comparing a header with the configured
//! keys in constant time.

use axum::extract::FromRequestParts;
use http::request::Parts;
use http::HeaderName;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::AuthConfig;
use crate::context::AppContext;
use crate::error::{code, ApiError};
use crate::schema::{DocumentArg, OperationDoc};

/// Present when the request carried a configured API key (`[auth] api_keys`, env
/// `BFFKIT_API_KEYS`) in the configured header (`[auth] api_key_header`, default
/// `x-api-key`). Otherwise: 401 `{"msg": "<header> is auth failed", "code": 20004}`.
#[derive(Debug, Clone, Copy)]
pub struct ApiKey;

/// The configured keys, as SHA-256 digests so that comparing them takes the same time
/// whatever their length.
#[derive(Clone)]
pub(crate) struct ApiKeys {
    header: HeaderName,
    digests: Vec<[u8; 32]>,
}

impl ApiKeys {
    pub(crate) fn from_config(config: &AuthConfig) -> ApiKeys {
        ApiKeys {
            header: HeaderName::from_bytes(config.api_key_header.as_bytes())
                .unwrap_or_else(|_| HeaderName::from_static("x-api-key")),
            digests: config
                .api_keys
                .iter()
                .map(|k| digest(k.expose().as_bytes()))
                .collect(),
        }
    }

    fn accepts(&self, presented: &[u8]) -> bool {
        let presented = digest(presented);
        // Check every key, so the time does not tell which one matched.
        self.digests
            .iter()
            .fold(subtle::Choice::from(0), |acc, key| {
                acc | key.ct_eq(&presented)
            })
            .into()
    }
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl FromRequestParts<AppContext> for ApiKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        let keys = ctx.state::<ApiKeys>().ok_or_else(|| {
            ApiError::internal(
                "API keys are not set up: add `.auth(bffkit::auth::Auth::new())` to the App",
            )
        })?;
        match parts.headers.get(&keys.header) {
            Some(value) if keys.accepts(value.as_bytes()) => Ok(ApiKey),
            _ => Err(ApiError::new(
                code::INVALID_API_KEY,
                format!("{} is auth failed", keys.header),
            )),
        }
    }
}

impl DocumentArg for ApiKey {
    fn document(doc: &mut OperationDoc) {
        doc.requires_auth = true;
        doc.requires_api_key = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    #[test]
    fn only_configured_keys_pass() {
        let config = AuthConfig {
            api_keys: vec![Secret::new("k1"), Secret::new("longer-key-2")],
            ..AuthConfig::default()
        };
        let keys = ApiKeys::from_config(&config);
        assert!(keys.accepts(b"k1"));
        assert!(keys.accepts(b"longer-key-2"));
        assert!(!keys.accepts(b"k2"));
        assert!(!keys.accepts(b""));
        let none = ApiKeys::from_config(&AuthConfig::default());
        assert!(!none.accepts(b""));
    }
}

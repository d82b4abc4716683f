//! Sign-in and sessions for mini programs (feature `auth`).
//!
//! The client gets a one-time code from its platform (`wx.login`, `my.getAuthCode`) and
//! posts it to `{prefix}/auth/wechat/login` or `{prefix}/auth/alipay/login`. The app
//! exchanges it with the platform, keeps the platform's secrets (`session_key`, access
//! token) server-side, and answers its own opaque token. Later requests send
//! `Authorization: Bearer <token>`; handlers take [`CurrentUser`].
//!
//! ```no_run
//! // in `main`: `run()` serves the lambdas plus `{prefix}/auth/...`
//! let app = bffkit::App::new().auth(bffkit::auth::Auth::new());
//! # drop(app);
//! ```

#[cfg(feature = "auth-alipay")]
mod alipay;
mod answer;
mod api_key;
mod cookie;
mod extract;
mod rejection;
pub(crate) use rejection::session_statuses;
mod routes;
#[cfg(all(test, feature = "auth-alipay"))]
pub(crate) use alipay::AlipayLogin;
#[cfg(test)]
pub(crate) use answer::{Revoked, SessionAnswer};
pub(crate) use routes::{routes, SignInRoutes};
#[cfg(test)]
pub(crate) use wechat::WechatLogin;
pub mod session;
mod wechat;
mod wechat_data;
mod wechat_platform;

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, ConfigError, SessionStoreKind};
use crate::ops::ReadinessCheck;

pub use api_key::ApiKey;
pub(crate) use extract::signed_in_user;
pub use extract::CurrentUser;
#[cfg(feature = "auth-redis")]
pub use session::RedisStore;
#[cfg(feature = "auth-sqlite")]
pub use session::SqliteStore;
pub use session::{
    IssuedSession, MemoryStore, SessionRecord, SessionStore, SessionUser, Sessions, StoreError,
};
pub use wechat_data::{
    Decrypted, Watermark, WechatDataError, WechatPhoneNumber, WechatSessionKey, WechatUserInfo,
};
pub use wechat_platform::WechatPlatform;

/// Plain `http://` platform URLs are accepted in debug builds only, where the tests' and a
/// developer's fakes live; release builds refuse them at start-up.
const ALLOW_HTTP: bool = cfg!(debug_assertions);

/// Switches sign-in on for an [`App`](crate::App): the login, refresh and logout routes,
/// the session store named by `[auth] store`, and the [`CurrentUser`] and [`ApiKey`]
/// extractors.
#[must_use]
#[derive(Default)]
pub struct Auth {
    store: Option<Arc<dyn SessionStore>>,
}

impl Auth {
    /// Sign-in with the store `[auth] store` names (env `BFFKIT_SESSION_STORE`).
    pub fn new() -> Auth {
        Auth::default()
    }

    /// Sign-in with your own store instead.
    pub fn store(mut self, store: Arc<dyn SessionStore>) -> Auth {
        self.store = Some(store);
        self
    }

    /// Builds the store, puts [`Sessions`] and the API keys in the app states, and returns
    /// the state of the sign-in routes ([`routes`]) and the store's readiness check.
    pub(crate) fn install(
        self,
        config: &Config,
        states: &mut HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    ) -> Result<(Arc<routes::AuthRoutes>, ReadinessCheck), ConfigError> {
        let auth = &config.auth;
        let store = match self.store {
            Some(store) => store,
            None => open_store(config)?,
        };
        let readiness = store_check(store.clone());
        let secrets = session::SecretBox::from_key(&auth.secret_key)?;
        let sessions = Sessions::new(
            store,
            Duration::from_secs(auth.session_ttl_secs),
            Duration::from_secs(auth.idle_ttl_secs),
        )
        .sealing(secrets.clone());
        if auth.store != SessionStoreKind::Redis {
            spawn_cleanup(sessions.clone(), auth.cleanup_interval_secs);
        }
        states.insert(TypeId::of::<Sessions>(), Box::new(sessions.clone()));
        states.insert(
            TypeId::of::<api_key::ApiKeys>(),
            Box::new(api_key::ApiKeys::from_config(auth)),
        );
        let wechat = wechat::WechatClient::from_config(&auth.wechat, &config.tls, ALLOW_HTTP)?;
        let platform = wechat.clone().map(|client| {
            Arc::new(wechat_platform::Platform::new(
                client,
                sessions.store().clone(),
                secrets.clone(),
                auth.wechat.token_refresh_before_secs,
            ))
        });
        states.insert(
            TypeId::of::<Option<Arc<wechat_platform::Platform>>>(),
            Box::new(platform),
        );
        let cookie = cookie::SessionCookie::from_config(config);
        states.insert(
            TypeId::of::<Option<cookie::SessionCookie>>(),
            Box::new(cookie.clone()),
        );
        let routes = routes::AuthRoutes {
            sessions,
            cookie,
            wechat,
            #[cfg(feature = "auth-alipay")]
            alipay: alipay::AlipayClient::from_config(&auth.alipay, &config.tls, ALLOW_HTTP)?,
            body_limit: config.limits.body_bytes,
        };
        Ok((Arc::new(routes), readiness))
    }
}

/// `/readyz` check `session_store`: an instance whose store does not answer cannot sign
/// anyone in, so it should get no traffic.
fn store_check(store: Arc<dyn SessionStore>) -> ReadinessCheck {
    ReadinessCheck::new("session_store", move || {
        let store = store.clone();
        async move { store.ping().await.map_err(|e| e.to_string()) }
    })
}

fn open_store(config: &Config) -> Result<Arc<dyn SessionStore>, ConfigError> {
    let auth = &config.auth;
    match auth.store {
        SessionStoreKind::Memory => Ok(Arc::new(MemoryStore::new())),
        #[cfg(feature = "auth-sqlite")]
        SessionStoreKind::Sqlite => SqliteStore::open(&auth.sqlite_path)
            .map(|s| Arc::new(s) as Arc<dyn SessionStore>)
            .map_err(|e| ConfigError {
                source: "auth.sqlite_path".to_owned(),
                detail: e.to_string(),
            }),
        #[cfg(not(feature = "auth-sqlite"))]
        SessionStoreKind::Sqlite => Err(missing("auth-sqlite")),
        #[cfg(feature = "auth-redis")]
        SessionStoreKind::Redis => RedisStore::open(&auth.redis_url)
            .map(|s| Arc::new(s) as Arc<dyn SessionStore>)
            .map_err(|e| ConfigError {
                source: "auth.redis_url".to_owned(),
                detail: e.to_string(),
            }),
        #[cfg(not(feature = "auth-redis"))]
        SessionStoreKind::Redis => Err(missing("auth-redis")),
    }
}

#[cfg(not(all(feature = "auth-sqlite", feature = "auth-redis")))]
fn missing(feature: &str) -> ConfigError {
    ConfigError {
        source: "auth.store".to_owned(),
        detail: format!("this build lacks the `{feature}` feature of bffkit"),
    }
}

/// Deletes expired sessions every `interval_secs`, when a tokio runtime is running.
fn spawn_cleanup(sessions: Sessions, interval_secs: u64) {
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    handle.spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_secs(interval_secs.max(1)));
        loop {
            ticker.tick().await;
            match sessions.delete_expired().await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(deleted = n, "expired sessions deleted"),
                Err(e) => tracing::warn!(error = %e, "deleting expired sessions failed"),
            }
        }
    });
}

//! Which platform a client is generated for: the web (`fetch`) or a mini-program
//! (`wx.request`, `my.request`), and what that changes in the generated file.

use std::fmt;

use serde::Deserialize;

/// `--target` / `"target"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    #[default]
    Web,
    Wechat,
    Alipay,
}

impl Target {
    pub const NAMES: &'static str = "web, wechat or alipay";

    pub fn parse(name: &str) -> Result<Target, String> {
        match name {
            "web" => Ok(Target::Web),
            "wechat" => Ok(Target::Wechat),
            "alipay" => Ok(Target::Alipay),
            other => Err(format!(
                "unknown target {other:?} (expected {})",
                Target::NAMES
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Target::Web => "web",
            Target::Wechat => "wechat",
            Target::Alipay => "alipay",
        }
    }

    /// The `@bffkit/client` entry for this platform.
    pub fn runtime_module(self) -> &'static str {
        match self {
            Target::Web => "@bffkit/client",
            Target::Wechat => "@bffkit/client/wechat",
            Target::Alipay => "@bffkit/client/alipay",
        }
    }

    pub fn is_miniprogram(self) -> bool {
        self != Target::Web
    }

    /// The sign-in route's path below the API prefix, and what gives its code.
    pub fn sign_in(self) -> Option<(&'static str, &'static str)> {
        match self {
            Target::Web => None,
            Target::Wechat => Some(("/auth/wechat/login", "`wx.login()`")),
            Target::Alipay => Some((
                "/auth/alipay/login",
                "`my.getAuthCode({ scopes: 'auth_base' })`",
            )),
        }
    }

    /// The platform's request function, for docs.
    pub fn request_function(self) -> &'static str {
        match self {
            Target::Web => "fetch",
            Target::Wechat => "wx.request",
            Target::Alipay => "my.request",
        }
    }

    /// The storage call that keeps the session, for docs.
    pub fn storage_call(self) -> &'static str {
        match self {
            Target::Web => "",
            Target::Wechat => "`wx.setStorageSync`",
            Target::Alipay => "`my.setStorageSync`",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

//! `GET /api/me`: the signed-in user. Requires `Authorization: Bearer <token>` from
//! `POST /api/auth/wechat/login` or `POST /api/auth/alipay/login`.

use bffkit::auth::CurrentUser;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct Me {
    /// `wechat` or `alipay`.
    pub provider: String,
    /// WeChat `openid` or Alipay `user_id`.
    pub user_id: String,
    /// WeChat `unionid`, when there is one.
    pub unionid: Option<String>,
    /// When the session ends at the latest (Unix seconds).
    pub expires_at: i64,
}

/// Who is signed in.
#[bffkit::get]
pub async fn get(user: CurrentUser) -> Me {
    Me {
        provider: user.provider,
        user_id: user.user_id,
        unionid: user.unionid,
        expires_at: user.expires_at,
    }
}

//! `POST /api/wechat/profile`: the profile a mini program got from `wx.getUserProfile`,
//! decrypted on the server with the session's `session_key` (which the client never sees).

use bffkit::auth::{WechatSessionKey, WechatUserInfo};
use bffkit::{ApiError, RequestOption};
use schemars::JsonSchema;
use serde::Deserialize;

/// What `wx.getUserProfile` hands the mini program.
#[derive(Deserialize, JsonSchema)]
pub struct EncryptedProfile {
    /// Base64 AES-128-CBC ciphertext.
    #[serde(rename = "encryptedData")]
    pub encrypted_data: String,
    /// Base64 16-byte IV.
    pub iv: String,
}

/// The caller's WeChat profile, decrypted and checked to be issued to this app.
#[bffkit::post]
pub async fn post(
    key: WechatSessionKey,
    RequestOption { data, .. }: RequestOption<(), EncryptedProfile>,
) -> Result<WechatUserInfo, ApiError> {
    Ok(key
        .decrypt::<WechatUserInfo>(&data.encrypted_data, &data.iv)?
        .data)
}

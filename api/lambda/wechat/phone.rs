//! `POST /api/wechat/phone`: the signed-in user's phone number, from the `code` of the mini
//! program's `getPhoneNumber` button, through WeChat's server API with the app's
//! `access_token` (fetched once per expiry for every instance sharing the session store).

use bffkit::auth::{WechatPhoneNumber, WechatPlatform};
use bffkit::{ApiError, RequestOption};
use schemars::JsonSchema;
use serde::Deserialize;

/// What the `getPhoneNumber` button hands the mini program.
#[derive(Deserialize, JsonSchema)]
pub struct PhoneCode {
    /// The button's one-time code.
    pub code: String,
}

/// The user's phone number.
#[bffkit::post(auth)]
pub async fn post(
    wechat: WechatPlatform,
    RequestOption { data, .. }: RequestOption<(), PhoneCode>,
) -> Result<WechatPhoneNumber, ApiError> {
    wechat.phone_number(&data.code).await
}

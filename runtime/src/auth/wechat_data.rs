//! [`WechatSessionKey`]: decrypts what a mini program gets from WeChat (`encryptedData` and
//! `iv` from `wx.getUserProfile`, the phone-number button, `wx.getWeRunData`, …) with the
//! session's `session_key`, which never leaves the server.
//!
//! WeChat encrypts with AES-128-CBC and PKCS#7 padding; the key is the base64-decoded
//! `session_key`, the IV the base64-decoded `iv`; the plaintext JSON carries a `watermark`
//! whose `appid` must be this app's.

use std::fmt;

use aes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, KeyIvInit};
use axum::extract::FromRequestParts;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use http::request::Parts;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::context::AppContext;
use crate::error::{code, ApiError};
use crate::schema::{DocumentArg, OperationDoc};

use super::extract::{request_token, sessions};
use super::rejection::{sign_in_first, store_unavailable};

type Aes128CbcDec = cbc::Decryptor<aes::Aes128>;

/// The `session_key` of the caller's WeChat session, able to decrypt its data.
///
/// Taking it requires a WeChat session: without a valid one the request gets 401; with a
/// session opened another way, 403.
///
/// ```
/// use bffkit::auth::WechatUserInfo;
/// use bffkit::{ApiError, RequestOption};
///
/// #[bffkit::schema]
/// pub struct Encrypted {
///     pub encrypted_data: String,
///     pub iv: String,
/// }
///
/// # /* The method macros need the route table an app's build script writes.
/// #[bffkit::post]
/// # */
/// pub async fn post(
///     key: bffkit::auth::WechatSessionKey,
///     RequestOption { data, .. }: RequestOption<(), Encrypted>,
/// ) -> Result<WechatUserInfo, ApiError> {
///     Ok(key.decrypt::<WechatUserInfo>(&data.encrypted_data, &data.iv)?.data)
/// }
/// # fn main() {}
/// ```
pub struct WechatSessionKey {
    session_key: String,
    appid: String,
}

impl fmt::Debug for WechatSessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WechatSessionKey")
            .field("session_key", &"***")
            .field("appid", &self.appid)
            .finish()
    }
}

/// Decrypted data and its watermark.
#[derive(Debug, Clone)]
pub struct Decrypted<T> {
    /// The data, typed.
    pub data: T,
    /// Which app it was issued to, and when.
    pub watermark: Watermark,
}

/// The `watermark` WeChat puts in every piece of encrypted data.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub struct Watermark {
    /// The mini program the data was issued to.
    pub appid: String,
    /// When, in Unix seconds.
    pub timestamp: i64,
}

/// User info (`wx.getUserProfile` / the older `wx.getUserInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct WechatUserInfo {
    /// The user's `openid` (older data only).
    pub open_id: Option<String>,
    /// Nickname.
    pub nick_name: String,
    /// 0 unknown, 1 male, 2 female.
    pub gender: i64,
    /// Language, e.g. `zh_CN`.
    pub language: String,
    /// City.
    pub city: String,
    /// Province.
    pub province: String,
    /// Country.
    pub country: String,
    /// Avatar URL.
    pub avatar_url: String,
    /// The `unionid`, when the app is bound to an Open Platform account.
    pub union_id: Option<String>,
}

/// A phone number (the `getPhoneNumber` button's encrypted data).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct WechatPhoneNumber {
    /// With the country code for numbers outside mainland China.
    pub phone_number: String,
    /// Without the country code.
    pub pure_phone_number: String,
    /// The country code, e.g. `86`.
    pub country_code: String,
}

/// Why data could not be decrypted; each becomes a 4xx naming the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WechatDataError {
    /// `encryptedData` is not base64 or not whole AES blocks.
    InvalidEncryptedData,
    /// `iv` is not base64 of 16 bytes.
    InvalidIv,
    /// The padding is wrong after decryption: the data was encrypted with another
    /// `session_key` (the mini program called `wx.login` again since signing in), or it was
    /// altered.
    BadPadding,
    /// It decrypted, but not to the expected JSON.
    UnexpectedContent(String),
    /// The watermark names another mini program.
    WrongAppid {
        /// The watermark's appid.
        found: String,
    },
    /// The session holds no usable `session_key`.
    NoSessionKey,
}

impl fmt::Display for WechatDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WechatDataError::InvalidEncryptedData => {
                f.write_str("encryptedData: not base64 of whole 16-byte AES blocks")
            }
            WechatDataError::InvalidIv => f.write_str("iv: not base64 of 16 bytes"),
            WechatDataError::BadPadding => f.write_str(
                "encryptedData: bad PKCS#7 padding after decryption with this session's \
                 session_key: the session_key is stale (the mini program called wx.login \
                 after signing in) or the data was altered; sign in again, then fetch the \
                 data again",
            ),
            WechatDataError::UnexpectedContent(why) => {
                write!(
                    f,
                    "encryptedData: decrypted, but not the expected JSON: {why}"
                )
            }
            WechatDataError::WrongAppid { found } => write!(
                f,
                "encryptedData: watermark.appid is `{found}`, not this app's: the data was \
                 issued to another mini program"
            ),
            WechatDataError::NoSessionKey => {
                f.write_str("this session holds no WeChat session_key: sign in with wx.login again")
            }
        }
    }
}

impl std::error::Error for WechatDataError {}

impl From<WechatDataError> for ApiError {
    fn from(e: WechatDataError) -> ApiError {
        let error_code = match e {
            WechatDataError::InvalidEncryptedData | WechatDataError::InvalidIv => code::BAD_REQUEST,
            WechatDataError::BadPadding
            | WechatDataError::UnexpectedContent(_)
            | WechatDataError::NoSessionKey => code::CONFLICT,
            WechatDataError::WrongAppid { .. } => code::FORBIDDEN,
        };
        ApiError::new(error_code, e.to_string())
    }
}

impl WechatSessionKey {
    /// Decrypts `encrypted_data` (base64) with `iv` (base64), checks the watermark's appid,
    /// and reads the plaintext as `T`.
    pub fn decrypt<T: DeserializeOwned>(
        &self,
        encrypted_data: &str,
        iv: &str,
    ) -> Result<Decrypted<T>, WechatDataError> {
        decrypt(&self.session_key, &self.appid, encrypted_data, iv)
    }
}

#[derive(Deserialize)]
struct Watermarked<T> {
    watermark: Watermark,
    #[serde(flatten)]
    data: T,
}

/// WeChat's `decryptData`, with the appid check.
pub(crate) fn decrypt<T: DeserializeOwned>(
    session_key: &str,
    appid: &str,
    encrypted_data: &str,
    iv: &str,
) -> Result<Decrypted<T>, WechatDataError> {
    let key = STANDARD
        .decode(session_key.trim())
        .ok()
        .filter(|k| k.len() == 16)
        .ok_or(WechatDataError::NoSessionKey)?;
    let iv = STANDARD
        .decode(iv.trim())
        .ok()
        .filter(|iv| iv.len() == 16)
        .ok_or(WechatDataError::InvalidIv)?;
    let ciphertext = STANDARD
        .decode(encrypted_data.trim())
        .ok()
        .filter(|c| !c.is_empty() && c.len() % 16 == 0)
        .ok_or(WechatDataError::InvalidEncryptedData)?;
    let plaintext = Aes128CbcDec::new_from_slices(&key, &iv)
        .map_err(|_| WechatDataError::NoSessionKey)?
        .decrypt_padded_vec::<Pkcs7>(&ciphertext)
        .map_err(|_| WechatDataError::BadPadding)?;
    let marked: Watermarked<T> = serde_json::from_slice(&plaintext)
        .map_err(|e| WechatDataError::UnexpectedContent(e.to_string()))?;
    if marked.watermark.appid != appid {
        return Err(WechatDataError::WrongAppid {
            found: marked.watermark.appid,
        });
    }
    Ok(Decrypted {
        data: marked.data,
        watermark: marked.watermark,
    })
}

impl FromRequestParts<AppContext> for WechatSessionKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        let sessions = sessions(ctx)?;
        let token = request_token(parts, ctx)?;
        let record = match sessions.validate(&token).await {
            Ok(Some(record)) => record,
            Ok(None) => return Err(sign_in_first("the session has expired or was revoked")),
            Err(e) => return Err(store_unavailable(e)),
        };
        if record.user.provider != "wechat" {
            return Err(ApiError::new(
                code::FORBIDDEN,
                "this session was not opened through WeChat sign-in: WeChat data cannot be \
                 decrypted with it",
            ));
        }
        let session_key = record
            .platform_secret
            .ok_or(WechatDataError::NoSessionKey)?;
        Ok(WechatSessionKey {
            session_key,
            appid: ctx.config().auth.wechat.appid.clone(),
        })
    }
}

impl DocumentArg for WechatSessionKey {
    fn document(doc: &mut OperationDoc) {
        doc.requires_auth = true;
        // Another platform's session, another app's data; data under a stale session_key.
        for status in [403, 409] {
            if !doc.errors.contains(&status) {
                doc.errors.push(status);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The sample of WeChat's decryptData demo (WXBizDataCrypt), as published.
    const APPID: &str = "wx4f4bc4dec97d474b";
    const SESSION_KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
    const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
    const ENCRYPTED_DATA: &str = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

    #[test]
    fn the_official_sample_decrypts_to_band() {
        let info: Decrypted<WechatUserInfo> =
            decrypt(SESSION_KEY, APPID, ENCRYPTED_DATA, IV).unwrap();
        assert_eq!(
            info.data.open_id.as_deref(),
            Some("oGZUI0egBJY1zhBYw2KhdUfwVJJE")
        );
        assert_eq!(info.data.nick_name, "Band");
        assert_eq!(info.data.gender, 1);
        assert_eq!(info.data.city, "Guangzhou");
        assert_eq!(
            info.data.union_id.as_deref(),
            Some("ocMvos6NjeKLIBqg5Mr9QjxrP1FA")
        );
        assert_eq!(
            info.watermark,
            Watermark {
                appid: APPID.to_owned(),
                timestamp: 1477314187
            }
        );
    }

    #[test]
    fn another_apps_data_is_refused_naming_the_appid() {
        let err =
            decrypt::<WechatUserInfo>(SESSION_KEY, "wx-other", ENCRYPTED_DATA, IV).unwrap_err();
        assert_eq!(
            err,
            WechatDataError::WrongAppid {
                found: APPID.to_owned()
            }
        );
        let api: ApiError = err.into();
        assert_eq!(api.code(), code::FORBIDDEN.code);
        assert!(api.to_string().contains("watermark.appid"), "{api}");
    }

    #[test]
    fn bad_padding_says_the_session_key_is_stale() {
        // Dropping the last block leaves a middle block, whose plaintext is not padding.
        let mut bytes = STANDARD.decode(ENCRYPTED_DATA).unwrap();
        bytes.truncate(bytes.len() - 16);
        let truncated = STANDARD.encode(bytes);
        let err = decrypt::<WechatUserInfo>(SESSION_KEY, APPID, &truncated, IV).unwrap_err();
        assert_eq!(err, WechatDataError::BadPadding);
        assert!(err.to_string().contains("stale"), "{err}");
        // Another session's key: the padding check fails the same way.
        let other_key = STANDARD.encode([7u8; 16]);
        let err = decrypt::<WechatUserInfo>(&other_key, APPID, ENCRYPTED_DATA, IV).unwrap_err();
        assert_eq!(err, WechatDataError::BadPadding);
    }

    #[test]
    fn a_phone_number_decrypts_into_its_type() {
        use aes::cipher::BlockModeEncrypt;
        let key = [9u8; 16];
        let iv = [3u8; 16];
        let plain = serde_json::json!({
            "phoneNumber": "+86 138 0013 8000", "purePhoneNumber": "13800138000",
            "countryCode": "86", "watermark": { "appid": APPID, "timestamp": 1 }
        })
        .to_string();
        let ciphertext = cbc::Encryptor::<aes::Aes128>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt_padded_vec::<Pkcs7>(plain.as_bytes());
        let phone: Decrypted<WechatPhoneNumber> = decrypt(
            &STANDARD.encode(key),
            APPID,
            &STANDARD.encode(ciphertext),
            &STANDARD.encode(iv),
        )
        .unwrap();
        assert_eq!(phone.data.pure_phone_number, "13800138000");
        assert_eq!(phone.data.country_code, "86");
    }

    #[test]
    fn malformed_fields_are_named() {
        let err = decrypt::<WechatUserInfo>(SESSION_KEY, APPID, "%%%", IV).unwrap_err();
        assert_eq!(err, WechatDataError::InvalidEncryptedData);
        let err =
            decrypt::<WechatUserInfo>(SESSION_KEY, APPID, ENCRYPTED_DATA, "AAAA").unwrap_err();
        assert_eq!(err, WechatDataError::InvalidIv);
        let api: ApiError = err.into();
        assert_eq!(api.code(), code::BAD_REQUEST.code);
    }
}

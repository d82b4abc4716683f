//! The success envelope `{"data": .., "msg": "Success!", "code": 10000}`. Errors are
//! `{code, msg, data?}` whether it is on or not, so one check of `code` tells them apart.

use serde::Serialize;

use crate::error::code;

/// The message every enveloped success carries.
pub const SUCCESS_MSG: &str = "Success!";

/// A success in the envelope.
#[derive(Debug, Serialize)]
pub struct Envelope<'a, T: ?Sized> {
    /// The handler's value.
    pub data: &'a T,
    /// Always [`SUCCESS_MSG`].
    pub msg: &'static str,
    /// Always [`code::SUCCESS`].
    pub code: u32,
}

impl<'a, T: ?Sized> Envelope<'a, T> {
    /// Wraps a value.
    pub fn new(data: &'a T) -> Envelope<'a, T> {
        Envelope {
            data,
            msg: SUCCESS_MSG,
            code: code::SUCCESS,
        }
    }
}

/// A success body as JSON bytes: the bare value, or the value in the envelope.
pub fn success_json<T: Serialize + ?Sized>(
    value: &T,
    envelope: bool,
) -> Result<Vec<u8>, serde_json::Error> {
    if envelope {
        serde_json::to_vec(&Envelope::new(value))
    } else {
        serde_json::to_vec(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_only_when_on() {
        let value = serde_json::json!({ "a": 1 });
        assert_eq!(success_json(&value, false).unwrap(), br#"{"a":1}"#);
        assert_eq!(
            success_json(&value, true).unwrap(),
            br#"{"data":{"a":1},"msg":"Success!","code":10000}"#
        );
    }
}

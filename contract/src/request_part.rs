//! The parts of a request a `match` route names, and how each is spelled: the Rust
//! binding (`form_data`), the generated client's key (`formData`) and the body it reads.

use crate::manifest::BodyKind;

/// One part of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestPart {
    /// The dynamic segments of the path.
    Params,
    /// The query string.
    Query,
    /// The headers.
    Headers,
    /// The cookies.
    Cookies,
    /// A JSON body.
    Data,
    /// A text body.
    Body,
    /// A `multipart/form-data` body.
    FormData,
    /// An `application/x-www-form-urlencoded` body.
    FormUrlencoded,
}

impl RequestPart {
    /// Every part, in the order a request is read.
    pub const ALL: [RequestPart; 8] = [
        RequestPart::Params,
        RequestPart::Query,
        RequestPart::Headers,
        RequestPart::Cookies,
        RequestPart::Data,
        RequestPart::Body,
        RequestPart::FormData,
        RequestPart::FormUrlencoded,
    ];

    /// The Rust name: the argument that binds it and the root of a failing field's path.
    pub fn name(self) -> &'static str {
        match self {
            RequestPart::Params => "params",
            RequestPart::Query => "query",
            RequestPart::Headers => "headers",
            RequestPart::Cookies => "cookies",
            RequestPart::Data => "data",
            RequestPart::Body => "body",
            RequestPart::FormData => "form_data",
            RequestPart::FormUrlencoded => "form_urlencoded",
        }
    }

    /// The key in the generated client's call options (Modern.js's camelCase).
    pub fn client_key(self) -> &'static str {
        match self {
            RequestPart::FormData => "formData",
            RequestPart::FormUrlencoded => "formUrlencoded",
            other => other.name(),
        }
    }

    /// A part by either spelling (`form_data` or `formData`).
    pub fn from_key(key: &str) -> Option<RequestPart> {
        RequestPart::ALL
            .into_iter()
            .find(|p| p.name() == key || p.client_key() == key)
    }

    /// The body it reads, for the four body parts.
    pub fn body_kind(self) -> Option<BodyKind> {
        BodyKind::ALL.into_iter().find(|k| k.part() == self)
    }

    /// Whether it is read from the body.
    pub fn is_body(self) -> bool {
        self.body_kind().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_name_the_same_part() {
        assert_eq!(
            RequestPart::from_key("formData"),
            Some(RequestPart::FormData)
        );
        assert_eq!(
            RequestPart::from_key("form_data"),
            Some(RequestPart::FormData)
        );
        assert_eq!(RequestPart::from_key("params"), Some(RequestPart::Params));
        assert_eq!(RequestPart::from_key("param"), None);
        for part in RequestPart::ALL {
            assert_eq!(RequestPart::from_key(part.name()), Some(part));
            assert_eq!(RequestPart::from_key(part.client_key()), Some(part));
        }
    }

    #[test]
    fn four_parts_are_bodies() {
        let bodies: Vec<_> = RequestPart::ALL
            .into_iter()
            .filter(|p| p.is_body())
            .collect();
        assert_eq!(
            bodies,
            [
                RequestPart::Data,
                RequestPart::Body,
                RequestPart::FormData,
                RequestPart::FormUrlencoded
            ]
        );
        assert_eq!(RequestPart::Data.body_kind(), Some(BodyKind::Json));
    }
}

//! How a request body is encoded, by media type.

use crate::RequestPart;

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// `application/json` (`data`).
    Json,
    /// `text/plain` (`body`).
    Text,
    /// `multipart/form-data` (`formData`).
    Multipart,
    /// `application/x-www-form-urlencoded` (`formUrlencoded`).
    FormUrlencoded,
}

impl BodyKind {
    /// Every kind.
    pub const ALL: [BodyKind; 4] = [
        BodyKind::Json,
        BodyKind::Text,
        BodyKind::Multipart,
        BodyKind::FormUrlencoded,
    ];

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            BodyKind::Json => "application/json",
            BodyKind::Text => "text/plain",
            BodyKind::Multipart => "multipart/form-data",
            BodyKind::FormUrlencoded => "application/x-www-form-urlencoded",
        }
    }

    /// The kind a media type names, if bffkit reads it.
    pub fn from_media_type(media: &str) -> Option<BodyKind> {
        BodyKind::ALL
            .into_iter()
            .find(|kind| kind.media_type() == media)
    }

    /// The request part that carries it.
    pub fn part(self) -> RequestPart {
        match self {
            BodyKind::Json => RequestPart::Data,
            BodyKind::Text => RequestPart::Body,
            BodyKind::Multipart => RequestPart::FormData,
            BodyKind::FormUrlencoded => RequestPart::FormUrlencoded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_name_one_kind_each() {
        for kind in BodyKind::ALL {
            assert_eq!(BodyKind::from_media_type(kind.media_type()), Some(kind));
            assert_eq!(kind.part().body_kind(), Some(kind));
        }
        assert_eq!(BodyKind::from_media_type("application/xml"), None);
    }
}

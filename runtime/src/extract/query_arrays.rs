//! Query strings with arrays: repeated keys fill a `Vec<T>` (serde_html_form), and an
//! absent key is an empty `Vec<T>`.
//!
//! An empty array has no form in a query string (`style: form, explode: true` sends one
//! pair per item), so the TypeScript client sends `[]` as no key at all. serde reports
//! such a field as missing; this reads it as empty instead. Which fields are arrays is
//! decided by their types: a field serde reports missing is offered again as an absent
//! value, which a sequence reads as empty and anything else still refuses as missing.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

/// Parses `text` into `T`; on failure, the located message (`tag[1]: invalid digit`) and
/// its path.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    let absent: RefCell<Vec<&'static str>> = RefCell::new(Vec::new());
    loop {
        let missing = RefCell::new(None);
        let query = Query {
            text,
            absent: &absent,
            missing: &missing,
        };
        match T::deserialize(query) {
            Ok(value) => return Ok(value),
            Err(error) => {
                let Some(field) = missing.borrow_mut().take() else {
                    return Err(located::<T>(text, &absent, error));
                };
                if absent.borrow().contains(&field) {
                    // Not a sequence: report it missing as serde would.
                    absent.borrow_mut().retain(|f| *f != field);
                    return Err(located::<T>(text, &absent, error));
                }
                absent.borrow_mut().push(field);
            }
        }
    }
}

/// The same parse with the field path tracked: only failures pay for it.
fn located<T: DeserializeOwned>(
    text: &str,
    absent: &RefCell<Vec<&'static str>>,
    error: serde_html_form::de::Error,
) -> (String, String) {
    let missing = RefCell::new(None);
    let query = Query {
        text,
        absent,
        missing: &missing,
    };
    match serde_path_to_error::deserialize::<_, T>(query) {
        Err(e) => (e.path().to_string(), e.inner().to_string()),
        Ok(_) => (".".to_owned(), error.to_string()),
    }
}

/// The whole query string, as a serde `Deserializer`.
struct Query<'de, 'a> {
    text: &'de str,
    absent: &'a RefCell<Vec<&'static str>>,
    missing: &'a RefCell<Option<&'static str>>,
}

impl<'de> de::Deserializer<'de> for Query<'de, '_> {
    type Error = serde_html_form::de::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let inner = serde_html_form::Deserializer::from_bytes(self.text.as_bytes());
        de::Deserializer::deserialize_struct(
            inner,
            name,
            fields,
            Fields {
                visitor,
                absent: self.absent,
                missing: self.missing,
            },
        )
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let inner = serde_html_form::Deserializer::from_bytes(self.text.as_bytes());
        de::Deserializer::deserialize_any(inner, visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Visits the struct's map with the absent fields in it.
struct Fields<'a, V> {
    visitor: V,
    absent: &'a RefCell<Vec<&'static str>>,
    missing: &'a RefCell<Option<&'static str>>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Fields<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let absent = self.absent.borrow().clone();
        let fields = WithAbsent {
            map,
            absent: absent.into_iter(),
            current: None,
        };
        self.visitor.visit_map(fields).map_err(|error: FieldError| {
            if let Some(field) = error.missing {
                *self.missing.borrow_mut() = Some(field);
            }
            de::Error::custom(error.message)
        })
    }
}

/// The absent fields, then the query's pairs. The absent ones were missing from the
/// query, so their place in the order does not matter.
struct WithAbsent<A> {
    map: A,
    absent: std::vec::IntoIter<&'static str>,
    current: Option<&'static str>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithAbsent<A> {
    type Error = FieldError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, FieldError> {
        self.current = self.absent.next();
        match self.current {
            Some(field) => seed.deserialize(field.into_deserializer()).map(Some),
            None => self.map.next_key_seed(seed).map_err(FieldError::from),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, FieldError> {
        match self.current {
            Some(field) => seed.deserialize(Absent(field)),
            None => self.map.next_value_seed(seed).map_err(FieldError::from),
        }
    }
}

/// A field the query does not have: an empty sequence, `None`, or still missing.
struct Absent(&'static str);

impl<'de> de::Deserializer<'de> for Absent {
    type Error = FieldError;

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_seq(de::value::SeqDeserializer::new(std::iter::empty::<()>()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_none()
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, FieldError> {
        Err(de::Error::missing_field(self.0))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// An error inside the struct, which remembers which field serde found missing.
#[derive(Debug)]
struct FieldError {
    message: String,
    missing: Option<&'static str>,
}

impl FieldError {
    fn from(error: impl fmt::Display) -> FieldError {
        FieldError {
            message: error.to_string(),
            missing: None,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

impl de::Error for FieldError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FieldError::from(msg)
    }

    fn missing_field(field: &'static str) -> Self {
        FieldError {
            message: format!("missing field `{field}`"),
            missing: Some(field),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Q {
        tag: Vec<String>,
        id: Option<Vec<u32>>,
        #[serde(default)]
        page: u32,
        name: Option<String>,
    }

    #[test]
    fn absent_arrays_are_empty_and_other_fields_keep_their_rules() {
        let q: Q = from_str("").unwrap();
        assert_eq!(
            q,
            Q {
                tag: vec![],
                id: None,
                page: 0,
                name: None
            }
        );
        let q: Q = from_str("tag=a&tag=b&id=1&page=3&name=x").unwrap();
        assert_eq!(
            q,
            Q {
                tag: vec!["a".into(), "b".into()],
                id: Some(vec![1]),
                page: 3,
                name: Some("x".into())
            }
        );
    }

    #[test]
    fn a_missing_scalar_is_still_missing() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Required {
            tag: Vec<String>,
            page: u32,
        }
        let (path, msg) = from_str::<Required>("").unwrap_err();
        assert_eq!((path.as_str(), msg.as_str()), (".", "missing field `page`"));
        let (path, msg) = from_str::<Required>("page=x").unwrap_err();
        assert_eq!(path, "page", "{msg}");
    }

    #[test]
    fn bad_items_name_the_field() {
        let (path, msg) = from_str::<Q>("id=1&id=x").unwrap_err();
        assert!(path.starts_with("id"), "{path}: {msg}");
    }
}

//! A JSON document as one flat tape borrowed from its bytes: the fast path of validation.
//!
//! `serde_json::Value` allocates for every key, string and object; validating a small body
//! through it costs more than the rest of the request. A tape is one `Vec`, its strings
//! point into the request's bytes, and the validator reads it through
//! [`TapeJson`](json::TapeJson). Only acceptance is decided here: a document the tape
//! can't hold (duplicate keys, too deep) or the schema rejects goes the slow way through
//! `Value`, which names every violation.

mod de;
mod json;
mod ser;

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

pub(crate) use json::TapeJson;

/// One entry of the tape. A container is followed by its contents; `end` is the index
/// just past them. An object's contents are `Key, value` pairs.
#[derive(Debug, Clone)]
pub(crate) enum Entry<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array { len: u32, end: u32 },
    Object { len: u32, end: u32 },
    Key(Cow<'a, str>),
}

/// A parsed document.
pub(crate) struct Tape<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> Tape<'a> {
    /// Parses `bytes`; `None` for malformed JSON, duplicate keys, or nesting deeper than
    /// `max_depth`: the slow path reports those.
    pub(crate) fn parse(bytes: &'a [u8], max_depth: usize) -> Option<Tape<'a>> {
        let mut entries = Vec::with_capacity(16);
        let mut de = serde_json::Deserializer::from_slice(bytes);
        Builder {
            entries: &mut entries,
            depth: max_depth,
        }
        .deserialize(&mut de)
        .ok()?;
        de.end().ok()?;
        Some(Tape { entries })
    }

    /// The root value.
    pub(crate) fn root(&self) -> json::TapeNode<'_> {
        json::TapeNode::new(&self.entries, 0)
    }

    /// The document as a `T`, as `serde_json::from_slice` would read its bytes.
    pub(crate) fn deserialize<T: serde::Deserialize<'a>>(&'a self) -> Result<T, de::Error> {
        T::deserialize(self.root())
    }
}

/// Appends one value (and everything in it) to the tape.
struct Builder<'t, 'a> {
    entries: &'t mut Vec<Entry<'a>>,
    /// Levels of nesting still allowed.
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Builder<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Builder<'_, 'de> {
    fn push(self, entry: Entry<'de>) {
        self.entries.push(entry);
    }

    /// Reserves the container's entry and the depth its contents get.
    fn open<E: serde::de::Error>(&mut self, entry: Entry<'de>) -> Result<(usize, usize), E> {
        let depth = self
            .depth
            .checked_sub(1)
            .ok_or_else(|| E::custom("too deep"))?;
        self.entries.push(entry);
        Ok((self.entries.len() - 1, depth))
    }

    fn close(&mut self, at: usize, count: usize) -> Option<()> {
        let len = u32::try_from(count).ok()?;
        let end = u32::try_from(self.entries.len()).ok()?;
        match &mut self.entries[at] {
            Entry::Array { len: l, end: e } | Entry::Object { len: l, end: e } => {
                (*l, *e) = (len, end);
            }
            _ => return None,
        }
        Some(())
    }
}

impl<'de> Visitor<'de> for Builder<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.push(Entry::Null);
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.push(Entry::Bool(v));
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.push(Entry::Number(v.into()));
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.push(Entry::Number(v.into()));
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        let number = Number::from_f64(v).ok_or_else(|| E::custom("not a finite number"))?;
        self.push(Entry::Number(number));
        Ok(())
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        self.push(Entry::String(Cow::Borrowed(v)));
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.push(Entry::String(Cow::Owned(v.to_owned())));
        Ok(())
    }

    fn visit_string<E>(self, v: String) -> Result<(), E> {
        self.push(Entry::String(Cow::Owned(v)));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let (at, depth) = self.open(Entry::Array { len: 0, end: 0 })?;
        let mut count = 0;
        while seq
            .next_element_seed(Builder {
                entries: self.entries,
                depth,
            })?
            .is_some()
        {
            count += 1;
        }
        self.close(at, count)
            .ok_or_else(|| A::Error::custom("too large"))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let (at, depth) = self.open(Entry::Object { len: 0, end: 0 })?;
        let mut keys: Vec<usize> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            keys.push(self.entries.len());
            self.entries.push(Entry::Key(key));
            map.next_value_seed(Builder {
                entries: self.entries,
                depth,
            })?;
        }
        if has_duplicates(self.entries, &keys) {
            return Err(A::Error::custom("duplicate keys"));
        }
        self.close(at, keys.len())
            .ok_or_else(|| A::Error::custom("too large"))
    }
}

/// Whether two of an object's keys are equal. `Value` keeps the last of them, and the
/// tape would have to as well; such bodies are rare enough to take the slow path.
fn has_duplicates(entries: &[Entry<'_>], keys: &[usize]) -> bool {
    let key = |at: usize| match &entries[at] {
        Entry::Key(name) => name.as_ref(),
        _ => "",
    };
    if keys.len() <= 16 {
        return keys
            .iter()
            .enumerate()
            .any(|(i, &a)| keys[i + 1..].iter().any(|&b| key(a) == key(b)));
    }
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    !keys.iter().all(|&at| seen.insert(key(at)))
}

/// Object keys, borrowed from the input unless they contain escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<Tape<'_>> {
        Tape::parse(text.as_bytes(), 64)
    }

    #[test]
    fn round_trips_through_value() {
        let text = r#"{"a": [1, -2, 3.5, "x\ny", true, null, {}], "b\u00e9": {"c": []}}"#;
        let tape = parse(text).unwrap();
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        use jsonschema::json::Node;
        assert_eq!(tape.root().to_value().into_owned(), expected);
    }

    #[test]
    fn refuses_what_the_slow_path_must_report() {
        assert!(parse(r#"{"a": 1, "a": 2}"#).is_none());
        assert!(parse(r#"{"a": 1"#).is_none());
        assert!(parse(r#"{"a": 1} x"#).is_none());
        assert!(parse("").is_none());
        assert!(Tape::parse(b"[[[1]]]", 3).is_some());
        assert!(Tape::parse(b"[[[[1]]]]", 3).is_none());
        let many: String = format!(
            "{{{}}}",
            (0..40)
                .map(|i| format!("\"k{}\": {i}", i % 39))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(parse(&many).is_none(), "a duplicate among many keys");
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let tape = parse(r#"{"name": "Ann", "esc": "a\"b"}"#).unwrap();
        assert!(matches!(
            &tape.entries[1],
            Entry::Key(Cow::Borrowed("name"))
        ));
        assert!(matches!(
            &tape.entries[2],
            Entry::String(Cow::Borrowed("Ann"))
        ));
        assert!(matches!(&tape.entries[4], Entry::String(Cow::Owned(s)) if s == "a\"b"));
    }

    #[test]
    fn reads_types_as_serde_json_reads_the_bytes() {
        use std::collections::BTreeMap;

        use serde::Deserialize;

        #[derive(Debug, PartialEq, Deserialize)]
        enum Kind {
            Plain,
            Wrapped(u8),
            Pair(u8, String),
            Named { x: i32 },
        }

        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(tag = "type", rename_all = "lowercase")]
        enum Tagged {
            Circle { r: f64 },
            Dot,
        }

        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(untagged)]
        enum Loose {
            Number(i64),
            Text(String),
        }

        #[derive(Debug, PartialEq, Deserialize)]
        struct Id(u32);

        #[derive(Debug, PartialEq, Deserialize)]
        struct Everything {
            maybe: Option<u8>,
            pairs: Vec<(i32, String)>,
            by_number: BTreeMap<u32, bool>,
            kinds: Vec<Kind>,
            tagged: Vec<Tagged>,
            loose: Vec<Loose>,
            id: Id,
            ratio: f64,
            #[serde(default)]
            defaulted: Vec<u8>,
        }

        let documents = [
            r#"{"maybe": 3, "pairs": [[1, "a"], [-2, "b\"c"]], "by_number": {"7": true},
                "kinds": ["Plain", {"Wrapped": 9}, {"Pair": [1, "x"]}, {"Named": {"x": -4}},
                          {"Plain": null}],
                "tagged": [{"type": "circle", "r": 1}, {"type": "dot"}],
                "loose": [5, "five"], "id": 12, "ratio": 2, "unknown": [{"deep": 1}]}"#,
            r#"{"maybe": null, "pairs": [], "by_number": {}, "kinds": [], "tagged": [],
                "loose": [], "id": 0, "ratio": -0.5, "defaulted": [1]}"#,
            // Each breaks the type somewhere; both readers must refuse.
            r#"{"maybe": 300, "pairs": [], "by_number": {}, "kinds": [], "tagged": [], "loose": [], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [[1]], "by_number": {}, "kinds": [], "tagged": [], "loose": [], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [[1, "a", 2]], "by_number": {}, "kinds": [], "tagged": [], "loose": [], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [], "by_number": {"x": true}, "kinds": [], "tagged": [], "loose": [], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [], "by_number": {}, "kinds": ["Nope"], "tagged": [], "loose": [], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [], "by_number": {}, "kinds": [{"Wrapped": 1, "Plain": null}], "tagged": [], "loose": [], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [], "by_number": {}, "kinds": [], "tagged": [{"type": "square"}], "loose": [], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [], "by_number": {}, "kinds": [], "tagged": [], "loose": [true], "id": 1, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [], "by_number": {}, "kinds": [], "tagged": [], "loose": [], "id": 1.5, "ratio": 1}"#,
            r#"{"maybe": 1, "pairs": [], "by_number": {}, "kinds": [], "tagged": [], "loose": [], "id": 1}"#,
        ];
        for text in documents {
            let tape = parse(text).unwrap();
            let from_tape = tape.deserialize::<Everything>();
            let from_bytes = serde_json::from_str::<Everything>(text);
            match (from_tape, from_bytes) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{text}: tape {a:?}, bytes {b:?}"),
            }
        }
        assert!(parse(documents[0])
            .unwrap()
            .deserialize::<Everything>()
            .is_ok());
    }

    #[test]
    fn a_written_value_has_the_tape_of_its_serialization() {
        use std::collections::BTreeMap;

        use serde::Serialize;

        #[derive(Serialize)]
        enum Kind {
            Plain,
            Wrapped(u8),
            Pair(u8, String),
            Named { x: i32 },
        }

        #[derive(Serialize)]
        struct Unit;

        #[derive(Serialize)]
        struct Everything {
            maybe: Option<u8>,
            none: Option<u8>,
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<u8>,
            pairs: Vec<(i32, String)>,
            by_number: BTreeMap<u32, bool>,
            kinds: Vec<Kind>,
            tiny: f32,
            nan: f64,
            big: u128,
            letter: char,
            unit: Unit,
            #[serde(with = "serde_bytes_as_seq")]
            bytes: Vec<u8>,
            #[serde(flatten)]
            extra: BTreeMap<String, i64>,
        }

        mod serde_bytes_as_seq {
            pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(v)
            }
        }

        let value = Everything {
            maybe: Some(3),
            none: None,
            skipped: None,
            pairs: vec![(1, "a\"b".into()), (-2, "é".into())],
            by_number: BTreeMap::from([(7, true), (8, false)]),
            kinds: vec![
                Kind::Plain,
                Kind::Wrapped(9),
                Kind::Pair(1, "x".into()),
                Kind::Named { x: -4 },
            ],
            tiny: 0.1,
            nan: f64::NAN,
            big: u128::MAX,
            letter: 'ß',
            unit: Unit,
            bytes: vec![0, 255],
            extra: BTreeMap::from([("k".to_owned(), -1)]),
        };
        let bytes = serde_json::to_vec(&value).unwrap();
        let parsed = Tape::parse(&bytes, usize::MAX).unwrap();
        let written = Tape::of(&value).unwrap();
        use jsonschema::json::Node;
        assert_eq!(written.root().to_value(), parsed.root().to_value());
        assert_eq!(written.entries.len(), parsed.entries.len());
        for (a, b) in written.entries.iter().zip(&parsed.entries) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        let duplicated: Vec<(&str, u8)> = vec![("a", 1), ("a", 2)];
        let as_map: BTreeMap<String, Vec<(&str, u8)>> = BTreeMap::from([("m".into(), duplicated)]);
        assert!(Tape::of(&as_map).is_ok());
        struct Twice;
        impl Serialize for Twice {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("a", &1)?;
                map.serialize_entry("a", &2)?;
                map.end()
            }
        }
        assert!(Tape::of(&Twice).is_err(), "duplicate keys go the slow way");
    }

    #[test]
    fn satisfies_the_validator_contract() {
        let text = jsonschema::json::conformance::document().to_string();
        let tape = parse(&text).unwrap();
        jsonschema::json::conformance::assert_conformance::<TapeJson>(&tape.root());
    }
}

#[cfg(test)]
mod properties {
    use jsonschema::json::Node;
    use proptest::prelude::*;

    use super::Tape;

    proptest! {
        /// Whatever a client sends: no panic, and a tape only when serde_json reads the
        /// same document (so the fast path never accepts what the slow path would not see).
        #[test]
        fn any_bytes_parse_without_panic_and_agree_with_serde_json(
            bytes in prop::collection::vec(any::<u8>(), 0..96),
            text in r#"[\[\]{}",:0-9a-z\\. -]{0,48}"#,
        ) {
            for input in [bytes.as_slice(), text.as_bytes()] {
                if let Some(tape) = Tape::parse(input, 8) {
                    let value: serde_json::Value = serde_json::from_slice(input).unwrap();
                    prop_assert_eq!(tape.root().to_value().into_owned(), value);
                    let _ = tape.deserialize::<serde_json::Value>();
                    let _ = tape.deserialize::<Vec<(String, u8)>>();
                }
            }
        }
    }
}

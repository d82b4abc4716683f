//! A JSON nesting limit checked before parsing, so `[[[[…` costs one pass over the bytes.

use super::rejection::LimitRejection;

/// A 400 naming `part` when `bytes` nest deeper than `max`.
pub fn check(part: &str, bytes: &[u8], max: usize) -> Result<(), LimitRejection> {
    match exceeds(bytes, max) {
        Some(_) => Err(LimitRejection::TooDeep {
            part: part.to_owned(),
            max,
        }),
        None => Ok(()),
    }
}

/// The first depth over `max`, if any, counting `[` and `{` outside strings.
pub fn exceeds(bytes: &[u8], max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(depth);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::exceeds;

    #[test]
    fn counts_only_structure_outside_strings() {
        assert_eq!(exceeds(b"[[[]]]", 3), None);
        assert_eq!(exceeds(b"[[[[]]]]", 3), Some(4));
        assert_eq!(exceeds(br#"{"a": "[[[[[[", "b": [1]}"#, 2), None);
        assert_eq!(exceeds(br#"["\"[[[["]"#, 1), None);
        assert_eq!(exceeds(&vec![b'['; 10_000_000], 64), Some(65));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::exceeds;

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(8, 64, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[\\[\\]{}\"a-z\\\\]{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn depth(value: &Value) -> usize {
        match value {
            Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_parsed_depth(value in json(), max in 0usize..10) {
            let bytes = serde_json::to_vec(&value).unwrap();
            prop_assert_eq!(exceeds(&bytes, max).is_some(), depth(&value) > max);
        }

        #[test]
        fn never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256), max in 0usize..8) {
            let _ = exceeds(&bytes, max);
        }
    }
}

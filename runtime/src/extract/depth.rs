//! A JSON nesting limit checked before parsing, so `[[[[…` costs one pass over the bytes.

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

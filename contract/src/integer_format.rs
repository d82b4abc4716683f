//! The range of each fixed-width integer `format`, as schemars and OpenAPI spell them:
//! the runtime adds it to every schema it publishes, `bffkit diff` compares by it.

/// The smallest and largest value of an integer `format`, if it names a width. `isize`
/// and `usize` are written `int` and `uint`; bffkit servers are 64-bit.
pub fn range(format: &str) -> Option<(i128, i128)> {
    Some(match format {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "int64" | "int" => (i64::MIN.into(), i64::MAX.into()),
        "uint64" | "uint" => (0, u64::MAX.into()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::range;

    #[test]
    fn widths_and_only_widths_have_ranges() {
        assert_eq!(range("uint8"), Some((0, 255)));
        assert_eq!(range("int"), range("int64"));
        assert_eq!(range("uint"), Some((0, u64::MAX.into())));
        assert_eq!(range("double"), None);
    }
}

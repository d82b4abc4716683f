//! Wrong handlers and wrong `match`es fail to compile with a message saying what to write.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}

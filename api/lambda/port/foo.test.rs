// A test file, as `foo.test.ts` is in Modern.js: never compiled, so not even valid Rust.
This would not compile.

// Test files are skipped: this is never compiled, so it may not even be valid Rust.
This file would not compile; the build script leaves it out.

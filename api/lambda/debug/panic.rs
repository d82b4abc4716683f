//! `GET /api/debug/panic`: shows that a panicking handler answers 500 JSON and the
//! server keeps serving.

#[bffkit::get]
pub async fn get() -> &'static str {
    panic!("this handler always panics")
}

// A `Result` whose error cannot become an error response is refused, not sent as a 200
// `{"Err": ..}`, whatever the `Result` is called.
#[derive(serde::Serialize)]
pub struct Oops;

pub type Outcome<T> = Result<T, Oops>;

#[bffkit::get]
pub async fn get() -> Result<i64, Oops> {
    Err(Oops)
}

#[bffkit::post]
pub async fn post() -> Outcome<i64> {
    Err(Oops)
}

fn main() {}

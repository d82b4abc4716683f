//! The bffkit demo app: every route comes from a file under `api/lambda/`, plus the
//! sign-in routes under `/api/auth/` (store from `[auth] store`, memory by default).

bffkit::include_routes!();

fn main() -> std::process::ExitCode {
    bffkit::App::new().auth(bffkit::auth::Auth::new()).run()
}

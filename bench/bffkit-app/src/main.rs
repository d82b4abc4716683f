//! The benchmark's bffkit app: the endpoints of `bench/axum-baseline`, as lambda files
//! under `api/lambda/`, so the two binaries differ only by the framework.

bffkit::include_routes!();

fn main() -> std::process::ExitCode {
    bffkit::App::new().run()
}

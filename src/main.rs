//! The bffkit demo app: every route comes from a file under `api/lambda/`.

bffkit::include_routes!();

fn main() -> std::process::ExitCode {
    bffkit::App::new().run()
}

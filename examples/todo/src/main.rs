//! The Todo example: WeChat sign-in, per-user todos in SQLite (or PostgreSQL with
//! `DATABASE_URL`), the web frontend at `/`, and the docs playground at `/api/_docs`.

mod store;
mod web;

use std::process::ExitCode;

use store::Db;

bffkit::include_routes!();

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `routes` and `manifest` describe the app: they need no database.
    if !(args.is_empty() || args == ["serve"]) {
        return app().run();
    }
    match app().effective_config() {
        Ok(config) => bffkit::ops::init_logging(&config.log),
        Err(e) => return fail(&e),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&e),
    };
    runtime.block_on(async {
        let url = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| store::DEFAULT_DATABASE_URL.to_owned());
        let db = match Db::open(&url).await {
            Ok(db) => db,
            Err(e) => return fail(&e),
        };
        let ping = db.clone();
        let app =
            app()
                .state(db)
                .readiness(bffkit::ops::ReadinessCheck::new("database", move || {
                    let db = ping.clone();
                    async move { db.ping().await }
                }));
        match app.serve().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        }
    })
}

fn app() -> bffkit::App {
    bffkit::App::new()
        .auth(bffkit::auth::Auth::new())
        .merge_routes(web::routes())
}

fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::FAILURE
}

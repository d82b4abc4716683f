//! A stand-in for WeChat's `jscode2session`, for local development and the tests:
//! `cargo run -p todo --bin fake-wechat` listens on 127.0.0.1:9301 (env `FAKE_WECHAT_ADDR`).

#[path = "../fake_wechat.rs"]
mod fake_wechat;

#[tokio::main]
async fn main() {
    let addr = std::env::var("FAKE_WECHAT_ADDR").unwrap_or_else(|_| "127.0.0.1:9301".to_owned());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("fake-wechat: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("fake-wechat: jscode2session on http://{addr}/sns/jscode2session");
    if let Err(e) = axum::serve(listener, fake_wechat::router()).await {
        eprintln!("fake-wechat: {e}");
        std::process::exit(1);
    }
}

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
    // The bound address, so `FAKE_WECHAT_ADDR=127.0.0.1:0` reports the port it got.
    let addr = listener.local_addr().map_or(addr, |a| a.to_string());
    println!("fake-wechat: listening on http://{addr}");
    if let Err(e) = axum::serve(listener, fake_wechat::router()).await {
        eprintln!("fake-wechat: {e}");
        std::process::exit(1);
    }
}

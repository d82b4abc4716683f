//! A real `redis-server` on a free loopback port, stopped on drop. `scripts/setup`
//! installs it; without it the test fails and says so.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Child,
    port: u16,
    pub url: String,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        RedisServer {
            child: spawn(port),
            port,
            url: format!("redis://127.0.0.1:{port}/"),
        }
    }

    /// Stops the server (its data is gone: no persistence).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port, empty.
    pub fn restart(&mut self) {
        self.stop();
        self.child = spawn(self.port);
    }
}

fn spawn(port: u16) -> Child {
    let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start `redis-server` ({e}): install it with scripts/setup (apt-get install redis-server)")
            });
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "redis-server did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

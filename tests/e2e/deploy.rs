//! Running where the app is deployed: function-compute platforms, health, metrics, logs.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::Server;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `program` with `env` (and no HOST/PORT), returning the child and its listening line.
fn start_raw(program: &std::path::Path, env: &[(&str, String)]) -> (std::process::Child, String) {
    let mut command = Command::new(program);
    command
        .env_remove("HOST")
        .env_remove("PORT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("start the app");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("bffkit: listening on ") {
                let _ = tx.send(addr.to_owned());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the app printed its address");
    (child, addr)
}

#[tokio::test]
async fn function_compute_binds_all_interfaces_on_its_port() {
    let port = free_port();
    let (mut child, addr) = start_raw(
        env!("CARGO_BIN_EXE_bffkit-demo").as_ref(),
        &[("FC_SERVER_PORT", port.to_string())],
    );
    assert_eq!(addr, format!("http://0.0.0.0:{port}"));
    let response = reqwest::get(format!("http://127.0.0.1:{port}/api/hello"))
        .await
        .unwrap();
    let _ = child.kill();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn fc_bootstrap_template_starts_the_binary() {
    let dir = std::env::temp_dir().join(format!("bffkit-fc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_bffkit-demo"), dir.join("bffkit-demo")).unwrap();
    let bootstrap = dir.join("bootstrap");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/fc/bootstrap"),
        &bootstrap,
    )
    .unwrap();
    let text = std::fs::read_to_string(&bootstrap).unwrap();
    assert!(!text.contains('\r'), "bootstrap must have LF line endings");
    let port = free_port();
    let (mut child, _) = start_raw(&bootstrap, &[("FC_CUSTOM_LISTEN_PORT", port.to_string())]);
    let response = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(response.status(), 200);
}

#[test]
fn scf_bootstrap_is_executable_with_lf_endings() {
    use std::os::unix::fs::PermissionsExt;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/scf/scf_bootstrap");
    let meta = std::fs::metadata(path).unwrap();
    assert!(
        meta.permissions().mode() & 0o111 != 0,
        "scf_bootstrap must be executable"
    );
    assert!(!std::fs::read_to_string(path).unwrap().contains('\r'));
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let server = Server::demo();
    assert_eq!(
        server.get("/healthz").await,
        (200, serde_json::json!({ "status": "ok" }))
    );
    let (status, body) = server.get("/readyz").await;
    assert_eq!(
        (status, &body["status"]),
        (200, &serde_json::json!("ready"))
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let server = Server::start(&[("BFFKIT_METRICS", "1")]);
    assert_eq!(server.get("/api/user/alice/info").await.0, 200);
    assert_eq!(server.get("/api/item/x/1").await.0, 400);
    let text = reqwest::get(server.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains(r#"bffkit_requests_total{method="GET",route="/api/user/{username}/info",status="200"} 1"#), "{text}");
    assert!(
        text.contains(
            r#"bffkit_requests_total{method="GET",route="/api/item/{level}/{id}",status="400"} 1"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"bffkit_request_duration_seconds_count{method="GET",route="/api/user/{username}/info",status="200"} 1"#
        ),
        "{text}"
    );
    assert_eq!(
        Server::demo().get("/metrics").await.0,
        404,
        "metrics are off by default"
    );
}

#[tokio::test]
async fn json_logs_are_one_object_a_line() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "0")
        .env("BFFKIT_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let addr = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("bffkit: listening on ").map(str::to_owned))
        .unwrap();
    let _ = reqwest::get(format!("{addr}/api/debug/panic"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("handler panicked"))
        .unwrap_or_else(|| panic!("{stderr}"));
    let json: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_eq!(json["level"], "ERROR");
}

#[test]
fn invalid_log_format_is_rejected_naming_the_key() {
    let output = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("BFFKIT_LOG_FORMAT", "xml")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("log.format"));
}

#[tokio::test]
async fn a_config_file_named_at_run_time_overrides_the_embedded_one() {
    let dir = std::env::temp_dir().join(format!("bffkit-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bffkit.toml");
    std::fs::write(&file, "[metrics]\nenabled = true\n").unwrap();
    let path = file.display().to_string();
    let s = Server::start(&[("BFFKIT_CONFIG", path.as_str())]);
    let body = reqwest::get(s.url("/metrics")).await.unwrap();
    assert_eq!(body.status(), 200, "metrics switched on by the file");
    drop(s);
    let s = Server::start(&[("BFFKIT_CONFIG", path.as_str()), ("BFFKIT_METRICS", "0")]);
    assert_eq!(
        reqwest::get(s.url("/metrics")).await.unwrap().status(),
        404,
        "the environment overrides the file"
    );

    std::fs::write(&file, "[metrics]\nenabeld = true\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("BFFKIT_CONFIG", &file)
        .env("PORT", "0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&path) && stderr.contains("enabeld"),
        "the error names the file and the key: {stderr}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("BFFKIT_CONFIG", dir.join("missing.toml"))
        .env("PORT", "0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("BFFKIT_CONFIG"));
    let _ = std::fs::remove_dir_all(&dir);
}

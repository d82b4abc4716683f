//! The streaming benchmark's load: `CONNECTIONS` Server-Sent Events clients at once, each
//! reading one stream of `EVENTS` events from `URL` to its `event: end`, checking that the
//! ids run 0, 1, 2, … without a gap.
//!
//! usage: bench-sse-clients URL CONNECTIONS EVENTS
//!
//! Runs on one thread (bench/run pins it to the load generator's core) and prints one JSON
//! line: connections opened and completed, events received and expected, events lost
//! (expected minus received in order), ids out of order, and the first errors.

use std::time::Instant;

use serde::Serialize;

/// What one connection saw.
#[derive(Default)]
struct Connection {
    connected: bool,
    completed: bool,
    events: u64,
    out_of_order: u64,
    error: Option<String>,
}

#[derive(Serialize)]
struct Report {
    connections: u64,
    connected: u64,
    completed: u64,
    events: u64,
    expected: u64,
    lost: u64,
    out_of_order: u64,
    errors: u64,
    first_errors: Vec<String>,
    elapsed_s: f64,
}

/// One event block (the lines before a blank line): counts it, checks its id.
fn event(block: &str, next_id: &mut u64, seen: &mut Connection) {
    let mut id = None;
    let mut name = None;
    let mut data = false;
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => id = Some(value),
            "event" => name = Some(value),
            "data" => data = true,
            _ => {} // a comment (keep-alive) or a field the benchmark does not use
        }
    }
    if name == Some("end") {
        seen.completed = true;
    } else if data {
        seen.events += 1;
        if id.and_then(|id| id.parse::<u64>().ok()) == Some(*next_id) {
            *next_id += 1;
        } else {
            seen.out_of_order += 1;
        }
    }
}

async fn read_stream(client: reqwest::Client, url: String) -> Connection {
    let mut seen = Connection::default();
    let mut response = match client.get(&url).send().await {
        Ok(r) if r.status().is_success() => r,
        Ok(r) => {
            seen.error = Some(format!("status {}", r.status()));
            return seen;
        }
        Err(e) => {
            seen.error = Some(format!("connect: {e}"));
            return seen;
        }
    };
    seen.connected = true;
    let mut buf = String::new();
    let mut next_id = 0;
    loop {
        match response.chunk().await {
            Ok(Some(bytes)) => {
                buf.push_str(&String::from_utf8_lossy(&bytes).replace('\r', ""));
                while let Some(end) = buf.find("\n\n") {
                    event(&buf[..end], &mut next_id, &mut seen);
                    buf.drain(..end + 2);
                }
            }
            Ok(None) => break,
            Err(e) => {
                seen.error = Some(format!("read: {e}"));
                break;
            }
        }
    }
    if !seen.completed && seen.error.is_none() {
        seen.error = Some("the stream closed without `event: end`".to_owned());
    }
    seen
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, connections, events] = &args[..] else {
        eprintln!("usage: bench-sse-clients URL CONNECTIONS EVENTS");
        std::process::exit(2);
    };
    let connections: u64 = connections.parse().expect("CONNECTIONS is a number");
    let events: u64 = events.parse().expect("EVENTS is a number");
    let client = reqwest::Client::builder()
        .http1_only()
        .build()
        .expect("an HTTP client");
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(read_stream(client.clone(), url.clone())))
        .collect();
    let mut report = Report {
        connections,
        connected: 0,
        completed: 0,
        events: 0,
        expected: connections * events,
        lost: 0,
        out_of_order: 0,
        errors: 0,
        first_errors: Vec::new(),
        elapsed_s: 0.0,
    };
    for task in tasks {
        let seen = task.await.expect("a client task does not panic");
        report.connected += u64::from(seen.connected);
        report.completed += u64::from(seen.completed);
        report.events += seen.events;
        report.lost += events.saturating_sub(seen.events - seen.out_of_order);
        report.out_of_order += seen.out_of_order;
        if let Some(error) = seen.error {
            report.errors += 1;
            if report.first_errors.len() < 5 {
                report.first_errors.push(error);
            }
        }
    }
    report.elapsed_s = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::to_string(&report).expect("the report serializes")
    );
}

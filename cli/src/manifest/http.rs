//! A minimal blocking HTTP/1.1 GET for `--from http://…`.
//!
//! The manifest endpoint is a development-time, plain-HTTP endpoint (on by default only in
//! debug builds), so the CLI speaks just enough HTTP for it instead of pulling in a client
//! stack with TLS. `https://` sources are refused with a hint to download the file.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Fetches `url` and returns the body of a 2xx answer.
pub fn get(url: &str) -> Result<Vec<u8>, String> {
    let target = Target::parse(url)?;
    let mut stream = TcpStream::connect((target.host.as_str(), target.port)).map_err(|e| {
        format!(
            "failed to connect to {}:{} for {url}: {e}",
            target.host, target.port
        )
    })?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    stream
        .set_write_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\nUser-Agent: bffkit-cli\r\nConnection: close\r\n\r\n",
        target.path, target.host_header
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("failed to send GET {url}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("failed to read the answer to GET {url}: {e}"))?;
    let response = Response::parse(&raw).map_err(|e| format!("GET {url}: {e}"))?;
    if !(200..300).contains(&response.status) {
        let snippet: String = String::from_utf8_lossy(&response.body)
            .chars()
            .take(300)
            .collect();
        return Err(format!(
            "GET {url} answered {} {}: {snippet}",
            response.status, response.reason
        ));
    }
    Ok(response.body)
}

#[derive(Debug)]
struct Target {
    host: String,
    host_header: String,
    port: u16,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("https://") {
            return Err(format!(
                "{url}: https is not supported; download the manifest (e.g. with curl) and pass the file to --from"
            ));
        }
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url}: not an http:// URL"))?;
        let (authority, path) = match rest.find(['/', '?']) {
            Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_owned()),
            Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
            None => (rest, "/".to_owned()),
        };
        let path = path.split('#').next().unwrap_or("/").to_owned();
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
                let port = port
                    .parse()
                    .map_err(|_| format!("{url}: invalid port {port:?}"))?;
                (host, port)
            }
            _ => (authority, 80),
        };
        if host.is_empty() {
            return Err(format!("{url}: missing host"));
        }
        Ok(Self {
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            host_header: authority.to_owned(),
            port,
            path,
        })
    }
}

struct Response {
    status: u16,
    reason: String,
    body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Result<Self, String> {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("the answer has no complete HTTP header")?;
        let head = std::str::from_utf8(&raw[..end]).map_err(|_| "the HTTP header is not UTF-8")?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        let (version, status) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        if !version.starts_with("HTTP/1.") {
            return Err(format!("not an HTTP/1.x answer: {status_line:?}"));
        }
        let status = status
            .parse()
            .map_err(|_| format!("invalid status line {status_line:?}"))?;
        let reason = parts.next().unwrap_or_default().to_owned();
        let mut chunked = false;
        let mut length = None;
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            } else if name.eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| format!("invalid content-length {value:?}"))?,
                );
            }
        }
        let rest = &raw[end + 4..];
        let body = if chunked {
            dechunk(rest)?
        } else if let Some(length) = length {
            rest.get(..length)
                .ok_or("the answer ended before its content-length")?
                .to_vec()
        } else {
            rest.to_vec()
        };
        Ok(Self {
            status,
            reason,
            body,
        })
    }
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("truncated chunked body")?;
        let size_text = std::str::from_utf8(&data[..line_end]).map_err(|_| "invalid chunk size")?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("invalid chunk size {size_text:?}"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(data.get(..size).ok_or("truncated chunk")?);
        data = data.get(size + 2..).ok_or("truncated chunk")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        let t = Target::parse("http://127.0.0.1:8080/api/_manifest").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("127.0.0.1", 8080, "/api/_manifest")
        );
        let t = Target::parse("http://localhost?x=1").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("localhost", 80, "/?x=1")
        );
        assert!(Target::parse("https://example.com/")
            .unwrap_err()
            .contains("https is not supported"));
    }

    #[test]
    fn reads_chunked_and_sized_bodies() {
        let r = Response::parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap();
        assert_eq!(r.body, b"abcde");
        let r = Response::parse(b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}trailing")
            .unwrap();
        assert_eq!((r.status, r.body.as_slice()), (404, &b"{}"[..]));
    }
}

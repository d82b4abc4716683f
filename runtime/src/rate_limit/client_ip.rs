//! The client's address: the connection's peer (`serve/peer.rs`), or, when the peer is a trusted proxy, the
//! last address in `Forwarded` / `X-Forwarded-For` that is not one of the trusted proxies
//! (read right to left, as NGINX's `real_ip_recursive` does: a client can put anything on
//! the left of those headers, but not on the right of what its proxy appended).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::HeaderMap;

use super::limiter::Head;
use crate::config::{canonical_ip as canonical, IpRange};

/// The trusted proxies, parsed once.
#[derive(Debug, Clone, Default)]
pub(crate) struct TrustedProxies(Vec<IpRange>);

impl TrustedProxies {
    pub(crate) fn new(ranges: &[String]) -> TrustedProxies {
        TrustedProxies(
            ranges
                .iter()
                .filter_map(|r| IpRange::parse(r).ok())
                .collect(),
        )
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(ip))
    }

    /// The client's address. Without a peer address (AWS Lambda, where API Gateway is the
    /// only way in and appends the client to `X-Forwarded-For`), the headers' last
    /// untrusted entry; `None` when there is none either.
    pub(crate) fn client(&self, head: &Head<'_>) -> Option<IpAddr> {
        // The connection's (`serve/peer.rs`), or axum's `ConnectInfo` when the app's router
        // is served some other way.
        let peer = crate::serve::peer::current()
            .or_else(|| {
                head.extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|ConnectInfo(addr)| *addr)
            })
            .map(|addr| canonical(addr.ip()));
        if let Some(peer) = peer {
            if self.0.is_empty() || !self.trusts(peer) {
                return Some(peer);
            }
        }
        // Right to left: each trusted hop vouches for the address before it.
        let mut client = peer;
        for hop in forwarded_for(head.headers).iter().rev() {
            match hop {
                Some(ip) => {
                    client = Some(*ip);
                    if !self.trusts(*ip) {
                        break;
                    }
                }
                // An unreadable entry ends the chain at the last trusted hop.
                None => break,
            }
        }
        client
    }
}

/// The addresses `Forwarded` names (`for=`), or else `X-Forwarded-For`'s, left to right;
/// `None` for an entry that is not an address (`unknown`, an obfuscated name, garbage).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<Option<IpAddr>> = headers
        .get_all(http::header::FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| node_address(value.trim().trim_matches('"')))
            })
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|entry| node_address(entry.trim()))
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]`, `[2001:db8::1]:80`, `2001:db8::1`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    node.parse::<SocketAddr>().ok().map(|a| canonical(a.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use http::request::Parts;

    fn parts(peer: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = http::Request::builder();
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        parts
    }

    fn client(trusted: &[&str], peer: &str, headers: &[(&str, &str)]) -> String {
        let trusted: Vec<String> = trusted.iter().map(|s| (*s).to_owned()).collect();
        TrustedProxies::new(&trusted)
            .client(&Head::of_parts(&parts(peer, headers)))
            .unwrap()
            .to_string()
    }

    #[test]
    fn ranges_parse_and_match() {
        let net = IpRange::parse("10.0.0.0/8").unwrap();
        assert!(net.contains("10.200.1.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.1.1".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        assert!(IpRange::parse("::1")
            .unwrap()
            .contains("::1".parse().unwrap()));
        assert!(IpRange::parse("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
        assert!(IpRange::parse("10.0.0.0/33")
            .unwrap_err()
            .contains("0 to 32"));
        assert!(IpRange::parse("ten").unwrap_err().contains("`ten`"));
    }

    #[test]
    fn headers_count_only_from_trusted_peers() {
        let xff = [("x-forwarded-for", "203.0.113.9")];
        // No trusted proxies, or an untrusted peer: the header is the client's own words.
        assert_eq!(client(&[], "127.0.0.1:5000", &xff), "127.0.0.1");
        assert_eq!(client(&["10.0.0.0/8"], "127.0.0.1:5000", &xff), "127.0.0.1");
        assert_eq!(
            client(&["127.0.0.1"], "127.0.0.1:5000", &xff),
            "203.0.113.9"
        );
    }

    #[test]
    fn the_chain_is_read_right_to_left_past_trusted_hops() {
        let trusted = ["127.0.0.1", "10.0.0.0/8"];
        // The client forged the first entry; its real address was appended by 10.0.0.2.
        let xff = [("x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.0.0.2")];
        assert_eq!(client(&trusted, "127.0.0.1:1", &xff), "198.51.100.7");
        let forwarded = [(
            "forwarded",
            "for=1.1.1.1, for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.2",
        )];
        assert_eq!(client(&trusted, "127.0.0.1:1", &forwarded), "2001:db8::7");
        // Garbage stops the walk at the last trusted hop.
        let bad = [("x-forwarded-for", "198.51.100.7, nonsense, 10.0.0.2")];
        assert_eq!(client(&trusted, "127.0.0.1:1", &bad), "10.0.0.2");
    }

    #[test]
    fn without_a_peer_the_gateway_appended_address_counts() {
        let (mut parts, ()) = http::Request::builder()
            .header("x-forwarded-for", "1.1.1.1, 198.51.100.7")
            .body(())
            .unwrap()
            .into_parts();
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(&Head::of_parts(&parts)),
            Some("198.51.100.7".parse().unwrap())
        );
        parts.headers.clear();
        assert_eq!(none.client(&Head::of_parts(&parts)), None);
    }
}

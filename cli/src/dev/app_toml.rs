//! What `bffkit dev` reads of the app's own `bffkit.toml`: where its lambdas are, and
//! whether it serves HTTPS. A file that does not parse reads as the defaults; the app
//! names its mistake when it starts.

use std::path::Path;

/// The parsed `bffkit.toml` of the app at `root`, if there is one that parses.
fn document(root: &Path) -> Option<toml_edit::DocumentMut> {
    std::fs::read_to_string(root.join("bffkit.toml"))
        .ok()?
        .parse()
        .ok()
}

/// `[routes] dir`, `api/lambda` by default.
pub fn lambda_dir(root: &Path) -> String {
    document(root)
        .and_then(|doc| doc.get("routes")?.get("dir")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| bffkit_contract::RoutesConfig::default().dir)
}

/// `http` or `https`: the app serves HTTPS when `[server.tls]` names both a certificate and
/// a key, each of which `BFFKIT_TLS_CERT_FILE` / `BFFKIT_TLS_KEY_FILE` override as the
/// runtime's configuration does.
pub fn scheme(root: &Path, var: impl Fn(&str) -> Option<String>) -> &'static str {
    let doc = document(root);
    let tls = doc.as_ref().and_then(|doc| doc.get("server")?.get("tls"));
    let set = |key: &str, variable: &str| {
        var(variable)
            .or_else(|| tls?.get(key)?.as_str().map(str::to_owned))
            .is_some_and(|value| !value.trim().is_empty())
    };
    if set("cert_file", "BFFKIT_TLS_CERT_FILE") && set("key_file", "BFFKIT_TLS_KEY_FILE") {
        "https"
    } else {
        "http"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(toml: &str) -> std::path::PathBuf {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("bffkit-app-toml-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("bffkit.toml"), toml).unwrap();
        root
    }

    #[test]
    fn an_app_with_a_certificate_and_a_key_serves_https() {
        let root = app("[server.tls]\ncert_file = \"c.pem\"\nkey_file = \"k.pem\"\n");
        assert_eq!(scheme(&root, |_| None), "https");
        let only_cert = app("[server.tls]\ncert_file = \"c.pem\"\n");
        assert_eq!(scheme(&only_cert, |_| None), "http");
        // The variable completes (or overrides) the file, as in the runtime.
        let key = |name: &str| (name == "BFFKIT_TLS_KEY_FILE").then(|| "k.pem".to_owned());
        assert_eq!(scheme(&only_cert, key), "https");
        let plain = app("[server]\nport = 1\n");
        assert_eq!(scheme(&plain, |_| None), "http");
        for dir in [root, only_cert, plain] {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn a_file_that_does_not_parse_reads_as_the_defaults() {
        let unparsable = app("[routes\n");
        assert_eq!(lambda_dir(&unparsable), "api/lambda");
        assert_eq!(scheme(&unparsable, |_| None), "http");
        let _ = std::fs::remove_dir_all(&unparsable);
    }
}

//! Where the new app's bffkit comes from: the released crates (the default), a local
//! checkout (`--bffkit-path`) or a git repository (`--bffkit-git [--rev]`).

use std::path::{Path, PathBuf};

pub enum BffkitSource {
    /// `bffkit = "0.1"`: what users write once the crates are published.
    Registry,
    /// A checkout of the bffkit repository (its root, holding `runtime/` and `clients/ts/`).
    Checkout(PathBuf),
    /// `bffkit = { git = "...", rev = "..." }`: cargo finds the crates in the repository.
    Git { url: String, rev: Option<String> },
}

/// The crates an app depends on, with their folder in a checkout.
#[derive(Clone, Copy)]
pub enum Crate {
    Runtime,
    Build,
}

impl Crate {
    fn folder(self) -> &'static str {
        match self {
            Crate::Runtime => "runtime",
            Crate::Build => "build-support",
        }
    }

    fn package(self) -> &'static str {
        match self {
            Crate::Runtime => "bffkit",
            Crate::Build => "bffkit-build",
        }
    }
}

impl BffkitSource {
    /// Checks that `path` is a readable bffkit checkout; the error names what is missing.
    pub fn checkout(path: &Path) -> Result<Self, String> {
        let root = path
            .canonicalize()
            .map_err(|e| format!("--bffkit-path {}: cannot read it: {e}", path.display()))?;
        for krate in [Crate::Runtime, Crate::Build] {
            let manifest = root.join(krate.folder()).join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).map_err(|e| {
                format!(
                    "--bffkit-path {}: not a bffkit checkout: cannot read {}: {e}",
                    path.display(),
                    manifest.display()
                )
            })?;
            let declared = format!("name = \"{}\"", krate.package());
            if !text.lines().any(|line| line.trim() == declared) {
                return Err(format!(
                    "--bffkit-path {}: not a bffkit checkout: {} does not declare `{declared}`",
                    path.display(),
                    manifest.display()
                ));
            }
        }
        Ok(BffkitSource::Checkout(root))
    }

    /// The dependency's value in the app's `Cargo.toml`, as a user would write it.
    pub fn cargo_dependency(&self, krate: Crate) -> String {
        match self {
            BffkitSource::Registry => toml_string(&release_requirement()),
            BffkitSource::Checkout(root) => format!(
                "{{ path = {} }}",
                toml_string(&root.join(krate.folder()).display().to_string())
            ),
            BffkitSource::Git { url, rev: None } => format!("{{ git = {} }}", toml_string(url)),
            BffkitSource::Git {
                url,
                rev: Some(rev),
            } => format!(
                "{{ git = {}, rev = {} }}",
                toml_string(url),
                toml_string(rev)
            ),
        }
    }

    /// The `@bffkit/client` requirement in the web page's `package.json`; `None` when npm
    /// cannot install a working package from this source, and the page uses a standalone
    /// client instead (its runtime written beside it by `bffkit client`). From git, npm
    /// cannot install a package in a subfolder; from a checkout, `file:` would link a
    /// folder whose compiled `dist/` is not in git and that npm does not build, so on a
    /// fresh checkout the page would not compile.
    pub fn client_package(&self) -> Option<String> {
        match self {
            BffkitSource::Registry => Some(format!("^{}", env!("CARGO_PKG_VERSION"))),
            BffkitSource::Checkout(_) | BffkitSource::Git { .. } => None,
        }
    }
}

/// `0.1` for CLI version 0.1.x: the release line this CLI was built from.
fn release_requirement() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        (None, _) => version.to_owned(),
    }
}

/// A TOML basic string: JSON's string escapes are a subset TOML reads the same way.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_the_release_line() {
        assert_eq!(
            BffkitSource::Registry.cargo_dependency(Crate::Runtime),
            "\"0.1\""
        );
        assert_eq!(
            BffkitSource::Registry.client_package().as_deref(),
            Some("^0.1.0")
        );
    }

    #[test]
    fn git_with_and_without_rev() {
        let url = "https://example.com/bffkit.git".to_owned();
        let pinned = BffkitSource::Git {
            url: url.clone(),
            rev: Some("abc123".into()),
        };
        assert_eq!(
            pinned.cargo_dependency(Crate::Build),
            r#"{ git = "https://example.com/bffkit.git", rev = "abc123" }"#
        );
        let head = BffkitSource::Git { url, rev: None };
        assert_eq!(
            head.cargo_dependency(Crate::Runtime),
            r#"{ git = "https://example.com/bffkit.git" }"#
        );
        assert!(head.client_package().is_none());
    }

    #[test]
    fn checkout_paths_are_escaped() {
        let source = BffkitSource::Checkout(PathBuf::from(r#"/src/a "quoted" dir"#));
        assert_eq!(
            source.cargo_dependency(Crate::Runtime),
            r#"{ path = "/src/a \"quoted\" dir/runtime" }"#
        );
        assert!(source.client_package().is_none());
    }

    #[test]
    fn a_checkout_must_hold_the_crates() {
        let missing = BffkitSource::checkout(Path::new("/nonexistent/bffkit"))
            .err()
            .unwrap();
        assert!(
            missing.contains("--bffkit-path /nonexistent/bffkit: cannot read it"),
            "{missing}"
        );
        let not_bffkit = BffkitSource::checkout(Path::new("/")).err().unwrap();
        assert!(not_bffkit.contains("not a bffkit checkout"), "{not_bffkit}");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert!(matches!(
            BffkitSource::checkout(&root),
            Ok(BffkitSource::Checkout(_))
        ));
    }
}

//! What `cargo new` accepts as a package name, so `bffkit new` refuses the same names
//! before writing anything.

/// Rust keywords (2021 edition, strict and reserved) and the names of the standard
/// crates: cargo refuses them as package names.
const RESERVED: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
    "alloc",
    "core",
    "proc_macro",
    "proc-macro",
    "std",
    "test",
];

/// Checks `name` as a package name; the error says what is wrong and what to write.
pub fn check(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err("the app name is empty".into());
    };
    if first.is_ascii_digit() {
        return Err(format!(
            "invalid app name {name:?}: a package name cannot start with a digit (try `app{name}` or pass --name)"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "invalid app name {name:?}: {bad:?} is not allowed; use ASCII letters, digits, `-` and `_` (try {:?} or pass --name)",
            suggestion(name)
        ));
    }
    if RESERVED.contains(&name) || bffkit_crate(name) {
        return Err(format!(
            "invalid app name {name:?}: it is reserved (a Rust keyword, a standard crate or a bffkit crate); pass --name with another name"
        ));
    }
    Ok(())
}

/// The app's own crates would clash with the framework's. Cargo treats `-` and `_` in
/// a crate's name alike, so both spellings are taken.
fn bffkit_crate(name: &str) -> bool {
    const CRATES: &[&str] = &[
        "bffkit",
        "bffkit_build",
        "bffkit_cli",
        "bffkit_contract",
        "bffkit_macros",
        "bffkit_macro_support",
    ];
    CRATES.contains(&name.replace('-', "_").as_str())
}

fn suggestion(name: &str) -> String {
    let mapped: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = mapped.trim_matches('-').to_owned();
    match trimmed.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("app-{trimmed}"),
        Some(_) => trimmed,
        None => "my-app".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_what_cargo_accepts() {
        for name in ["app", "my-app", "my_app", "app2", "a", "Shop"] {
            assert_eq!(check(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn refuses_a_leading_digit() {
        let error = check("1app").unwrap_err();
        assert!(error.contains("cannot start with a digit"), "{error}");
        assert!(error.contains("app1app"), "{error}");
    }

    #[test]
    fn refuses_spaces_and_punctuation_with_a_suggestion() {
        let error = check("my app").unwrap_err();
        assert!(error.contains("' ' is not allowed"), "{error}");
        assert!(error.contains("\"my-app\""), "{error}");
        assert!(check("app.rs").is_err());
        assert!(check("über").is_err());
    }

    #[test]
    fn refuses_keywords_and_reserved_crates() {
        for name in [
            "fn",
            "test",
            "std",
            "bffkit",
            "bffkit-build",
            "bffkit-macro-support",
            "bffkit_macro_support",
            "bffkit-contract",
            "bffkit_contract",
            "bffkit_cli",
            "",
        ] {
            assert!(check(name).is_err(), "{name}");
        }
    }
}

//! The Rust module generated for each file and folder of the lambda directory.

use bffkit_contract::rules::{parse_segment, Segment};

/// The Rust module name generated for a file stem or folder name.
pub fn module_name(name: &str) -> String {
    let base = match parse_segment(name) {
        Ok(Segment::Param(p)) => format!("dyn_{p}"),
        Ok(Segment::CatchAll(p)) => format!("all_{p}"),
        Ok(Segment::OptionalCatchAll(p)) => format!("opt_all_{p}"),
        Ok(Segment::Group(g)) => format!("group_{}", sanitize(&g)),
        _ => sanitize(name),
    };
    if is_keyword(&base) || base == "_" {
        format!("{base}_")
    } else {
        base
    }
}

fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

fn is_keyword(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    KEYWORDS.contains(&s)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn module_names_are_valid_identifiers() {
        assert_eq!(module_name("user-list"), "user_list");
        assert_eq!(module_name("[id]"), "dyn_id");
        assert_eq!(module_name("[...path]"), "all_path");
        assert_eq!(module_name("(admin)"), "group_admin");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("404"), "_404");
        assert_eq!(module_name("_"), "__");
        assert_eq!(module_name("[[...rest]]"), "opt_all_rest");
    }

    proptest! {
        #[test]
        fn module_names_are_identifiers(name in ".{1,16}") {
            let module = module_name(&name);
            let mut chars = module.chars();
            let first = chars.next().unwrap();
            prop_assert!(first.is_ascii_alphabetic() || first == '_', "{module}");
            prop_assert!(chars.all(|c| c.is_ascii_alphanumeric() || c == '_'), "{module}");
        }
    }
}

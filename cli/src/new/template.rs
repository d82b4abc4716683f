//! The files `bffkit new` writes, embedded in the binary, and their placeholders.

/// A file of the new app: its path in the app and its text, with `{{key}}` placeholders.
pub struct Template {
    pub path: &'static str,
    pub text: &'static str,
}

macro_rules! template {
    ($path:literal, $file:literal) => {
        Template {
            path: $path,
            text: include_str!(concat!("../../templates/", $file)),
        }
    };
}

/// The app: manifest, build script, entry point, configuration and one lambda per kind
/// of route (index, query and body, dynamic segment, schema function) plus a helper.
pub const APP: &[Template] = &[
    template!("Cargo.toml", "app/Cargo.toml.tmpl"),
    template!("build.rs", "app/build.rs.tmpl"),
    template!("src/main.rs", "app/src_main.rs.tmpl"),
    template!("bffkit.toml", "app/bffkit.toml.tmpl"),
    template!(".gitignore", "app/gitignore.tmpl"),
    template!("README.md", "app/README.md.tmpl"),
    template!("api/lambda/index.rs", "app/api/lambda/index.rs"),
    template!("api/lambda/_utils.rs", "app/api/lambda/_utils.rs"),
    template!("api/lambda/hello.rs", "app/api/lambda/hello.rs"),
    template!("api/lambda/user/[id].rs", "app/api/lambda/user/[id].rs"),
    template!("api/lambda/signup.rs", "app/api/lambda/signup.rs"),
];

/// `--web`: a Vite + TypeScript page on the generated client.
pub const WEB: &[Template] = &[
    template!("web/package.json", "web/package.json.tmpl"),
    template!("web/index.html", "web/index.html.tmpl"),
    template!("web/vite.config.ts", "web/vite.config.ts"),
    template!("web/tsconfig.json", "web/tsconfig.json"),
    template!("web/src/main.ts", "web/src/main.ts"),
];

/// `--miniprogram`: a WeChat mini-program project on the generated `wechat` client; these
/// two name the app.
pub const MINIPROGRAM: &[Template] = &[
    template!(
        "miniprogram/project.config.json",
        "miniprogram/project.config.json.tmpl"
    ),
    template!("miniprogram/package.json", "miniprogram/package.json.tmpl"),
];

/// The rest of the mini-program, written as it is: WXML's own `{{ }}` bindings are not
/// placeholders.
pub const MINIPROGRAM_VERBATIM: &[Template] = &[
    template!("miniprogram/tsconfig.json", "miniprogram/tsconfig.json"),
    template!(
        "miniprogram/miniprogram/app.json",
        "miniprogram/miniprogram/app.json"
    ),
    template!(
        "miniprogram/miniprogram/app.ts",
        "miniprogram/miniprogram/app.ts"
    ),
    template!(
        "miniprogram/miniprogram/config.ts",
        "miniprogram/miniprogram/config.ts"
    ),
    template!(
        "miniprogram/miniprogram/sitemap.json",
        "miniprogram/miniprogram/sitemap.json"
    ),
    template!(
        "miniprogram/miniprogram/pages/index/index.json",
        "miniprogram/miniprogram/pages/index/index.json"
    ),
    template!(
        "miniprogram/miniprogram/pages/index/index.ts",
        "miniprogram/miniprogram/pages/index/index.ts"
    ),
    template!(
        "miniprogram/miniprogram/pages/index/index.wxml",
        "miniprogram/miniprogram/pages/index/index.wxml"
    ),
    template!(
        "miniprogram/miniprogram/pages/index/index.wxss",
        "miniprogram/miniprogram/pages/index/index.wxss"
    ),
];

/// The app README's section about the mini-program.
pub const MINIPROGRAM_README: &str = include_str!("../../templates/app/miniprogram_readme.md.tmpl");

/// The app README's section about the web page, with `{{client_runtime}}`: one of the two
/// paragraphs below, on where the client's runtime comes from.
pub const WEB_README: &str = include_str!("../../templates/app/web_readme.md.tmpl");
pub const WEB_CLIENT_PACKAGE: &str = include_str!("../../templates/app/web_client_package.md.tmpl");
pub const WEB_CLIENT_STANDALONE: &str =
    include_str!("../../templates/app/web_client_standalone.md.tmpl");

/// Replaces every `{{key}}` of `text`; a placeholder without a value is a bug in the
/// templates, which the unit tests catch.
pub fn render(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    debug_assert!(!out.contains("{{"), "unfilled placeholder in {out}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_has_a_value() {
        let values = [
            ("name", "app"),
            ("bffkit", "\"0.1\""),
            ("bffkit_build", "\"0.1\""),
            ("web_readme", ""),
            ("miniprogram_readme", ""),
            ("dependencies", ""),
        ];
        let web_readme = [("client_runtime", "")];
        assert!(!render(WEB_README, &web_readme).contains("{{"));
        assert!(!render(MINIPROGRAM_README, &[]).contains("{{"));
        for template in APP.iter().chain(WEB).chain(MINIPROGRAM) {
            let text = render(template.text, &values);
            assert!(
                !text.contains("{{"),
                "{} keeps a placeholder",
                template.path
            );
        }
    }

    #[test]
    fn the_lambda_tree_has_every_kind_of_route() {
        let paths: Vec<&str> = APP.iter().map(|t| t.path).collect();
        for path in [
            "api/lambda/index.rs",
            "api/lambda/_utils.rs",
            "api/lambda/user/[id].rs",
        ] {
            assert!(paths.contains(&path), "{path}");
        }
        let signup = APP
            .iter()
            .find(|t| t.path == "api/lambda/signup.rs")
            .unwrap();
        assert!(signup.text.contains("match = {"));
    }
}

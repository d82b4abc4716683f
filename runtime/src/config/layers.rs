//! The layers a configuration is laid from, each over the one before: the embedded
//! `bffkit.toml`, the file `BFFKIT_CONFIG` names, then the environment (`env.rs`).
//! [`App::config`](crate::App::config) replaces them all with a value built in code.

use super::{env, Config, ConfigError};

/// The variable naming a `bffkit.toml` read at start-up, over the embedded one.
pub const CONFIG_FILE_VAR: &str = "BFFKIT_CONFIG";

impl Config {
    /// Parses `bffkit.toml` text, then the file `BFFKIT_CONFIG` names (its keys replace the
    /// embedded ones), then applies the environment.
    pub fn load(toml_text: Option<&str>) -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok();
        let file = match var(CONFIG_FILE_VAR) {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
                    source: format!("env {CONFIG_FILE_VAR}"),
                    detail: format!("cannot read `{path}`: {e}"),
                })?;
                Some((path, text))
            }
            None => None,
        };
        let file = file
            .as_ref()
            .map(|(path, text)| (path.as_str(), text.as_str()));
        Config::load_layers(toml_text, file, var)
    }

    /// Embedded text, then a run-time file `(path, text)`, then the environment.
    pub(super) fn load_layers(
        embedded: Option<&str>,
        file: Option<(&str, &str)>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut table = match embedded {
            Some(text) => parse_layer("bffkit.toml", text)?,
            None => toml::Table::new(),
        };
        if let Some((path, text)) = file {
            merge(&mut table, parse_layer(path, text)?);
        }
        let source = file.map_or("bffkit.toml", |(path, _)| path);
        let mut config: Config = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| ConfigError {
                source: source.to_owned(),
                detail: format!("{}: {}", e.path(), e.inner()),
            })?;
        config.apply_env(var)?;
        Ok(config)
    }

    /// The environment over the files, then the checks of the result.
    pub(super) fn apply_env(
        &mut self,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        env::apply(self, &var)?;
        super::OtelConfig::apply_env(self, &var)?;
        self.check()
    }
}

/// One layer's text, checked on its own so that its errors name its file.
fn parse_layer(source: &str, text: &str) -> Result<toml::Table, ConfigError> {
    let de = toml::Deserializer::new(text);
    let _: Config = serde_path_to_error::deserialize(de).map_err(|e| ConfigError {
        source: source.to_owned(),
        detail: format!("{}: {}", e.path(), e.inner().message()),
    })?;
    toml::from_str(text).map_err(|e| ConfigError {
        source: source.to_owned(),
        detail: e.message().to_owned(),
    })
}

/// Lays `over` onto `base`: tables merge key by key, other values replace.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base)), toml::Value::Table(over)) => merge(base, over),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

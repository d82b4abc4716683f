//! Reads the build-time part of `bffkit.toml`: where the lambdas live and the prefix.

use std::path::Path;

use bffkit_contract::RoutesConfig;
use serde::Deserialize;

use crate::BuildError;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    routes: RoutesConfig,
}

/// Reads `[routes]` from `bffkit.toml` if present; the other tables belong to the runtime.
pub fn read(path: &Path) -> Result<(RoutesConfig, Option<String>), BuildError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((RoutesConfig::default(), None))
        }
        Err(error) => {
            return Err(BuildError::Io {
                path: path.to_owned(),
                error,
            })
        }
    };
    let file: toml::Table = toml::from_str(&text).map_err(|e| BuildError::Config {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    let routes = match file.get("routes") {
        Some(value) => {
            File::deserialize(toml::Value::Table(toml::Table::from_iter([(
                "routes".to_owned(),
                value.clone(),
            )])))
            .map_err(|e| BuildError::Config {
                path: path.to_owned(),
                detail: format!("[routes]: {e}"),
            })?
            .routes
        }
        None => RoutesConfig::default(),
    };
    routes.check().map_err(|e| BuildError::Config {
        path: path.to_owned(),
        detail: format!("routes.prefix {e}"),
    })?;
    Ok((routes, Some(text)))
}

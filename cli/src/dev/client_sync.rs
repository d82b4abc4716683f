//! `--client`: after each restart, regenerates the TypeScript client from the new build's
//! manifest (`<app> manifest`: no HTTP round trip, so the old app, still draining on the
//! shared socket, can never answer instead). The file is written only when its text
//! changes, so a frontend dev server reloads once per API change.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::client::{self, Service};
use crate::manifest::Manifest;
use crate::Failure;

/// Where the client goes and how it is generated.
pub struct ClientTarget {
    pub out: PathBuf,
    /// `"target"` of `bffkit.client.json`'s `dev`: web, wechat or alipay.
    pub target: crate::codegen::Target,
    /// `"lang"`: ts or js.
    pub lang: crate::client::Lang,
    pub runtime: Option<String>,
    pub base_url: String,
    pub standalone: bool,
}

impl ClientTarget {
    /// Regenerates the client from `binary`'s manifest.
    pub fn sync(&self, binary: &Path) -> Result<(), String> {
        let output = Command::new(binary)
            .arg("manifest")
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run `{} manifest`: {e}", binary.display()))?;
        if !output.status.success() {
            return Err(format!(
                "`{} manifest` failed ({})",
                binary.display(),
                output.status
            ));
        }
        let source = format!("{} manifest", binary.display());
        let manifest = Manifest::parse(&output.stdout).map_err(|e| format!("{source}: {e}"))?;
        let service = Service {
            from: source,
            out: self.out.clone(),
            target: self.target,
            lang: self.lang,
            base_url: self.base_url.clone(),
            runtime: self.runtime.clone(),
            standalone: self.standalone,
        };
        match client::write(&manifest, &service, false) {
            Ok(_) => Ok(()),
            Err(Failure::Io(e) | Failure::Check(e) | Failure::Usage(e)) => Err(e),
            Err(Failure::Exit(status)) => Err(format!("client generation exited with {status}")),
        }
    }
}

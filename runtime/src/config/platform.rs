//! Function-compute platforms that start the app as a web server and route to a fixed
//! port: they need `0.0.0.0` (binding 127.0.0.1 fails with `FunctionNotStarted` on
//! Alibaba FC) on the port they name.

/// A serverless platform detected from its environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Alibaba Cloud Function Compute, custom runtime.
    AlibabaFc,
    /// Tencent Cloud SCF web function.
    TencentScf,
}

impl Platform {
    /// Reads the platform's marker variables.
    pub fn detect(var: &impl Fn(&str) -> Option<String>) -> Option<Platform> {
        const FC: &[&str] = &[
            "FC_CUSTOM_LISTEN_PORT",
            "FC_SERVER_PORT",
            "FC_FUNCTION_NAME",
            "FC_REGION",
        ];
        const SCF: &[&str] = &["SCF_FUNCTIONNAME", "SCF_RUNTIME", "TENCENTCLOUD_RUNENV"];
        if FC.iter().any(|name| var(name).is_some()) {
            Some(Platform::AlibabaFc)
        } else if SCF.iter().any(|name| var(name).is_some()) {
            Some(Platform::TencentScf)
        } else {
            None
        }
    }

    /// The port the platform forwards to: FC's variables, else 9000.
    pub fn port(self, var: &impl Fn(&str) -> Option<String>) -> Option<String> {
        match self {
            Platform::AlibabaFc => var("FC_CUSTOM_LISTEN_PORT").or_else(|| var("FC_SERVER_PORT")),
            Platform::TencentScf => None,
        }
        .or_else(|| Some("9000".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn fc_uses_its_port_variables() {
        let var = env(&[("FC_SERVER_PORT", "9100")]);
        assert_eq!(Platform::detect(&var), Some(Platform::AlibabaFc));
        assert_eq!(Platform::AlibabaFc.port(&var).as_deref(), Some("9100"));
        let var = env(&[
            ("FC_CUSTOM_LISTEN_PORT", "9200"),
            ("FC_SERVER_PORT", "9100"),
        ]);
        assert_eq!(Platform::AlibabaFc.port(&var).as_deref(), Some("9200"));
        let var = env(&[("FC_FUNCTION_NAME", "f")]);
        assert_eq!(Platform::AlibabaFc.port(&var).as_deref(), Some("9000"));
    }

    #[test]
    fn scf_listens_on_9000() {
        let var = env(&[("SCF_RUNTIME", "custom")]);
        assert_eq!(Platform::detect(&var), Some(Platform::TencentScf));
        assert_eq!(Platform::TencentScf.port(&var).as_deref(), Some("9000"));
    }

    #[test]
    fn plain_servers_are_not_platforms() {
        assert_eq!(Platform::detect(&env(&[("HOME", "/root")])), None);
    }
}

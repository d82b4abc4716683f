//! The endpoints every bffkit app serves beside its lambdas, documented in the manifest
//! and marked [`INTERNAL`](super::extension::INTERNAL).

use crate::{prefix, Method};

/// A built-in endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinEndpoint {
    /// `GET {prefix}/_manifest`: the manifest.
    Manifest,
    /// `GET {prefix}/_docs`: the docs playground, an HTML page.
    Docs,
    /// `POST {prefix}/_batch`: several calls through the same router.
    Batch,
    /// `GET /healthz`: the process answers.
    Health,
    /// `GET /readyz`: the stores the app depends on answer.
    Readiness,
    /// `GET /metrics`: Prometheus metrics (when `[metrics] enabled`).
    Metrics,
}

impl BuiltinEndpoint {
    /// The method it answers.
    pub fn method(self) -> Method {
        match self {
            BuiltinEndpoint::Batch => Method::Post,
            _ => Method::Get,
        }
    }

    /// Its path below the prefix, or from the root for the operations endpoints.
    pub fn route(self) -> &'static str {
        match self {
            BuiltinEndpoint::Manifest => "/_manifest",
            BuiltinEndpoint::Docs => "/_docs",
            BuiltinEndpoint::Batch => "/_batch",
            BuiltinEndpoint::Health => "/healthz",
            BuiltinEndpoint::Readiness => "/readyz",
            BuiltinEndpoint::Metrics => "/metrics",
        }
    }

    /// Health, readiness and metrics: outside the prefix, where orchestrators look.
    pub fn is_operations(self) -> bool {
        matches!(
            self,
            BuiltinEndpoint::Health | BuiltinEndpoint::Readiness | BuiltinEndpoint::Metrics
        )
    }

    /// The full path.
    pub fn path(self, prefix: &str) -> String {
        if self.is_operations() {
            self.route().to_owned()
        } else {
            prefix::join(prefix, self.route())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_endpoints_ignore_the_prefix() {
        assert_eq!(BuiltinEndpoint::Batch.path("/api"), "/api/_batch");
        assert_eq!(BuiltinEndpoint::Batch.path("/api/"), "/api/_batch");
        assert_eq!(BuiltinEndpoint::Manifest.path(""), "/_manifest");
        assert_eq!(BuiltinEndpoint::Health.path("/api"), "/healthz");
        assert_eq!(BuiltinEndpoint::Batch.method(), Method::Post);
    }
}

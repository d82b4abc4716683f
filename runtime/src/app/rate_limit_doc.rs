//! The rate limits in the manifest: which cover which operation (`crate::rate_limit`
//! knows), written by `crate::manifest`. Laid over the finished document.

use bffkit_contract::manifest::Document;
use bffkit_contract::Method;

use crate::config::Config;
use crate::manifest::declare_rate_limits;
use crate::rate_limit::{AppKeys, RateLimit, RateLimits};
use crate::routes::{MergedRoute, ResolvedRoute};

/// Adds the limits of `routes` (and of `sign_in`, the routes behind the sign-in limit) to
/// `doc`; `folder_limits` gives those of the folder middleware above a route.
pub(crate) fn document(
    doc: &mut Document,
    routes: &[ResolvedRoute],
    config: &Config,
    keys: Option<&AppKeys>,
    sign_in: &[MergedRoute],
    mut folder_limits: impl FnMut(&ResolvedRoute) -> Vec<RateLimit>,
) {
    let Ok(limits) = RateLimits::from_config(config, keys, false) else {
        return;
    };
    if !limits.enabled() {
        return;
    }
    for route in routes {
        let Ok(method) = http::Method::from_bytes(route.method.as_str().as_bytes()) else {
            continue;
        };
        let applied = limits.documented(&route.path, &method, &folder_limits(route));
        let path = route.path.replace("{*", "{");
        if let Some(op) = operation(doc, &path, route.method) {
            declare_rate_limits(op, applied, limits.closed_without_store());
        }
    }
    for route in sign_in {
        let path = route.path.replace("{*", "{");
        if let Some(op) = operation(doc, &path, route.method) {
            declare_rate_limits(
                op,
                vec![limits.documented_sign_in()],
                limits.closed_without_store(),
            );
        }
    }
}

fn operation<'d>(
    doc: &'d mut Document,
    path: &str,
    method: Method,
) -> Option<&'d mut bffkit_contract::manifest::Operation> {
    let item = doc.paths.get_mut(path)?;
    item.operations
        .iter_mut()
        .find(|(m, _)| *m == method)
        .map(|(_, op)| op)
}

//! Which limits cover which operation, for the manifest (`crate::manifest` writes them).
//! Laid over the finished document, so the manifest builder only calls [`document`].

use bffkit_contract::manifest::Document;
use bffkit_contract::Method;

use super::RateLimits;
use crate::app::ResolvedRoute;
use crate::config::Config;
use crate::manifest::declare_rate_limits;
use crate::middleware::Built;

/// Adds the limits of `routes` (and of the sign-in routes, when `sign_in`) to `doc`.
pub(crate) fn document(
    doc: &mut Document,
    routes: &[ResolvedRoute],
    config: &Config,
    keys: Option<&super::AppKeys>,
    sign_in: bool,
) {
    let Ok(limits) = RateLimits::from_config(config, keys, false) else {
        return;
    };
    if !limits.enabled {
        return;
    }
    let mut built = Built::default();
    for route in routes {
        let Ok(method) = http::Method::from_bytes(route.method.as_str().as_bytes()) else {
            continue;
        };
        let applied = limits
            .applied(&route.path, route.middleware, &mut built)
            .iter()
            .filter(|a| a.methods.as_ref().is_none_or(|m| m.contains(&method)))
            .map(|a| a.limit.describe())
            .collect();
        let path = route.path.replace("{*", "{");
        if let Some(op) = operation(doc, &path, route.method) {
            declare_rate_limits(op, applied, limits.redis_closed);
        }
    }
    if sign_in {
        let prefix = &config.routes.prefix;
        for route in ["/wechat/login", "/alipay/login", "/refresh"] {
            let path = bffkit_contract::prefix::join(prefix, &format!("/auth{route}"));
            if let Some(op) = operation(doc, &path, Method::Post) {
                declare_rate_limits(op, vec![limits.sign_in.describe()], limits.redis_closed);
            }
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

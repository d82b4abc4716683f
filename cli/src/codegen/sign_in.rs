//! `signIn()` / `signOut()` of a mini-program client: the runtime's bearer session, pointed
//! at the app's sign-in, refresh and logout routes as the manifest lists them.

use super::names::string_literal;
use super::target::Target;
use crate::manifest::Manifest;

/// The `auth` client option (`{ login, refresh, logout }`), or `None` when the API has no
/// sign-in route for `target`.
pub fn routes(manifest: &Manifest, target: Target) -> Result<Option<String>, String> {
    let Some((login_suffix, _)) = target.sign_in() else {
        return Ok(None);
    };
    let ops = manifest.operations()?;
    let find = |suffix: &str| {
        ops.iter()
            .find(|op| op.method == "POST" && op.path.ends_with(suffix))
            .map(|op| op.path)
    };
    let Some(login) = find(login_suffix) else {
        return Ok(None);
    };
    let mut fields = vec![format!("login: {}", string_literal(login))];
    for (key, suffix) in [("refresh", "/auth/refresh"), ("logout", "/auth/logout")] {
        if let Some(path) = find(suffix) {
            fields.push(format!("{key}: {}", string_literal(path)));
        }
    }
    Ok(Some(format!("{{ {} }}", fields.join(", "))))
}

/// The two functions, or `None` when the API has no sign-in route for `target`.
pub fn render(manifest: &Manifest, target: Target) -> Result<Option<String>, String> {
    let (Some((_, code_from)), Some(_)) = (target.sign_in(), routes(manifest, target)?) else {
        return Ok(None);
    };
    Ok(Some(format!(
        r#"/**
 * Signs in: gets a code from {code_from}, posts it to the sign-in route and keeps the
 * session token with {storage}. Every call then sends it as `Authorization: Bearer`;
 * a call answered 401 refreshes the session once (the refresh route) and is sent again.
 * Mini-programs have no cookies: this bearer token is the session.
 */
export function signIn(): Promise<SignedIn> {{
  return client.signIn();
}}

/** Ends the session on the server (the logout route) and removes the kept token. */
export function signOut(): Promise<void> {{
  return client.signOut();
}}
"#,
        storage = target.storage_call(),
    )))
}

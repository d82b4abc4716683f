//! A plain handler against its route: the leading arguments bind the route's dynamic
//! segments, in path order.

use proc_macro2::Span;

use crate::ctxt::Ctxt;

/// The first `params.len()` arguments are the path parameters; fewer is a mistake.
pub fn path_params(
    display: &str,
    route: &str,
    params: &[String],
    arguments: usize,
    at: Span,
    cx: &mut Ctxt,
) {
    if arguments >= params.len() {
        return;
    }
    let wanted: Vec<String> = params.iter().map(|p| format!("{p}: String")).collect();
    let plural = if wanted.len() > 1 { "s" } else { "" };
    cx.error_at(
        at,
        format!(
            "{display} serves `{route}`, so the first argument{plural} must be the path parameter{plural}: add `{}`",
            wanted.join(", ")
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(params: &[&str], arguments: usize) -> Option<String> {
        let params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
        let mut cx = Ctxt::default();
        path_params(
            "api/lambda/a.rs",
            "/api/a",
            &params,
            arguments,
            Span::call_site(),
            &mut cx,
        );
        cx.check().err().map(|e| e.to_string())
    }

    #[test]
    fn enough_arguments_pass() {
        assert_eq!(check(&[], 0), None);
        assert_eq!(check(&["id"], 1), None);
        assert_eq!(check(&["id"], 3), None);
    }

    #[test]
    fn too_few_name_every_parameter() {
        assert_eq!(
            check(&["id"], 0).unwrap(),
            "api/lambda/a.rs serves `/api/a`, so the first argument must be the path parameter: add `id: String`"
        );
        assert_eq!(
            check(&["level", "id"], 1).unwrap(),
            "api/lambda/a.rs serves `/api/a`, so the first arguments must be the path parameters: add \
             `level: String, id: String`"
        );
    }
}

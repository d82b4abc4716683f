//! Debug builds only: a handler that answers an app error code it does not declare makes
//! the manifest and the typed client wrong, so the first time each such code is seen for a
//! route, the server says so. Built-in codes are the framework's and need no declaration.

use std::collections::HashSet;
use std::sync::Mutex;

use axum::response::Response;

use crate::error::{code, AnsweredCode};
use crate::schema::OperationDoc;

/// What one route declares.
pub(crate) struct DeclaredCodes {
    /// `POST /api/todo`, for the message.
    route: String,
    codes: Vec<u32>,
    /// Statuses declared without a code (`errors: [409]`): any code goes.
    any_code: Vec<u16>,
    reported: Mutex<HashSet<u32>>,
}

impl DeclaredCodes {
    pub(crate) fn of(route: &super::ResolvedRoute) -> DeclaredCodes {
        let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
        let mut doc = OperationDoc::new(&mut generator);
        (route.describe)(&mut doc);
        DeclaredCodes {
            route: format!("{} {}", route.method.as_str(), route.path),
            codes: doc.declared_errors.iter().map(|e| e.code).collect(),
            any_code: doc.errors.clone(),
            reported: Mutex::new(HashSet::new()),
        }
    }

    /// Warns, once per code, when `response` carries an undeclared app code.
    pub(crate) fn check(&self, response: &Response) {
        let Some(AnsweredCode(answered)) = response.extensions().get::<AnsweredCode>().copied()
        else {
            return;
        };
        let status = response.status().as_u16();
        if !self.is_undeclared(status, answered) {
            return;
        }
        let first = self
            .reported
            .lock()
            .map(|mut seen| seen.insert(answered))
            .unwrap_or(false);
        if first {
            let message = format!(
                "{} answered {status} with code {answered}, which its handler does not declare; \
                 add it to `errors(..)` so the manifest and the generated client list it",
                self.route
            );
            if tracing::dispatcher::has_been_set() {
                tracing::warn!("{message}");
            } else {
                eprintln!("bffkit: warning: {message}");
            }
        }
    }

    fn is_undeclared(&self, status: u16, answered: u32) -> bool {
        !code::ALL.iter().any(|c| c.code == answered)
            && !self.codes.contains(&answered)
            && !self.any_code.contains(&status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(codes: &[u32], any_code: &[u16]) -> DeclaredCodes {
        DeclaredCodes {
            route: "POST /api/todo".into(),
            codes: codes.to_vec(),
            any_code: any_code.to_vec(),
            reported: Mutex::new(HashSet::new()),
        }
    }

    #[test]
    fn only_app_codes_outside_the_declaration_are_undeclared() {
        let todo = declared(&[21001], &[]);
        assert!(!todo.is_undeclared(409, 21001));
        assert!(todo.is_undeclared(409, 21003));
        // The framework's own codes need no declaration.
        assert!(!todo.is_undeclared(400, code::VALIDATION_FAILED.code));
        // `errors: [409]` allows any code with 409, not with another status.
        let any = declared(&[], &[409]);
        assert!(!any.is_undeclared(409, 21003));
        assert!(any.is_undeclared(422, 21003));
    }
}

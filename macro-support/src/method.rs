//! `#[get]`, `#[post]`, … and `#[api]`: which method a handler serves.

use quote::format_ident;

/// The nine methods of the seed, in bffkit's `Method` spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
    Connect,
}

impl HttpMethod {
    /// `fn Post` → `POST`; `fn del` → `DELETE` (Modern.js's spelling, as `delete` is
    /// reserved in JavaScript); other names serve `GET`.
    pub fn from_fn_name(name: &str) -> HttpMethod {
        match name.to_ascii_lowercase().as_str() {
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "delete" | "del" => HttpMethod::Delete,
            "patch" => HttpMethod::Patch,
            "head" => HttpMethod::Head,
            "options" => HttpMethod::Options,
            "trace" => HttpMethod::Trace,
            "connect" => HttpMethod::Connect,
            _ => HttpMethod::Get,
        }
    }

    /// The runtime's `Method` variant.
    pub fn variant(self) -> syn::Ident {
        let name = match self {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Delete => "Delete",
            HttpMethod::Patch => "Patch",
            HttpMethod::Head => "Head",
            HttpMethod::Options => "Options",
            HttpMethod::Trace => "Trace",
            HttpMethod::Connect => "Connect",
        };
        format_ident!("{name}")
    }

    /// `GET`, `POST`, ...
    pub fn upper(self) -> String {
        self.variant().to_string().to_ascii_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_pick_the_method_in_any_case() {
        for (name, method) in [
            ("get", "GET"),
            ("Post", "POST"),
            ("del", "DELETE"),
            ("DEL", "DELETE"),
            ("Del", "DELETE"),
            ("delete", "DELETE"),
            ("CONNECT", "CONNECT"),
            ("list", "GET"),
            ("deleted", "GET"),
        ] {
            assert_eq!(HttpMethod::from_fn_name(name).upper(), method, "fn {name}");
        }
    }
}

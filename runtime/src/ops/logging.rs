//! Structured logs through `tracing`: human-readable text by default, one JSON object a
//! line with `[log] format = "json"` (or `BFFKIT_LOG_FORMAT=json`). `RUST_LOG` filters.
//!
//! Every line logged while a request is served carries its `request_id`, taken from the
//! request's task scope, and, while traces are exported (feature `otel`), the current
//! span's `trace_id` and `span_id`. A span per request would do the same, but costs more than the
//! rest of the framework on a small request; the span is only created at debug level.

use std::fmt;

use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

use crate::config::LogConfig;
use crate::request_id;

/// Installs the global subscriber; does nothing if one is already installed.
pub fn init_logging(config: &LogConfig) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.level));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    let _ = if config.format == "json" {
        let json = tracing_subscriber::fmt::format()
            .json()
            .flatten_event(true)
            .with_current_span(true);
        builder
            .json()
            .event_format(WithRequestId {
                inner: json,
                json: true,
            })
            .try_init()
    } else {
        let text = tracing_subscriber::fmt::format().with_ansi(ansi);
        builder
            .event_format(WithRequestId {
                inner: text,
                json: false,
            })
            .try_init()
    };
}

/// Formats events with `inner`, adding the current request's id (and trace ids) as last
/// fields.
struct WithRequestId<F> {
    inner: F,
    json: bool,
}

impl<S, N, F> FormatEvent<S, N> for WithRequestId<F>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
    F: FormatEvent<S, N>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let id = request_id::current()
            .filter(|_| !event.fields().any(|field| field.name() == "request_id"));
        let trace = crate::ops::traces::current_ids();
        if id.is_none() && trace.is_none() {
            return self.inner.format_event(ctx, writer, event);
        }
        let mut fields: Vec<(&str, String)> = Vec::with_capacity(3);
        if let Some(id) = &id {
            fields.push(("request_id", id.as_str().to_owned()));
        }
        if let Some((trace_id, span_id)) = trace {
            fields.push(("trace_id", trace_id));
            fields.push(("span_id", span_id));
        }
        let mut line = String::new();
        self.inner
            .format_event(ctx, Writer::new(&mut line), event)?;
        let newline = line.ends_with('\n');
        let mut line = line.trim_end_matches('\n').to_owned();
        for (name, value) in fields {
            if self.json {
                if line.ends_with('}') {
                    line.pop();
                    let value = serde_json::to_string(&value).map_err(|_| fmt::Error)?;
                    line.push_str(&format!(",\"{name}\":{value}}}"));
                }
            } else {
                line.push_str(&format!(" {name}={value}"));
            }
        }
        writer.write_str(&line)?;
        if newline {
            writer.write_char('\n')?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::captured_log::CapturedLog;

    fn logged(json: bool, log: impl FnOnce()) -> String {
        let out = CapturedLog::default();
        let builder = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(out.clone());
        let dispatch = if json {
            let format = tracing_subscriber::fmt::format().json().flatten_event(true);
            tracing::Dispatch::new(
                builder
                    .json()
                    .event_format(WithRequestId {
                        inner: format,
                        json: true,
                    })
                    .finish(),
            )
        } else {
            let format = tracing_subscriber::fmt::format().with_ansi(false);
            tracing::Dispatch::new(
                builder
                    .event_format(WithRequestId {
                        inner: format,
                        json: false,
                    })
                    .finish(),
            )
        };
        tracing::dispatcher::with_default(&dispatch, log);
        out.text()
    }

    #[test]
    fn lines_inside_a_request_name_its_id() {
        let text = logged(false, || {
            request_id::scoped_for_test("abc-1", || tracing::info!(n = 1, "inside"));
            tracing::info!("outside");
        });
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with("inside n=1 request_id=abc-1"), "{text}");
        assert!(!lines[1].contains("request_id"), "{text}");
    }

    #[test]
    fn json_lines_get_a_request_id_field() {
        let text = logged(true, || {
            request_id::scoped_for_test("q\"1", || tracing::info!("inside"));
        });
        let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(line["request_id"], "q\"1");
        assert_eq!(line["message"], "inside");
    }

    #[test]
    fn an_explicit_request_id_field_is_not_repeated() {
        let text = logged(false, || {
            request_id::scoped_for_test("abc-2", || {
                tracing::error!(request_id = "abc-2", "failed");
            });
        });
        assert_eq!(text.matches("abc-2").count(), 1, "{text}");
    }
}

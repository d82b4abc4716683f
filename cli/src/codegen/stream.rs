//! A streaming operation (a lambda returning `EventStream<T>`) → a function returning
//! `AsyncIterable<T>` through the runtime's `client.stream`, which reads NDJSON, aborts
//! with `options.signal` and reconnects with `Last-Event-ID` when asked.

use super::jsdoc::Doc;
use super::target::Target;

/// Adds how to use the stream to the function's doc.
pub fn note(doc: &mut Doc, target: Target) {
    doc.gap().line(
        "Streams its items as they come (`for await`); `options.signal` stops it, \
         `options.reconnect` resumes a cut-off stream with `Last-Event-ID`. An error event \
         rejects with a `BffError`.",
    );
    match target {
        Target::Web => {}
        Target::Wechat => {
            doc.line(
                "Read with `next()` (or `for await` where the engine has async iteration); \
                 the items arrive through `wx.request`'s `enableChunked`.",
            );
        }
        Target::Alipay => {
            doc.line(
                "Alipay's `my.request` cannot read a response as it arrives: on Alipay this \
                 rejects with a `BffError` (status 0) saying so.",
            );
        }
    }
}

/// The function: `args` as built for an ordinary call, whose last (the options) becomes
/// `StreamOptions`; `call_object` is the call input's literal.
pub fn render(
    doc: Doc,
    name: &str,
    args: &[String],
    item: &str,
    target: Target,
    call_object: &str,
) -> String {
    let mut args = args.to_vec();
    if let Some(options) = args.last_mut() {
        *options = "options?: StreamOptions".to_owned();
    }
    let mut out = doc.render(0);
    // `AsyncIterable` is ES2018: mini-program clients type-check on ES2017.
    let returns = if target.is_miniprogram() {
        "ItemStream"
    } else {
        "AsyncIterable"
    };
    out.push_str(&format!(
        "export function {name}({}): {returns}<{item}> {{\n",
        args.join(", ")
    ));
    out.push_str(&format!(
        "  return client.stream<{item}>({call_object}, options);\n}}\n"
    ));
    out
}

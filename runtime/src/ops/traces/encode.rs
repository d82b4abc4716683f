//! OTLP protobuf (`ExportTraceServiceRequest`) written straight from the SDK's `SpanData`,
//! by reference. The SDK's exporter first converts each span into the `opentelemetry-proto`
//! message types (a `String` or `Vec` for every name, id, key and value), encodes them, and
//! drops them: most of what a sampled span cost a request. The bytes decode to the same
//! message (the test below compares with what the SDK's exporter sends).
//!
//! Field numbers are those of `opentelemetry/proto/trace/v1/trace.proto`,
//! `common/v1/common.proto` and `resource/v1/resource.proto`. Scalars at their default
//! value are left out, as proto3 does; a set `oneof` member and a present sub-message are
//! always written, so they decode as present.

use std::time::{SystemTime, UNIX_EPOCH};

use opentelemetry::trace::{SpanContext, SpanId, SpanKind, Status};
use opentelemetry::{Array, InstrumentationScope, KeyValue, Value};
use opentelemetry_sdk::trace::SpanData;
use opentelemetry_sdk::Resource;

const VARINT: u32 = 0;
const FIXED64: u32 = 1;
const BYTES: u32 = 2;
const FIXED32: u32 = 5;

/// The resource, encoded once (`ResourceSpans.resource` and `.schema_url`).
#[derive(Debug, Default)]
pub(super) struct EncodedResource {
    /// The `Resource` message's content.
    message: Vec<u8>,
    schema_url: String,
}

impl EncodedResource {
    pub(super) fn new(resource: &Resource) -> EncodedResource {
        let mut message = Vec::new();
        for (key, value) in resource.iter() {
            let len = key_value_len(key.as_str(), value);
            message_field(&mut message, 1, len);
            write_key_value(&mut message, key.as_str(), value);
        }
        EncodedResource {
            message,
            schema_url: resource.schema_url().unwrap_or_default().to_owned(),
        }
    }
}

/// Appends the `ExportTraceServiceRequest` of `spans` to `out`: one `ResourceSpans`, and
/// in it one `ScopeSpans` per instrumentation scope, in the order they first appear.
pub(super) fn export_request(resource: &EncodedResource, spans: &[SpanData], out: &mut Vec<u8>) {
    // The spans are written first, to learn their lengths, then copied after them.
    let mut written = Vec::with_capacity(spans.len() * 384);
    let mut ends = Vec::with_capacity(spans.len());
    for span in spans {
        write_span(&mut written, span);
        ends.push(written.len());
    }
    let starts = std::iter::once(0).chain(ends.iter().copied());
    let ranges: Vec<(usize, usize)> = starts.zip(ends.iter().copied()).collect();
    // Each scope, with its length; each span, with its scope's index.
    let mut scopes: Vec<(&InstrumentationScope, usize)> = Vec::new();
    let mut of_span: Vec<usize> = Vec::with_capacity(spans.len());
    for (span, (start, end)) in spans.iter().zip(&ranges) {
        let scope = &span.instrumentation_scope;
        // Spans of one scope come in runs: the last one is the likeliest.
        let index = match scopes.iter().rposition(|(seen, _)| *seen == scope) {
            Some(index) => index,
            None => {
                let header = field_len(1, scope_len(scope))
                    + string_len(3, scope.schema_url().unwrap_or_default());
                scopes.push((scope, header));
                scopes.len() - 1
            }
        };
        scopes[index].1 += field_len(2, end - start);
        of_span.push(index);
    }
    let resource_spans_len = field_len(1, resource.message.len())
        + scopes
            .iter()
            .map(|(_, len)| field_len(2, *len))
            .sum::<usize>()
        + string_len(3, &resource.schema_url);
    out.reserve(field_len(1, resource_spans_len));

    message_field(out, 1, resource_spans_len);
    message_field(out, 1, resource.message.len());
    out.extend_from_slice(&resource.message);
    for (index, (scope, len)) in scopes.iter().enumerate() {
        message_field(out, 2, *len);
        message_field(out, 1, scope_len(scope));
        write_scope(out, scope);
        for ((start, end), of) in ranges.iter().zip(&of_span) {
            if *of == index {
                message_field(out, 2, end - start);
                out.extend_from_slice(&written[*start..*end]);
            }
        }
        string(out, 3, scope.schema_url().unwrap_or_default());
    }
    string(out, 3, &resource.schema_url);
}

// `InstrumentationScope`: name 1, version 2, attributes 3.

fn scope_len(scope: &InstrumentationScope) -> usize {
    string_len(1, scope.name())
        + string_len(2, scope.version().unwrap_or_default())
        + attributes_len(3, scope.attributes())
}

fn write_scope(out: &mut Vec<u8>, scope: &InstrumentationScope) {
    string(out, 1, scope.name());
    string(out, 2, scope.version().unwrap_or_default());
    attributes(out, 3, scope.attributes());
}

// `Span`: trace_id 1, span_id 2, trace_state 3, parent_span_id 4, name 5, kind 6,
// start 7, end 8, attributes 9, dropped_attributes_count 10, events 11,
// dropped_events_count 12, links 13, dropped_links_count 14, status 15, flags 16.

fn write_span(out: &mut Vec<u8>, span: &SpanData) {
    let context = &span.span_context;
    bytes(out, 1, &context.trace_id().to_bytes());
    bytes(out, 2, &context.span_id().to_bytes());
    trace_state(out, 3, context);
    if span.parent_span_id != SpanId::INVALID {
        bytes(out, 4, &span.parent_span_id.to_bytes());
    }
    string(out, 5, &span.name);
    varint_field(out, 6, kind(&span.span_kind));
    fixed64(out, 7, nanos(span.start_time));
    fixed64(out, 8, nanos(span.end_time));
    attributes(out, 9, &span.attributes);
    varint_field(out, 10, u64::from(span.dropped_attributes_count));
    for event in span.events.iter() {
        message_field(out, 11, event_len(event));
        fixed64(out, 1, nanos(event.timestamp));
        string(out, 2, &event.name);
        attributes(out, 3, &event.attributes);
        varint_field(out, 4, u64::from(event.dropped_attributes_count));
    }
    varint_field(out, 12, u64::from(span.events.dropped_count));
    for link in span.links.iter() {
        message_field(out, 13, link_len(link));
        let context = &link.span_context;
        bytes(out, 1, &context.trace_id().to_bytes());
        bytes(out, 2, &context.span_id().to_bytes());
        trace_state(out, 3, context);
        attributes(out, 4, &link.attributes);
        varint_field(out, 5, u64::from(link.dropped_attributes_count));
        key(out, 6, FIXED32);
        out.extend_from_slice(&flags(context.is_remote(), context).to_le_bytes());
    }
    varint_field(out, 14, u64::from(span.links.dropped_count));
    message_field(out, 15, status_len(&span.status));
    write_status(out, &span.status);
    // Field 16 takes two bytes of key; the flags are never 0 (the remote bits are set).
    key(out, 16, FIXED32);
    out.extend_from_slice(&flags(span.parent_span_is_remote, context).to_le_bytes());
}

fn event_len(event: &opentelemetry::trace::Event) -> usize {
    fixed64_len(nanos(event.timestamp))
        + string_len(2, &event.name)
        + attributes_len(3, &event.attributes)
        + varint_field_len(4, u64::from(event.dropped_attributes_count))
}

fn link_len(link: &opentelemetry::trace::Link) -> usize {
    field_len(1, 16)
        + field_len(2, 8)
        + trace_state_len(3, &link.span_context)
        + attributes_len(4, &link.attributes)
        + varint_field_len(5, u64::from(link.dropped_attributes_count))
        + 1
        + 4
}

/// `SpanFlags`: the W3C trace flags, and whether the parent (or the linked span) is remote.
fn flags(remote: bool, context: &SpanContext) -> u32 {
    const HAS_IS_REMOTE: u32 = 0x100;
    const IS_REMOTE: u32 = 0x200;
    let flags = u32::from(context.trace_flags().to_u8()) | HAS_IS_REMOTE;
    if remote {
        flags | IS_REMOTE
    } else {
        flags
    }
}

fn kind(kind: &SpanKind) -> u64 {
    match kind {
        SpanKind::Internal => 1,
        SpanKind::Server => 2,
        SpanKind::Client => 3,
        SpanKind::Producer => 4,
        SpanKind::Consumer => 5,
    }
}

/// `Status`: message 2, code 3 (unset 0, ok 1, error 2).
fn status_len(status: &Status) -> usize {
    match status {
        Status::Unset => 0,
        Status::Ok => 2,
        Status::Error { description } => string_len(2, description) + 2,
    }
}

fn write_status(out: &mut Vec<u8>, status: &Status) {
    match status {
        Status::Unset => {}
        Status::Ok => varint_field(out, 3, 1),
        Status::Error { description } => {
            string(out, 2, description);
            varint_field(out, 3, 2);
        }
    }
}

fn trace_state_len(field: u32, context: &SpanContext) -> usize {
    let state = context.trace_state();
    if *state == opentelemetry::trace::TraceState::NONE {
        0
    } else {
        string_len(field, &state.header())
    }
}

fn trace_state(out: &mut Vec<u8>, field: u32, context: &SpanContext) {
    let state = context.trace_state();
    if *state != opentelemetry::trace::TraceState::NONE {
        string(out, field, &state.header());
    }
}

// `KeyValue`: key 1, value 2 (an `AnyValue`: string 1, bool 2, int 3, double 4, array 5;
// `ArrayValue`: values 1).

fn attributes_len<'a>(field: u32, attributes: impl IntoIterator<Item = &'a KeyValue>) -> usize {
    attributes
        .into_iter()
        .map(|kv| field_len(field, key_value_len(kv.key.as_str(), &kv.value)))
        .sum()
}

fn attributes<'a>(
    out: &mut Vec<u8>,
    field: u32,
    attributes: impl IntoIterator<Item = &'a KeyValue>,
) {
    for kv in attributes {
        let key = kv.key.as_str();
        message_field(out, field, key_value_len(key, &kv.value));
        write_key_value(out, key, &kv.value);
    }
}

#[inline]
fn key_value_len(key: &str, value: &Value) -> usize {
    string_len(1, key) + field_len(2, any_value_len(value))
}

#[inline]
fn write_key_value(out: &mut Vec<u8>, key: &str, value: &Value) {
    string(out, 1, key);
    message_field(out, 2, any_value_len(value));
    write_any_value(out, value);
}

#[inline]
fn any_value_len(value: &Value) -> usize {
    match value {
        Value::String(s) => field_len(1, s.as_str().len()),
        Value::Bool(_) => 2,
        Value::I64(i) => 1 + varint_len(*i as u64),
        Value::F64(_) => 9,
        Value::Array(array) => field_len(5, array_len(array)),
        // Newer value kinds than this encoder knows: an empty `AnyValue`.
        _ => 0,
    }
}

#[inline]
fn write_any_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::String(s) => {
            message_field(out, 1, s.as_str().len());
            out.extend_from_slice(s.as_str().as_bytes());
        }
        Value::Bool(b) => {
            key(out, 2, VARINT);
            out.push(u8::from(*b));
        }
        Value::I64(i) => {
            key(out, 3, VARINT);
            varint(out, *i as u64);
        }
        Value::F64(f) => {
            key(out, 4, FIXED64);
            out.extend_from_slice(&f.to_le_bytes());
        }
        Value::Array(array) => {
            message_field(out, 5, array_len(array));
            for_each_in(array, |value| {
                message_field(out, 1, any_value_len(&value));
                write_any_value(out, &value);
            });
        }
        _ => {}
    }
}

fn array_len(array: &Array) -> usize {
    let mut len = 0;
    for_each_in(array, |value| len += field_len(1, any_value_len(&value)));
    len
}

/// Each element of `array` as a `Value` (the strings cloned: arrays are rare).
fn for_each_in(array: &Array, mut f: impl FnMut(Value)) {
    match array {
        Array::Bool(values) => values.iter().for_each(|v| f(Value::Bool(*v))),
        Array::I64(values) => values.iter().for_each(|v| f(Value::I64(*v))),
        Array::F64(values) => values.iter().for_each(|v| f(Value::F64(*v))),
        Array::String(values) => values.iter().for_each(|v| f(Value::String(v.clone()))),
        _ => {}
    }
}

fn nanos(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

// Protobuf's wire format.

#[inline]
fn key(out: &mut Vec<u8>, field: u32, wire_type: u32) {
    varint(out, u64::from(field << 3 | wire_type));
}

#[inline]
fn key_len(field: u32) -> usize {
    varint_len(u64::from(field << 3))
}

#[inline]
fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[inline]
fn varint_len(value: u64) -> usize {
    // 1 byte per started 7 bits; 0 takes one byte.
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

/// A length-delimited field's key and length (its content follows).
#[inline]
fn message_field(out: &mut Vec<u8>, field: u32, len: usize) {
    key(out, field, BYTES);
    varint(out, len as u64);
}

/// A length-delimited field's size, key and length included.
#[inline]
fn field_len(field: u32, len: usize) -> usize {
    key_len(field) + varint_len(len as u64) + len
}

#[inline]
fn bytes(out: &mut Vec<u8>, field: u32, value: &[u8]) {
    message_field(out, field, value.len());
    out.extend_from_slice(value);
}

/// A string field, left out when empty.
#[inline]
fn string(out: &mut Vec<u8>, field: u32, value: &str) {
    if !value.is_empty() {
        bytes(out, field, value.as_bytes());
    }
}

#[inline]
fn string_len(field: u32, value: &str) -> usize {
    if value.is_empty() {
        0
    } else {
        field_len(field, value.len())
    }
}

/// A varint field, left out when 0.
#[inline]
fn varint_field(out: &mut Vec<u8>, field: u32, value: u64) {
    if value != 0 {
        key(out, field, VARINT);
        varint(out, value);
    }
}

#[inline]
fn varint_field_len(field: u32, value: u64) -> usize {
    if value == 0 {
        0
    } else {
        key_len(field) + varint_len(value)
    }
}

/// A fixed64 field (fields 1 to 15), left out when 0.
#[inline]
fn fixed64(out: &mut Vec<u8>, field: u32, value: u64) {
    if value != 0 {
        key(out, field, FIXED64);
        out.extend_from_slice(&value.to_le_bytes());
    }
}

#[inline]
fn fixed64_len(value: u64) -> usize {
    if value == 0 {
        0
    } else {
        9
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::Arc;
    use std::time::Duration;

    use opentelemetry::trace::{
        Event, Link, SpanContext, SpanId, SpanKind, Status, TraceFlags, TraceId, TraceState,
    };
    use opentelemetry::{Array, InstrumentationScope, KeyValue, StringValue, Value};
    use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
    use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
    use opentelemetry_sdk::trace::{SpanData, SpanEvents, SpanExporter, SpanLinks};
    use opentelemetry_sdk::Resource;
    use prost::Message;

    use super::super::http_exporter::tests::Kept;
    use super::{export_request, EncodedResource};

    fn context(trace: u128, span: u64, state: &str) -> SpanContext {
        SpanContext::new(
            TraceId::from(trace),
            SpanId::from(span),
            TraceFlags::SAMPLED,
            false,
            state.parse::<TraceState>().unwrap(),
        )
    }

    /// Spans using every part of the format: each kind of value, events, links, dropped
    /// counts, the three statuses, remote and local parents, two scopes interleaved.
    fn spans() -> Vec<SpanData> {
        let bffkit = InstrumentationScope::builder("bffkit").build();
        let other = InstrumentationScope::builder("other")
            .with_version("1.2.3")
            .with_schema_url("https://opentelemetry.io/schemas/1.30.0")
            .with_attributes([KeyValue::new("scope.attr", 7)])
            .build();
        let at = |ms: u64| std::time::UNIX_EPOCH + Duration::from_millis(1_700_000_000_000 + ms);
        let values = vec![
            KeyValue::new("http.request.method", "GET"),
            KeyValue::new("owned", String::from("owned value")),
            KeyValue::new("empty", ""),
            KeyValue::new("negative", -5_i64),
            KeyValue::new("zero", 0_i64),
            KeyValue::new("big", i64::MAX),
            KeyValue::new("yes", true),
            KeyValue::new("no", false),
            KeyValue::new("ratio", 0.25),
            KeyValue::new("bools", Value::Array(Array::Bool(vec![true, false]))),
            KeyValue::new("ints", Value::Array(Array::I64(vec![1, -2, 300]))),
            KeyValue::new("floats", Value::Array(Array::F64(vec![1.5, -0.0]))),
            KeyValue::new(
                "strings",
                Value::Array(Array::String(vec![
                    StringValue::from("a"),
                    StringValue::from(""),
                ])),
            ),
            KeyValue::new("no strings", Value::Array(Array::String(Vec::new()))),
            KeyValue::new("long", "x".repeat(300)),
        ];
        let mut events = SpanEvents::default();
        events.events = vec![
            Event::new("retry", at(1), values.clone(), 1),
            Event::new("plain", at(2), Vec::new(), 0),
        ];
        events.dropped_count = 2;
        let mut links = SpanLinks::default();
        links.links = vec![Link::new(
            context(42, 43, "k=v"),
            vec![KeyValue::new("link.attr", "x")],
            4,
        )];
        links.dropped_count = 1;
        let server = SpanData {
            span_context: context(0x0af7651916cd43dd8448eb211c80319c, 0x1111, "vendor=abc,b=2"),
            parent_span_id: SpanId::from(0xb7ad6b7169203331),
            parent_span_is_remote: true,
            span_kind: SpanKind::Server,
            name: Cow::Borrowed("GET /api/page/{id}"),
            start_time: at(0),
            end_time: at(5),
            attributes: values.clone(),
            dropped_attributes_count: 3,
            events,
            links,
            status: Status::error("upstream failed: boom"),
            instrumentation_scope: bffkit.clone(),
        };
        let client = SpanData {
            span_context: context(0x0af7651916cd43dd8448eb211c80319c, 0x2222, ""),
            parent_span_id: SpanId::from(0x1111),
            parent_span_is_remote: false,
            span_kind: SpanKind::Client,
            name: Cow::Owned("GET".to_owned()),
            start_time: at(1),
            end_time: at(4),
            attributes: vec![KeyValue::new("peer.service", "users")],
            dropped_attributes_count: 0,
            events: SpanEvents::default(),
            links: SpanLinks::default(),
            status: Status::Ok,
            instrumentation_scope: other,
        };
        let internal = SpanData {
            span_context: context(99, 0x3333, ""),
            parent_span_id: SpanId::INVALID,
            parent_span_is_remote: false,
            span_kind: SpanKind::Internal,
            name: Cow::Borrowed(""),
            start_time: at(2),
            end_time: at(2),
            attributes: Vec::new(),
            dropped_attributes_count: 0,
            events: SpanEvents::default(),
            links: SpanLinks::default(),
            status: Status::Unset,
            instrumentation_scope: bffkit,
        };
        let mut producer = internal.clone();
        producer.span_kind = SpanKind::Producer;
        let mut consumer = internal.clone();
        consumer.span_kind = SpanKind::Consumer;
        vec![server, client, internal, producer, consumer]
    }

    fn resource() -> Resource {
        Resource::builder_empty()
            .with_schema_url(
                [
                    KeyValue::new("service.name", "bffkit-test"),
                    KeyValue::new("deployment.environment", "test"),
                    KeyValue::new("replicas", 3),
                ],
                "https://opentelemetry.io/schemas/1.30.0",
            )
            .build()
    }

    /// What the `opentelemetry-otlp` exporter sends for `spans`, decoded.
    async fn sent_by_the_sdk(
        spans: Vec<SpanData>,
        resource: &Resource,
    ) -> ExportTraceServiceRequest {
        let kept = Arc::new(Kept::default());
        let mut exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_shared_http_client(kept.clone())
            .with_protocol(Protocol::HttpBinary)
            .with_endpoint("http://collector:4318/v1/traces")
            .build()
            .unwrap();
        exporter.set_resource(resource);
        exporter.export(spans).await.unwrap();
        let sent = kept.sent.lock().unwrap();
        assert_eq!(sent.len(), 1);
        ExportTraceServiceRequest::decode(sent[0].body().clone()).unwrap()
    }

    /// Resource attributes come from a hash map: the same order in both, but not one to
    /// rely on.
    fn sorted(mut request: ExportTraceServiceRequest) -> ExportTraceServiceRequest {
        for resource_spans in &mut request.resource_spans {
            if let Some(resource) = &mut resource_spans.resource {
                resource.attributes.sort_by(|a, b| a.key.cmp(&b.key));
            }
        }
        request
    }

    #[tokio::test]
    async fn the_encoded_request_decodes_to_what_the_sdk_s_exporter_sends() {
        let resource = resource();
        let mut ours = Vec::new();
        export_request(&EncodedResource::new(&resource), &spans(), &mut ours);
        let ours = ExportTraceServiceRequest::decode(ours.as_slice()).expect("valid protobuf");
        let theirs = sent_by_the_sdk(spans(), &resource).await;
        assert_eq!(sorted(ours.clone()), sorted(theirs));
        // Two scopes, in the order they first appear; the spans in theirs, in order.
        let scopes = &ours.resource_spans[0].scope_spans;
        let names: Vec<(&str, usize)> = scopes
            .iter()
            .map(|s| (s.scope.as_ref().unwrap().name.as_str(), s.spans.len()))
            .collect();
        assert_eq!(names, [("bffkit", 4), ("other", 1)]);
    }

    #[tokio::test]
    async fn an_empty_batch_and_an_empty_resource_decode_alike_too() {
        let resource = Resource::builder_empty().build();
        let mut ours = Vec::new();
        export_request(&EncodedResource::new(&resource), &[], &mut ours);
        let ours = ExportTraceServiceRequest::decode(ours.as_slice()).unwrap();
        assert_eq!(ours, sent_by_the_sdk(Vec::new(), &resource).await);
        // A resource never set (before the provider sets it) is an empty one.
        let mut unset = Vec::new();
        export_request(&EncodedResource::default(), &[], &mut unset);
        assert_eq!(
            ExportTraceServiceRequest::decode(unset.as_slice()).unwrap(),
            ours
        );
    }
}

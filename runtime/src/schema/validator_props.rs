//! Property tests of the schema validator: arbitrary JSON never panics it, and whatever it
//! accepts deserializes into the type and round-trips (serialize → validate → same value).

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{whole_floats_as_integers, CompiledSchema};

#[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Order {
    #[schemars(length(min = 1, max = 8))]
    name: String,
    #[schemars(range(min = 1, max = 100))]
    quantity: u8,
    note: Option<String>,
    #[schemars(length(max = 3))]
    lines: Vec<Line>,
    delivery: Delivery,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Line {
    #[schemars(length(min = 2, max = 4))]
    sku: String,
    #[schemars(range(min = -5, max = 5))]
    discount: i32,
    tags: Option<Vec<String>>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Delivery {
    Pickup {
        store: u32,
    },
    Courier {
        #[schemars(length(min = 1))]
        address: String,
        express: bool,
    },
}

/// Any JSON, including the edge numbers (floats with no fraction, huge and negative ones).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-10i64..200).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-10i32..200).prop_map(|n| json!(f64::from(n))),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z]{0,10}".prop_map(Value::from),
        ".{0,6}".prop_map(Value::from),
        Just(json!("pickup")),
        Just(json!("courier")),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Mostly `plausible`, sometimes any JSON at all.
fn or_any(plausible: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![4 => plausible, 1 => any_json()].boxed()
}

/// An object with `fields`, each present nine times in ten: close enough to the schema
/// that many pass, while every field can still be wrong or missing.
fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let (keys, values): (Vec<_>, Vec<_>) = fields
        .into_iter()
        .map(|(k, v)| (k, prop::option::weighted(0.9, v)))
        .unzip();
    values
        .prop_map(move |values| {
            let object: Map<String, Value> = keys
                .iter()
                .zip(values)
                .filter_map(|(k, v)| Some(((*k).to_owned(), v?)))
                .collect();
            Value::Object(object)
        })
        .boxed()
}

fn text(len: std::ops::Range<usize>) -> impl Strategy<Value = Value> {
    prop::collection::vec(prop::char::any(), len)
        .prop_map(|c| Value::from(c.into_iter().collect::<String>()))
}

fn int(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = Value> {
    prop_oneof![
        range.clone().prop_map(Value::from),
        range.prop_map(|n| json!(n as f64)),
    ]
}

fn near_order() -> impl Strategy<Value = Value> {
    let line = object(vec![
        ("sku", or_any(text(1..6))),
        ("discount", or_any(int(-7..=7))),
        (
            "tags",
            or_any(
                prop::option::of(prop::collection::vec(text(0..3), 0..3)).prop_map(|t| json!(t)),
            ),
        ),
    ]);
    let delivery = prop_oneof![
        object(vec![
            ("kind", or_any(Just(json!("pickup")))),
            ("store", or_any(int(-2..=5)))
        ]),
        object(vec![
            ("kind", or_any(Just(json!("courier")))),
            ("address", or_any(text(0..4))),
            ("express", or_any(any::<bool>().prop_map(Value::from))),
        ]),
    ];
    object(vec![
        ("name", or_any(text(0..10))),
        ("quantity", or_any(int(-1..=101))),
        (
            "note",
            or_any(prop::option::of(text(0..4)).prop_map(|n| json!(n))),
        ),
        (
            "lines",
            or_any(prop::collection::vec(line, 0..5).prop_map(Value::Array)),
        ),
        ("delivery", or_any(delivery)),
        ("extra", any_json().boxed()),
    ])
}

/// What a `match` route does with a part: whole floats become integers, then validation.
/// Whatever passes must deserialize, and its serialization must pass again and read back as
/// the same value.
fn check(schema: &CompiledSchema, value: &Value) -> Result<(), TestCaseError> {
    let bytes = serde_json::to_vec(value).unwrap();
    let mut value = value.clone();
    whole_floats_as_integers(&mut value);
    let value = &value;
    let violations = schema.violations("data", value);
    prop_assert_eq!(schema.is_valid(value), violations.is_empty());
    // The fast path, straight from the bytes, decides exactly as the `Value` path.
    prop_assert_eq!(schema.accepts_json(&bytes, 64), violations.is_empty());
    if !violations.is_empty() {
        return Ok(());
    }
    let order: Order = serde_json::from_value(value.clone())
        .map_err(|e| TestCaseError::fail(format!("valid {value} does not deserialize: {e}")))?;
    // Read from the tape, the same bytes give what serde_json reads from them.
    if let Ok(from_bytes) = serde_json::from_slice::<Order>(&bytes) {
        prop_assert_eq!(schema.read_json::<Order>(&bytes, 64), Some(from_bytes));
    }
    prop_assert!(
        schema.accepts_value(&order),
        "{value} read back is not accepted"
    );
    let again = serde_json::to_value(&order).unwrap();
    prop_assert!(
        schema.is_valid(&again),
        "{again} (from {value}) is no longer valid"
    );
    prop_assert_eq!(serde_json::from_value::<Order>(again).unwrap(), order);
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_json_never_panics_and_accepted_values_round_trip(value in any_json()) {
        let schema = CompiledSchema::of::<Order>().unwrap();
        check(&schema, &value)?;
    }

    #[test]
    fn near_valid_orders_are_accepted_only_when_they_round_trip(value in near_order()) {
        let schema = CompiledSchema::of::<Order>().unwrap();
        check(&schema, &value)?;
    }
}

#[test]
fn the_generator_reaches_valid_orders() {
    let schema = CompiledSchema::of::<Order>().unwrap();
    let valid = json!({
        "name": "a", "quantity": 1, "lines": [{"sku": "ab", "discount": -5}],
        "delivery": {"kind": "courier", "address": "x", "express": true}
    });
    assert!(schema.is_valid(&valid));
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = near_order();
    let accepted = (0..2000)
        .filter(|_| schema.is_valid(&strategy.new_tree(&mut runner).unwrap().current()))
        .count();
    assert!(accepted > 0, "no generated order passed validation");
}

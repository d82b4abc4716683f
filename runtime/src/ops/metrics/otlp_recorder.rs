//! A `metrics` recorder writing into OpenTelemetry instruments, so what bffkit and the app
//! record through the `metrics` facade is exported over OTLP too (beside `/metrics`, through
//! metrics-util's fan-out).
//!
//! Each series (a name and its labels) is an SDK instrument *bound* to its attributes when
//! it is first registered; recording then goes straight to the series' aggregator, with no
//! attribute lookup and no lock shared across series (a counter is an atomic add; a
//! histogram takes its own series' short mutex). Series are found through metrics-util's
//! sharded registry, as the Prometheus recorder finds its own.
//!
//! Counters are monotonic sums; gauges are up-down counters (the sum of their changes is
//! the value, so `increment`, `decrement` and `set` all hold); histograms use the same
//! buckets as `/metrics` for bffkit's latencies and batch sizes, the SDK's defaults
//! otherwise.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, RwLock};

use metrics::atomics::AtomicU64;
use metrics::{
    Counter, CounterFn, Gauge, GaugeFn, Histogram, HistogramFn, Key, KeyName, Metadata, Recorder,
    SharedString, Unit,
};
use metrics_util::registry::{Registry, Storage};
use opentelemetry::metrics::{BoundCounter, BoundHistogram, BoundUpDownCounter, Meter};
use opentelemetry::KeyValue;

/// The recorder: a registry of bound instruments.
pub(super) struct OtlpRecorder {
    registry: Registry<Key, Instruments>,
}

impl OtlpRecorder {
    pub(super) fn new(meter: Meter) -> OtlpRecorder {
        OtlpRecorder {
            registry: Registry::new(Instruments {
                meter,
                described: RwLock::default(),
                counters: Mutex::default(),
                gauges: Mutex::default(),
                histograms: Mutex::default(),
            }),
        }
    }
}

impl Recorder for OtlpRecorder {
    fn describe_counter(&self, key: KeyName, unit: Option<Unit>, description: SharedString) {
        self.registry.storage().describe(key, unit, description);
    }

    fn describe_gauge(&self, key: KeyName, unit: Option<Unit>, description: SharedString) {
        self.registry.storage().describe(key, unit, description);
    }

    fn describe_histogram(&self, key: KeyName, unit: Option<Unit>, description: SharedString) {
        self.registry.storage().describe(key, unit, description);
    }

    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        self.registry
            .get_or_create_counter(key, |c| Counter::from_arc(c.clone()))
    }

    fn register_gauge(&self, key: &Key, _: &Metadata<'_>) -> Gauge {
        self.registry
            .get_or_create_gauge(key, |g| Gauge::from_arc(g.clone()))
    }

    fn register_histogram(&self, key: &Key, _: &Metadata<'_>) -> Histogram {
        self.registry
            .get_or_create_histogram(key, |h| Histogram::from_arc(h.clone()))
    }
}

/// The instruments by name, made on a series' first registration (the registry keeps the
/// series, so these locks are never taken when recording).
struct Instruments {
    meter: Meter,
    described: RwLock<HashMap<String, (Option<Unit>, SharedString)>>,
    counters: Mutex<HashMap<String, opentelemetry::metrics::Counter<u64>>>,
    gauges: Mutex<HashMap<String, opentelemetry::metrics::UpDownCounter<f64>>>,
    histograms: Mutex<HashMap<String, opentelemetry::metrics::Histogram<f64>>>,
}

impl Instruments {
    fn describe(&self, key: KeyName, unit: Option<Unit>, description: SharedString) {
        let mut described = self.described.write().unwrap_or_else(|p| p.into_inner());
        described.insert(key.as_str().to_owned(), (unit, description));
    }

    /// The unit (UCUM, as OpenTelemetry writes it) and description given for `name`.
    fn description(&self, name: &str) -> (String, String) {
        let described = self.described.read().unwrap_or_else(|p| p.into_inner());
        let Some((unit, description)) = described.get(name) else {
            return (String::new(), String::new());
        };
        let unit = match unit {
            None | Some(Unit::Count) => "",
            Some(Unit::Seconds) => "s",
            Some(Unit::Milliseconds) => "ms",
            Some(Unit::Microseconds) => "us",
            Some(Unit::Nanoseconds) => "ns",
            Some(Unit::Bytes) => "By",
            Some(Unit::Percent) => "%",
            Some(other) => other.as_canonical_label(),
        };
        (unit.to_owned(), description.to_string())
    }
}

fn attributes(key: &Key) -> Vec<KeyValue> {
    key.labels()
        .map(|l| KeyValue::new(l.key().to_owned(), l.value().to_owned()))
        .collect()
}

/// The instrument called `name`, made once.
fn instrument<I: Clone>(
    made: &Mutex<HashMap<String, I>>,
    name: &str,
    make: impl FnOnce() -> I,
) -> I {
    let mut made = made.lock().unwrap_or_else(|p| p.into_inner());
    made.entry(name.to_owned()).or_insert_with(make).clone()
}

impl Storage<Key> for Instruments {
    type Counter = Arc<OtlpCounter>;
    type Gauge = Arc<OtlpGauge>;
    type Histogram = Arc<OtlpHistogram>;

    fn counter(&self, key: &Key) -> Arc<OtlpCounter> {
        let name = key.name();
        let counter = instrument(&self.counters, name, || {
            let (unit, description) = self.description(name);
            self.meter
                .u64_counter(name.to_owned())
                .with_unit(unit)
                .with_description(description)
                .build()
        });
        Arc::new(OtlpCounter {
            bound: counter.bind(&attributes(key)),
            absolute: AtomicU64::new(0),
        })
    }

    fn gauge(&self, key: &Key) -> Arc<OtlpGauge> {
        let name = key.name();
        let gauge = instrument(&self.gauges, name, || {
            let (unit, description) = self.description(name);
            self.meter
                .f64_up_down_counter(name.to_owned())
                .with_unit(unit)
                .with_description(description)
                .build()
        });
        Arc::new(OtlpGauge {
            bound: gauge.bind(&attributes(key)),
            value: AtomicU64::new(0f64.to_bits()),
        })
    }

    fn histogram(&self, key: &Key) -> Arc<OtlpHistogram> {
        let name = key.name();
        let histogram = instrument(&self.histograms, name, || {
            let (unit, description) = self.description(name);
            let mut builder = self
                .meter
                .f64_histogram(name.to_owned())
                .with_unit(unit)
                .with_description(description);
            if let Some(buckets) = super::buckets(name) {
                builder = builder.with_boundaries(buckets.to_vec());
            }
            builder.build()
        });
        Arc::new(OtlpHistogram {
            bound: histogram.bind(&attributes(key)),
        })
    }
}

pub(super) struct OtlpCounter {
    bound: BoundCounter<u64>,
    /// The last value given to `absolute`, which the OTLP sum follows by its increase.
    absolute: AtomicU64,
}

impl CounterFn for OtlpCounter {
    fn increment(&self, value: u64) {
        self.bound.add(value);
    }

    fn absolute(&self, value: u64) {
        let before = self.absolute.fetch_max(value, Ordering::Relaxed);
        if value > before {
            self.bound.add(value - before);
        }
    }
}

pub(super) struct OtlpGauge {
    bound: BoundUpDownCounter<f64>,
    /// The value (`f64` bits), for `set` to add its difference.
    value: AtomicU64,
}

impl GaugeFn for OtlpGauge {
    fn increment(&self, value: f64) {
        GaugeFn::increment(&self.value, value);
        self.bound.add(value);
    }

    fn decrement(&self, value: f64) {
        GaugeFn::decrement(&self.value, value);
        self.bound.add(-value);
    }

    fn set(&self, value: f64) {
        let before = f64::from_bits(self.value.swap(value.to_bits(), Ordering::Relaxed));
        self.bound.add(value - before);
    }
}

pub(super) struct OtlpHistogram {
    bound: BoundHistogram<f64>,
}

impl HistogramFn for OtlpHistogram {
    fn record(&self, value: f64) {
        self.bound.record(value);
    }
}

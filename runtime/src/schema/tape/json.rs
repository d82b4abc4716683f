//! The tape as a `jsonschema` instance representation.

use std::borrow::Cow;

use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use jsonschema::JsonType;
use serde_json::{Map, Number, Value};

use super::Entry;

/// Validators built with `jsonschema::options_for::<TapeJson>()` read tapes.
pub(crate) struct TapeJson;

impl Json for TapeJson {
    type Node<'a> = TapeNode<'a>;
    type PreparedKey = Box<str>;
    // Lookups scan the members, so a members pass replacing a few of them is cheaper.
    const KEYS_PER_LOOKUP: usize = 8;
    type StringBuffer = Vec<Entry<'static>>;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>(
        buffer: &mut Vec<Entry<'static>>,
        string: &str,
        f: impl FnOnce(TapeNode<'_>) -> T,
    ) -> T {
        buffer.clear();
        buffer.push(Entry::String(Cow::Owned(string.to_owned())));
        f(TapeNode::new(buffer, 0))
    }
}

/// One value on a tape.
#[derive(Clone, Copy)]
pub(crate) struct TapeNode<'a> {
    entries: &'a [Entry<'a>],
    at: usize,
}

impl<'a> TapeNode<'a> {
    pub(super) fn new(entries: &'a [Entry<'a>], at: usize) -> TapeNode<'a> {
        TapeNode { entries, at }
    }

    pub(super) fn entry(&self) -> &'a Entry<'a> {
        &self.entries[self.at]
    }

    pub(super) fn entries(&self) -> &'a [Entry<'a>] {
        self.entries
    }

    pub(super) fn index(&self) -> usize {
        self.at
    }

    /// An array's elements (none for anything else).
    pub(super) fn elements(&self) -> Elements<'a> {
        match self.as_array() {
            Some(array) => array.elements(),
            None => Elements {
                entries: self.entries,
                next: 0,
                end: 0,
                remaining: 0,
            },
        }
    }

    /// An object's members (none for anything else).
    pub(super) fn members(&self) -> Members<'a> {
        match self.as_object() {
            Some(object) => object.members(),
            None => Members {
                entries: self.entries,
                next: 0,
                end: 0,
            },
        }
    }

    /// What the value is, for messages.
    pub(super) fn kind(&self) -> &'static str {
        match self.entry() {
            Entry::Null => "null",
            Entry::Bool(_) => "a boolean",
            Entry::Number(_) => "a number",
            Entry::String(_) | Entry::Key(_) => "a string",
            Entry::Array { .. } => "an array",
            Entry::Object { .. } => "an object",
        }
    }

    /// The index just past this value.
    fn end(&self) -> usize {
        match self.entry() {
            Entry::Array { end, .. } | Entry::Object { end, .. } => *end as usize,
            _ => self.at + 1,
        }
    }
}

impl<'a> Node<'a, TapeJson> for TapeNode<'a> {
    type Object = TapeObject<'a>;
    type Array = TapeArray<'a>;
    type Number = TapeNumber<'a>;

    fn as_object(&self) -> Option<TapeObject<'a>> {
        match self.entry() {
            Entry::Object { len, end } => Some(TapeObject {
                entries: self.entries,
                first: self.at + 1,
                end: *end as usize,
                len: *len as usize,
            }),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TapeArray<'a>> {
        match self.entry() {
            Entry::Array { len, end } => Some(TapeArray {
                entries: self.entries,
                first: self.at + 1,
                end: *end as usize,
                len: *len as usize,
            }),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self.entry() {
            Entry::String(text) => Some(Cow::Borrowed(text.as_ref())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<TapeNumber<'a>> {
        match self.entry() {
            Entry::Number(number) => Some(TapeNumber(number)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.entry() {
            Entry::Bool(value) => Some(*value),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.entry(), Entry::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.entry() {
            Entry::Null => JsonType::Null,
            Entry::Bool(_) => JsonType::Boolean,
            Entry::Number(_) => JsonType::Number,
            Entry::String(_) | Entry::Key(_) => JsonType::String,
            Entry::Array { .. } => JsonType::Array,
            Entry::Object { .. } => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        // `enum` and `const` of scalars without building a `Value`.
        match (self.entry(), expected) {
            (Entry::String(text), Value::String(other)) => text == other,
            (Entry::String(_), _) => false,
            (Entry::Bool(value), Value::Bool(other)) => value == other,
            (Entry::Null, Value::Null) => true,
            (Entry::Bool(_) | Entry::Null, _) => false,
            _ => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(to_value(*self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        // Every node lives at its own index of one tape.
        let index = u32::try_from(self.at).ok()?;
        Some(NodeIdentity::tagged(self.entries.as_ptr() as usize, index))
    }
}

fn to_value(node: TapeNode<'_>) -> Value {
    match node.entry() {
        Entry::Null => Value::Null,
        Entry::Bool(value) => Value::Bool(*value),
        Entry::Number(number) => Value::Number(number.clone()),
        Entry::String(text) | Entry::Key(text) => Value::String(text.to_string()),
        Entry::Array { .. } => Value::Array(
            node.as_array()
                .map(|array| array.elements().map(to_value).collect())
                .unwrap_or_default(),
        ),
        Entry::Object { .. } => Value::Object(
            node.as_object()
                .map(|object| {
                    object
                        .members()
                        .map(|(name, value)| (name.to_owned(), to_value(value)))
                        .collect::<Map<String, Value>>()
                })
                .unwrap_or_default(),
        ),
    }
}

/// A number on a tape.
pub(crate) struct TapeNumber<'a>(&'a Number);

impl JsonNumber for TapeNumber<'_> {
    fn as_u64(&self) -> Option<u64> {
        self.0.as_u64()
    }

    fn as_i64(&self) -> Option<i64> {
        self.0.as_i64()
    }

    fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }

    fn to_number(&self) -> Cow<'_, Number> {
        Cow::Borrowed(self.0)
    }

    fn is_written_as_integer(&self) -> bool {
        // serde_json keeps integer literals as integers and everything else as `f64`.
        !self.0.is_f64()
    }
}

/// An object's `Key, value` pairs on a tape.
#[derive(Clone, Copy)]
pub(crate) struct TapeObject<'a> {
    entries: &'a [Entry<'a>],
    first: usize,
    end: usize,
    len: usize,
}

impl<'a> Object<'a, TapeJson> for TapeObject<'a> {
    type Node = TapeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, key: &Box<str>) -> Option<TapeNode<'a>> {
        self.members()
            .find(|(name, _)| *name == key.as_ref())
            .map(|(_, value)| value)
    }

    fn members(&self) -> Members<'a> {
        Members {
            entries: self.entries,
            next: self.first,
            end: self.end,
        }
    }
}

/// See [`TapeObject`].
pub(crate) struct Members<'a> {
    entries: &'a [Entry<'a>],
    next: usize,
    end: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, TapeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let Entry::Key(name) = &self.entries[self.next] else {
            return None;
        };
        let value = TapeNode::new(self.entries, self.next + 1);
        self.next = value.end();
        Some((name.as_ref(), value))
    }
}

/// An array's elements on a tape.
#[derive(Clone, Copy)]
pub(crate) struct TapeArray<'a> {
    entries: &'a [Entry<'a>],
    first: usize,
    end: usize,
    len: usize,
}

impl<'a> Array<'a, TapeJson> for TapeArray<'a> {
    type Node = TapeNode<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        self.len
    }

    fn elements(&self) -> Elements<'a> {
        Elements {
            entries: self.entries,
            next: self.first,
            end: self.end,
            remaining: self.len,
        }
    }
}

/// See [`TapeArray`].
pub(crate) struct Elements<'a> {
    entries: &'a [Entry<'a>],
    next: usize,
    end: usize,
    pub(super) remaining: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = TapeNode<'a>;

    fn next(&mut self) -> Option<TapeNode<'a>> {
        if self.next >= self.end {
            return None;
        }
        let node = TapeNode::new(self.entries, self.next);
        self.next = node.end();
        self.remaining -= 1;
        Some(node)
    }
}

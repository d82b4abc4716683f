//! Writing a value straight onto a tape, for checking a response before it is sent: the
//! tape is the one parsing `serde_json::to_vec(value)` would give, without the parse.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{
    Impossible, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant,
    SerializeTuple, SerializeTupleStruct, SerializeTupleVariant, Serializer,
};
use serde::Serialize;
use serde_json::Number;

use super::{has_duplicates, Entry, Tape};

/// Why a value has no tape: serde_json could not write it either, or its tape would
/// hold duplicate keys. The slow path reports it.
#[derive(Debug)]
pub(crate) struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no tape for this value")
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Error
    }
}

impl Tape<'static> {
    /// `value`'s document.
    pub(crate) fn of<T: Serialize + ?Sized>(value: &T) -> Result<Tape<'static>, Error> {
        let mut writer = Writer {
            entries: Vec::with_capacity(16),
        };
        value.serialize(&mut writer)?;
        Ok(Tape {
            entries: writer.entries,
        })
    }
}

struct Writer {
    entries: Vec<Entry<'static>>,
}

impl Writer {
    fn push(&mut self, entry: Entry<'static>) -> Result<(), Error> {
        self.entries.push(entry);
        Ok(())
    }

    fn open(&mut self, entry: Entry<'static>) -> Container<'_> {
        self.entries.push(entry);
        Container {
            at: self.entries.len() - 1,
            count: 0,
            keys: Vec::new(),
            variant: false,
            writer: self,
        }
    }

    /// `{"Variant": ...}`, as serde_json writes externally tagged variants.
    fn open_variant(&mut self, variant: &'static str, inner: Entry<'static>) -> Container<'_> {
        self.entries.push(Entry::Object { len: 1, end: 0 });
        self.entries.push(Entry::Key(Cow::Borrowed(variant)));
        let mut container = self.open(inner);
        container.variant = true;
        container
    }
}

/// An array or object being written; `close` fills in its length and end.
struct Container<'w> {
    writer: &'w mut Writer,
    at: usize,
    count: usize,
    keys: Vec<usize>,
    /// Inside a `{"Variant": ...}` object, which ends with it.
    variant: bool,
}

impl Container<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.count += 1;
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.keys.push(self.writer.entries.len());
        self.writer.entries.push(Entry::Key(Cow::Borrowed(key)));
        self.element(value)
    }

    fn close(self) -> Result<(), Error> {
        let entries = &mut self.writer.entries;
        if has_duplicates(entries, &self.keys) {
            return Err(Error);
        }
        let len = u32::try_from(self.count).map_err(|_| Error)?;
        let end = u32::try_from(entries.len()).map_err(|_| Error)?;
        match &mut entries[self.at] {
            Entry::Array { len: l, end: e } | Entry::Object { len: l, end: e } => {
                (*l, *e) = (len, end);
            }
            _ => return Err(Error),
        }
        if self.variant {
            match &mut entries[self.at - 2] {
                Entry::Object { end: e, .. } => *e = end,
                _ => return Err(Error),
            }
        }
        Ok(())
    }
}

fn number(n: impl Into<Number>) -> Entry<'static> {
    Entry::Number(n.into())
}

/// A float as serde_json writes it and reads it back: non-finite ones are `null`.
fn float(value: f64) -> Entry<'static> {
    Number::from_f64(value).map_or(Entry::Null, Entry::Number)
}

impl<'w> Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Container<'w>;
    type SerializeTuple = Container<'w>;
    type SerializeTupleStruct = Container<'w>;
    type SerializeTupleVariant = Container<'w>;
    type SerializeMap = Container<'w>;
    type SerializeStruct = Container<'w>;
    type SerializeStructVariant = Container<'w>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.push(Entry::Bool(v))
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(n), _) => self.push(number(n)),
            (_, Ok(n)) => self.push(number(n)),
            // serde_json reads a literal this long back as a float.
            _ => self.push(float(v as f64)),
        }
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.push(number(v))
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(n) => self.push(number(n)),
            Err(_) => self.push(float(v as f64)),
        }
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // serde_json writes the shortest text that reads back as this f32; read as f64,
        // that text is not `v as f64`.
        if !v.is_finite() {
            return self.push(Entry::Null);
        }
        let text = serde_json::to_string(&v).map_err(|_| Error)?;
        let parsed: f64 = text.parse().map_err(|_| Error)?;
        self.push(float(parsed))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.push(float(v))
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.push(Entry::String(Cow::Owned(v.to_string())))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.push(Entry::String(Cow::Owned(v.to_owned())))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut array = self.open(Entry::Array { len: 0, end: 0 });
        for byte in v {
            array.element(byte)?;
        }
        array.close()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.push(Entry::Null)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.push(Entry::Null)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.push(Entry::Null)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.push(Entry::String(Cow::Borrowed(variant)))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let at = self.entries.len();
        self.entries.push(Entry::Object { len: 1, end: 0 });
        self.entries.push(Entry::Key(Cow::Borrowed(variant)));
        value.serialize(&mut *self)?;
        let end = u32::try_from(self.entries.len()).map_err(|_| Error)?;
        if let Entry::Object { end: e, .. } = &mut self.entries[at] {
            *e = end;
        }
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Container<'w>, Error> {
        Ok(self.open(Entry::Array { len: 0, end: 0 }))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Container<'w>, Error> {
        Ok(self.open(Entry::Array { len: 0, end: 0 }))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Container<'w>, Error> {
        Ok(self.open(Entry::Array { len: 0, end: 0 }))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Container<'w>, Error> {
        Ok(self.open_variant(variant, Entry::Array { len: 0, end: 0 }))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Container<'w>, Error> {
        Ok(self.open(Entry::Object { len: 0, end: 0 }))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Container<'w>, Error> {
        Ok(self.open(Entry::Object { len: 0, end: 0 }))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Container<'w>, Error> {
        Ok(self.open_variant(variant, Entry::Object { len: 0, end: 0 }))
    }
}

/// Arrays (sequences, tuples, tuple structs and variants) take elements.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl $trait for Container<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Structs and struct variants take named fields.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl $trait for Container<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl SerializeMap for Container<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.keys.push(self.writer.entries.len());
        let key = key.serialize(KeyWriter)?;
        self.writer.entries.push(Entry::Key(Cow::Owned(key)));
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// Map keys as serde_json writes them: strings, and numbers, bools and chars as text.
struct KeyWriter;

/// Key methods that write the value as text.
macro_rules! as_text {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<String, Error> {
            Ok(v.to_string())
        }
    )*};
}

impl Serializer for KeyWriter {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Impossible<String, Error>;
    type SerializeTuple = Impossible<String, Error>;
    type SerializeTupleStruct = Impossible<String, Error>;
    type SerializeTupleVariant = Impossible<String, Error>;
    type SerializeMap = Impossible<String, Error>;
    type SerializeStruct = Impossible<String, Error>;
    type SerializeStructVariant = Impossible<String, Error>;

    as_text!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
        serialize_char: char
    );

    fn serialize_f32(self, _v: f32) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_f64(self, _v: f64) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_owned())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_none(self) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_unit(self) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, Error> {
        Ok(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, Error> {
        Err(Error)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(Error)
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Error)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error)
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(Error)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error)
    }
}

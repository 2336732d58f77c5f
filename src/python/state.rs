//! A serde data format whose values are Python objects (`None`, `bool`, `int`,
//! `float`, `str`, `bytes`, `list`, `dict`).
//!
//! This is what pickles a `Dataset`: serde turns the Rust value into plain
//! Python containers, which pickle stores natively, and back again. It needs
//! no serialisation crate beyond `serde` itself.
//!
//! Mapping: structs become lists of their field values in declaration order
//! (compact; the pickled state carries a format tag, so field order is fixed
//! for a given format); maps become dicts; sequences and tuples become lists;
//! unit enum variants become their name; other variants become
//! `{name: value}`; `Option::None` and `()` become `None`. Equal short strings
//! (identifiers, dates, codes) are shared, so pickle stores each once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Display;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeSeed, Visitor};
use serde::ser::{self, Serialize};

/// Why a value could not be converted.
#[derive(Debug)]
pub(crate) struct StateError(pub String);

impl Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StateError {}

impl ser::Error for StateError {
    fn custom<T: Display>(msg: T) -> Self {
        StateError(msg.to_string())
    }
}

impl de::Error for StateError {
    fn custom<T: Display>(msg: T) -> Self {
        StateError(msg.to_string())
    }
}

impl From<PyErr> for StateError {
    fn from(e: PyErr) -> Self {
        StateError(e.to_string())
    }
}

/// Converts `value` to plain Python objects.
pub(crate) fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> Result<Bound<'py, PyAny>, StateError> {
    let strings = RefCell::new(HashMap::new());
    value.serialize(ToPy { py, strings: &strings })
}

/// Rebuilds a value from the plain Python objects [`to_python`] made.
pub(crate) fn from_python<T: de::DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, StateError> {
    T::deserialize(FromPy(obj))
}

/// What `__reduce__` returns: the rebuilding callable and its one argument.
pub(crate) type Reduced<'py> = (Bound<'py, PyAny>, (Bound<'py, PyTuple>,));

/// `__reduce__` for a Rust-backed object: `rebuild((format, version, payload))`,
/// where `rebuild` names a function in `sufficiency._sufficiency`.
pub(crate) fn reduce<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    rebuild: &str,
    format: &str,
    what: &str,
    value: &T,
) -> PyResult<Reduced<'py>> {
    crate::python::errors::guarded(|| {
        let payload = to_python(py, value).map_err(|e| {
            crate::python::errors::SufficiencyError::new_err(format!("could not pickle the {what}: {e}"))
        })?;
        let state = PyTuple::new(
            py,
            [PyString::new(py, format).into_any(), PyString::new(py, env!("CARGO_PKG_VERSION")).into_any(), payload],
        )?;
        let rebuild = py.import("sufficiency._sufficiency")?.getattr(rebuild)?;
        Ok((rebuild, (state,)))
    })
}

/// The value in a pickled payload, or an error telling the user to rebuild it.
pub(crate) fn restore<T: de::DeserializeOwned>(payload: &Bound<'_, PyAny>, what: &str, version: &str) -> PyResult<T> {
    from_python(payload).map_err(|e| {
        crate::python::errors::SufficiencyError::new_err(format!(
            "this {what} was pickled by sufficiency {version} and cannot be read by sufficiency {} ({e}); build it again",
            env!("CARGO_PKG_VERSION")
        ))
    })
}

// ---------------------------------------------------------------- serialising

/// Strings up to this length are shared between equal values.
const SHARED_STRING_MAX: usize = 64;

type Strings<'py> = RefCell<HashMap<Box<str>, Bound<'py, PyString>>>;

#[derive(Clone, Copy)]
struct ToPy<'a, 'py> {
    py: Python<'py>,
    strings: &'a Strings<'py>,
}

impl<'py> ToPy<'_, 'py> {
    fn string(&self, v: &str) -> Bound<'py, PyAny> {
        if v.len() > SHARED_STRING_MAX {
            return PyString::new(self.py, v).into_any();
        }
        let mut strings = self.strings.borrow_mut();
        if let Some(s) = strings.get(v) {
            return s.clone().into_any();
        }
        let s = PyString::new(self.py, v);
        strings.insert(v.into(), s.clone());
        s.into_any()
    }
}

fn key<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyAny> {
    PyString::intern(py, name).into_any()
}

fn tagged<'py>(py: Python<'py>, variant: &str, value: Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>, StateError> {
    let d = PyDict::new(py);
    d.set_item(key(py, variant), value)?;
    Ok(d.into_any())
}

impl<'a, 'py> ser::Serializer for ToPy<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    type SerializeSeq = SeqOut<'a, 'py>;
    type SerializeTuple = SeqOut<'a, 'py>;
    type SerializeTupleStruct = SeqOut<'a, 'py>;
    type SerializeTupleVariant = SeqOut<'a, 'py>;
    type SerializeMap = MapOut<'a, 'py>;
    type SerializeStruct = SeqOut<'a, 'py>;
    type SerializeStructVariant = SeqOut<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, StateError> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, StateError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, StateError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, StateError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, StateError> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok, StateError> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, StateError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, StateError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, StateError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, StateError> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok, StateError> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, StateError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok, StateError> {
        Ok(PyFloat::new(self.py, v).into_any())
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, StateError> {
        self.serialize_str(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, StateError> {
        Ok(self.string(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, StateError> {
        Ok(PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok, StateError> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, StateError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, StateError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok, StateError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, StateError> {
        Ok(key(self.py, variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok, StateError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok, StateError> {
        tagged(self.py, variant, value.serialize(self)?)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqOut<'a, 'py>, StateError> {
        Ok(SeqOut { to: self, items: Vec::with_capacity(len.unwrap_or(0)), variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqOut<'a, 'py>, StateError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqOut<'a, 'py>, StateError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqOut<'a, 'py>, StateError> {
        Ok(SeqOut { to: self, items: Vec::with_capacity(len), variant: Some(variant) })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapOut<'a, 'py>, StateError> {
        Ok(MapOut { to: self, dict: PyDict::new(self.py), key: None })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<SeqOut<'a, 'py>, StateError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqOut<'a, 'py>, StateError> {
        Ok(SeqOut { to: self, items: Vec::with_capacity(len), variant: Some(variant) })
    }
}

/// A list being built (a sequence, tuple or struct, or a variant's fields).
struct SeqOut<'a, 'py> {
    to: ToPy<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> SeqOut<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), StateError> {
        self.items.push(value.serialize(self.to)?);
        Ok(())
    }

    fn finish(self) -> Result<Bound<'py, PyAny>, StateError> {
        let py = self.to.py;
        let list = PyList::new(py, self.items)?.into_any();
        match self.variant {
            Some(v) => tagged(py, v, list),
            None => Ok(list),
        }
    }
}

impl<'py> ser::SerializeSeq for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), StateError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, StateError> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), StateError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, StateError> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), StateError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, StateError> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleVariant for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), StateError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, StateError> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _name: &'static str, value: &T) -> Result<(), StateError> {
        self.push(value)
    }
    /// Fields are positional, so a field left out (`skip_serializing_if`)
    /// would shift the others: refuse rather than write a state that reads back wrong.
    fn skip_field(&mut self, name: &'static str) -> Result<(), StateError> {
        Err(StateError(format!("field {name} was skipped, which this positional format cannot represent")))
    }
    fn end(self) -> Result<Self::Ok, StateError> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for SeqOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _name: &'static str, value: &T) -> Result<(), StateError> {
        self.push(value)
    }
    fn skip_field(&mut self, name: &'static str) -> Result<(), StateError> {
        Err(StateError(format!("field {name} was skipped, which this positional format cannot represent")))
    }
    fn end(self) -> Result<Self::Ok, StateError> {
        self.finish()
    }
}

/// A dict being built (a map).
struct MapOut<'a, 'py> {
    to: ToPy<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for MapOut<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = StateError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), StateError> {
        self.key = Some(k.serialize(self.to)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), StateError> {
        let k = self.key.take().ok_or_else(|| StateError("a map value came before its key".into()))?;
        self.dict.set_item(k, value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, StateError> {
        Ok(self.dict.into_any())
    }
}

// -------------------------------------------------------------- deserialising

struct FromPy<'a, 'py>(&'a Bound<'py, PyAny>);

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_string())
}

impl<'de> de::Deserializer<'de> for FromPy<'_, '_> {
    type Error = StateError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, StateError> {
        let obj = self.0;
        if obj.is_none() {
            visitor.visit_unit()
        } else if let Ok(b) = obj.cast::<PyBool>() {
            visitor.visit_bool(b.is_true())
        } else if obj.is_instance_of::<PyInt>() {
            match obj.extract::<i64>() {
                Ok(i) => visitor.visit_i64(i),
                Err(_) => visitor.visit_u64(obj.extract::<u64>()?),
            }
        } else if let Ok(f) = obj.cast::<PyFloat>() {
            visitor.visit_f64(f.value())
        } else if let Ok(s) = obj.cast::<PyString>() {
            visitor.visit_str(&s.to_cow()?)
        } else if let Ok(b) = obj.cast::<PyBytes>() {
            visitor.visit_bytes(b.as_bytes())
        } else if let Ok(l) = obj.cast::<PyList>() {
            visit_items(visitor, l.iter().collect())
        } else if let Ok(t) = obj.cast::<PyTuple>() {
            visit_items(visitor, t.iter().collect())
        } else if let Ok(d) = obj.cast::<PyDict>() {
            let mut access = MapIn { items: d.iter().collect::<Vec<_>>().into_iter(), value: None };
            let value = visitor.visit_map(&mut access)?;
            match access.items.len() {
                0 => Ok(value),
                n => Err(de::Error::invalid_length(n, &"fewer entries")),
            }
        } else {
            Err(StateError(format!("unexpected {} in the saved state", type_name(obj))))
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, StateError> {
        if self.0.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, StateError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, StateError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, StateError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, StateError> {
        let obj = self.0;
        if let Ok(s) = obj.cast::<PyString>() {
            return visitor.visit_enum(EnumIn { variant: s.to_cow()?.into_owned(), value: None });
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            if d.len() == 1 {
                if let Some((k, v)) = d.iter().next() {
                    let variant =
                        k.cast::<PyString>().map_err(|_| StateError("an enum variant name is not a str".into()))?;
                    return visitor.visit_enum(EnumIn { variant: variant.to_cow()?.into_owned(), value: Some(v) });
                }
            }
        }
        Err(StateError(format!("expected an enum variant, found {}", type_name(obj))))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf seq tuple tuple_struct map struct identifier ignored_any
    }
}

fn visit_items<'de, V: Visitor<'de>>(visitor: V, items: Vec<Bound<'_, PyAny>>) -> Result<V::Value, StateError> {
    let mut access = SeqIn { items: items.into_iter() };
    let value = visitor.visit_seq(&mut access)?;
    match access.items.len() {
        0 => Ok(value),
        n => Err(de::Error::invalid_length(n, &"fewer elements")),
    }
}

struct SeqIn<'py> {
    items: std::vec::IntoIter<Bound<'py, PyAny>>,
}

impl<'de> de::SeqAccess<'de> for SeqIn<'_> {
    type Error = StateError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, StateError> {
        match self.items.next() {
            Some(item) => seed.deserialize(FromPy(&item)).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapIn<'py> {
    items: std::vec::IntoIter<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    value: Option<Bound<'py, PyAny>>,
}

impl<'de> de::MapAccess<'de> for MapIn<'_> {
    type Error = StateError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, StateError> {
        match self.items.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(FromPy(&k)).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, StateError> {
        let v = self.value.take().ok_or_else(|| StateError("a map key has no value".into()))?;
        seed.deserialize(FromPy(&v))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct EnumIn<'py> {
    variant: String,
    value: Option<Bound<'py, PyAny>>,
}

impl<'de, 'py> de::EnumAccess<'de> for EnumIn<'py> {
    type Error = StateError;
    type Variant = VariantIn<'py>;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, VariantIn<'py>), StateError> {
        use de::IntoDeserializer;
        let name: de::value::StringDeserializer<StateError> = self.variant.into_deserializer();
        Ok((seed.deserialize(name)?, VariantIn { value: self.value }))
    }
}

struct VariantIn<'py> {
    value: Option<Bound<'py, PyAny>>,
}

impl VariantIn<'_> {
    fn value(&self) -> Result<&Bound<'_, PyAny>, StateError> {
        self.value.as_ref().ok_or_else(|| StateError("an enum variant with data was saved without it".into()))
    }
}

impl<'de> de::VariantAccess<'de> for VariantIn<'_> {
    type Error = StateError;
    fn unit_variant(self) -> Result<(), StateError> {
        match self.value {
            None => Ok(()),
            Some(v) if v.is_none() => Ok(()),
            Some(_) => Err(StateError("a unit enum variant was saved with data".into())),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, StateError> {
        seed.deserialize(FromPy(self.value()?))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, StateError> {
        de::Deserializer::deserialize_any(FromPy(self.value()?), visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, StateError> {
        de::Deserializer::deserialize_any(FromPy(self.value()?), visitor)
    }
}

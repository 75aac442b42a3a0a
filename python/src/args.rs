//! Argument helpers shared by the bindings: every bad number is a `ValueError` (or `TypeError`
//! for a wrong type) naming the argument, never an `OverflowError`; ids resolve to indices.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};

use crate::errors::{InvalidValueError, UnknownIdError};

/// The type name of a Python object, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

/// An integer in `[0, max]`: `TypeError` for a non-integer (bools, floats and numeric strings
/// included), `ValueError` naming `name` for a value out of range.
pub fn bounded_int(obj: &Bound<'_, PyAny>, name: &str, max: u64) -> PyResult<u64> {
    if obj.is_instance_of::<PyBool>()
        || obj.is_instance_of::<PyFloat>()
        || obj.is_instance_of::<PyString>()
    {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an integer, got {} {}",
            type_name(obj),
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        )));
    }
    let int = obj
        .call_method0("__index__")
        .map_err(|_| {
            PyTypeError::new_err(format!("{name} must be an integer, got {}", type_name(obj)))
        })?
        .downcast_into::<PyInt>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be an integer")))?;
    match int.extract::<i128>() {
        Ok(v) if v >= 0 && (v as u128) <= u128::from(max) => Ok(v as u64),
        _ => Err(InvalidValueError::new_err(format!(
            "{name} must be an integer in [0, {max}], got {}",
            int.repr().map(|r| r.to_string()).unwrap_or_default()
        ))),
    }
}

/// A seed: an integer in `[0, 2**64)`, `None` meaning the default 0.
pub fn seed(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<u64> {
    match obj {
        None => Ok(0),
        Some(o) if o.is_none() => Ok(0),
        Some(o) => bounded_int(o, name, u64::MAX),
    }
}

/// A finite float (`TypeError` for non-numbers, `ValueError` for NaN / infinity).
pub fn finite(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a real number, got {}",
            type_name(obj)
        )));
    }
    let v: f64 = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a real number, got {}",
            type_name(obj)
        ))
    })?;
    if !v.is_finite() {
        return Err(InvalidValueError::new_err(format!(
            "{name} must be a finite number, got {v}"
        )));
    }
    Ok(v)
}

/// Iterate a sequence argument: a `TypeError` naming `name` when it is not iterable.
pub fn iter<'py>(
    obj: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
    obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!("{name} must be a sequence, got {}", type_name(obj)))
    })
}

/// A sequence of loads / sizes, each in `[0, 2**32)`, naming `name[k]` when one is bad.
pub fn u32_list(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u32>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a sequence of integers, got str"
        )));
    }
    let mut out = Vec::new();
    for (k, item) in iter(obj, name)?.enumerate() {
        let v = bounded_int(&item?, &format!("{name}[{k}]"), u64::from(u32::MAX))?;
        out.push(v as u32);
    }
    Ok(out)
}

/// Resolve one end of a pair: an index below `n`, or an id among `ids`.
fn resolve(
    obj: &Bound<'_, PyAny>,
    ids: Option<&[String]>,
    n: usize,
    name: &str,
    side: &str,
) -> PyResult<usize> {
    if let Ok(s) = obj.downcast::<PyString>() {
        let id = s.to_str()?;
        let Some(ids) = ids else {
            return Err(PyTypeError::new_err(format!(
                "{name}: {side} {id:?} is an id but the problem has no {side} ids"
            )));
        };
        return ids.iter().position(|x| x == id).ok_or_else(|| {
            UnknownIdError::new_err(format!("unknown id {id:?} in {name} ({side})"))
        });
    }
    let v = bounded_int(obj, &format!("{name} ({side} index)"), u64::MAX)?;
    if v >= n as u64 {
        return Err(InvalidValueError::new_err(format!(
            "{name}: {side} index {v} is out of range (there are {n})"
        )));
    }
    Ok(v as usize)
}

/// `(mentee, mentor)` pairs given by index or by id.
pub fn pairs(
    obj: &Bound<'_, PyAny>,
    name: &str,
    mentee_ids: Option<&[String]>,
    mentor_ids: Option<&[String]>,
    shape: (usize, usize),
) -> PyResult<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for item in iter(obj, name)? {
        let item = item?;
        let (a, b): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{name} must hold (mentee, mentor) pairs, got {}",
                type_name(&item)
            ))
        })?;
        out.push((
            resolve(&a, mentee_ids, shape.0, name, "mentee")?,
            resolve(&b, mentor_ids, shape.1, name, "mentor")?,
        ));
    }
    Ok(out)
}

/// Parse an enum option through the core's `FromStr`, as a `ValueError` naming the argument.
pub fn parse_enum<T: std::str::FromStr<Err = nastavnik::Error>>(
    value: &str,
    name: &str,
) -> PyResult<T> {
    value
        .parse::<T>()
        .map_err(|e| InvalidValueError::new_err(format!("{name}: {e}")))
}

/// Refuse the keywords a function collected in `**kwargs`: each is a `TypeError` like Python's
/// own for an unexpected keyword, naming the current spelling when the keyword is an old one
/// (`renamed` maps old to new). No silent aliases: the old spelling never works.
pub fn no_old_keywords(
    func: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
    renamed: &[(&str, &str)],
) -> PyResult<()> {
    let Some(kwargs) = kwargs else { return Ok(()) };
    if let Some((key, _)) = kwargs.iter().next() {
        let key = key.str().map(|k| k.to_string()).unwrap_or_default();
        return Err(PyTypeError::new_err(
            match renamed.iter().find(|(old, _)| *old == key) {
                Some((_, new)) => format!(
                    "{func}() got an unexpected keyword argument '{key}': it is now spelled '{new}'"
                ),
                None => format!("{func}() got an unexpected keyword argument '{key}'"),
            },
        ));
    }
    Ok(())
}

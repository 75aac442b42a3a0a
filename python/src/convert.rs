//! numpy ↔ ndarray conversion: inputs copied into owned contiguous arrays (so the GIL can be
//! released), outputs handed to numpy without copying.

use ndarray::{Array2, ArrayView2};
use numpy::{
    AllowTypeChange, PyArrayDescrMethods, PyArrayLike2, PyArrayMethods, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

/// A 2-D float input in its own precision: float32 stays float32, everything else becomes float64.
pub enum Floats {
    F32(Array2<f32>),
    F64(Array2<f64>),
}

impl Floats {
    /// `(rows, columns)` of the matrix, whatever its precision.
    pub fn dim(&self) -> (usize, usize) {
        match self {
            Floats::F32(a) => a.dim(),
            Floats::F64(a) => a.dim(),
        }
    }
}

/// Numbers only: numpy arrays of another dtype and Python sequences that numpy would read as
/// strings or objects (numeric strings such as `"3"`, `None`, mixed types) are a `TypeError`,
/// instead of being parsed by numpy's casting.
fn check_kind(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<()> {
    let converted;
    let arr = match obj.downcast::<numpy::PyUntypedArray>() {
        Ok(arr) => arr,
        Err(_) => {
            // a list (or other array-like): look at the dtype numpy infers without casting;
            // when numpy cannot read it at all, the extraction below reports the error
            let Ok(a) = obj
                .py()
                .import("numpy")
                .and_then(|np| np.call_method1("asarray", (obj,)))
            else {
                return Ok(());
            };
            converted = a;
            match converted.downcast::<numpy::PyUntypedArray>() {
                Ok(arr) => arr,
                Err(_) => return Ok(()),
            }
        }
    };
    let kind = arr.dtype().kind();
    if !matches!(kind, b'f' | b'i' | b'u' | b'b') {
        return Err(PyTypeError::new_err(format!(
            "{name} must hold real numbers, got dtype {} (numeric strings and None are not read)",
            arr.dtype()
        )));
    }
    Ok(())
}

/// Extract a 2-D float matrix (any array-like), keeping float32 when given float32.
pub fn floats(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Floats> {
    check_kind(obj, name)?;
    if let Ok(a) = obj.downcast::<numpy::PyArray2<f32>>() {
        return Ok(Floats::F32(owned(a.readonly().as_array(), name)?));
    }
    f64s(obj, name).map(Floats::F64)
}

/// Extract a 2-D float64 matrix (any array-like).
pub fn f64s(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Array2<f64>> {
    check_kind(obj, name)?;
    let arr: PyArrayLike2<'_, f64, AllowTypeChange> = obj
        .extract()
        .map_err(|e| PyTypeError::new_err(format!("{name} must be a 2-D array of numbers: {e}")))?;
    owned(arr.as_array(), name)
}

/// An owned, row-major copy of `a`, allocated fallibly: a copy that cannot be allocated is a
/// `MemoryError` naming `name` (issue 8), never an abort.
fn owned<T: Copy>(a: ArrayView2<'_, T>, name: &str) -> PyResult<Array2<T>> {
    let len = crate::errors::map(nastavnik::memory::checked_len(
        &[a.nrows(), a.ncols()],
        name,
    ))?;
    let mut v: Vec<T> = crate::errors::map(nastavnik::memory::try_with_capacity(len, name))?;
    match a.as_slice() {
        Some(sl) => v.extend_from_slice(sl),
        None => v.extend(a.iter().copied()),
    }
    Array2::from_shape_vec(a.raw_dim(), v)
        .map_err(|e| crate::errors::InternalError::new_err(format!("{name}: {e}")))
}

/// Extract a 2-D boolean matrix (bool or 0/1 numbers).
pub fn bools(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Array2<bool>> {
    let a = f64s(obj, name)?;
    if let Some(((r, c), v)) = a.indexed_iter().find(|(_, v)| **v != 0.0 && **v != 1.0) {
        return Err(crate::errors::InvalidValueError::new_err(format!(
            "{name} must be boolean (0/1); got {v} at row {r}, column {c}"
        )));
    }
    Ok(a.mapv(|v| v != 0.0))
}

/// The parts of a pandas `DataFrame` given as a score matrix: its values and its labels as ids.
pub struct Frame<'py> {
    /// `DataFrame.to_numpy()` (then extracted like any array).
    pub values: Bound<'py, PyAny>,
    /// Index labels as strings (`str(label)`): the mentee ids.
    pub row_ids: Vec<String>,
    /// Column labels as strings: the mentor ids.
    pub col_ids: Vec<String>,
}

impl<'py> Frame<'py> {
    /// `Some` when `obj` is a pandas `DataFrame` (pandas already imported by the caller), with
    /// its labels checked unique: a duplicate is a `DuplicateIdError` naming the label.
    pub fn of(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Option<Self>> {
        let py = obj.py();
        // Only when pandas is imported (never imported here); a blocked or odd `pandas` entry
        // in `sys.modules` means no DataFrame can exist.
        let Ok(pandas) = py.import("sys")?.getattr("modules")?.get_item("pandas") else {
            return Ok(None);
        };
        let Ok(frame_type) = pandas.getattr("DataFrame") else {
            return Ok(None);
        };
        if !obj.is_instance(&frame_type).unwrap_or(false) {
            return Ok(None);
        }
        let row_ids = labels(&obj.getattr("index")?, name, "index (mentee id)")?;
        let col_ids = labels(&obj.getattr("columns")?, name, "columns (mentor id)")?;
        Ok(Some(Self {
            values: obj.call_method0("to_numpy")?,
            row_ids,
            col_ids,
        }))
    }
}

/// The labels of a pandas axis as strings, unique.
fn labels(axis: &Bound<'_, PyAny>, name: &str, what: &str) -> PyResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (k, label) in axis.try_iter()?.enumerate() {
        let s = label?.str()?.to_string();
        if let Some(first) = seen.insert(s.clone(), k) {
            return Err(crate::errors::DuplicateIdError::new_err(format!(
                "{name}: the DataFrame {what} label {s:?} appears twice (positions {first} and \
                 {k}); labels become ids and must be unique"
            )));
        }
        out.push(s);
    }
    Ok(out)
}

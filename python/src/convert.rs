//! numpy ↔ ndarray conversion: inputs copied into owned contiguous arrays (so the GIL can be
//! released), outputs handed to numpy without copying.

use ndarray::Array2;
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
        return Ok(Floats::F32(a.readonly().as_array().to_owned()));
    }
    f64s(obj, name).map(Floats::F64)
}

/// Extract a 2-D float64 matrix (any array-like).
pub fn f64s(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Array2<f64>> {
    check_kind(obj, name)?;
    let arr: PyArrayLike2<'_, f64, AllowTypeChange> = obj
        .extract()
        .map_err(|e| PyTypeError::new_err(format!("{name} must be a 2-D array of numbers: {e}")))?;
    Ok(arr.as_array().to_owned())
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

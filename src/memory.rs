//! Size-checked, fallible allocation for buffers whose size the user chooses.
//!
//! # Problem
//! A size taken from user input (`n × m` of a score matrix, `k` candidates per row, a cohort size)
//! can overflow `usize` arithmetic or exceed the memory the process may use. Rust's infallible
//! allocation (`vec![x; n]`, `Vec::with_capacity`) then aborts the whole process (the Python
//! interpreter included).
//!
//! # Algorithm
//! Element counts are multiplied with checked arithmetic ([`checked_len`]) and buffers are
//! reserved with `try_reserve_exact` ([`try_vec`], [`try_with_capacity`]); both failures become
//! [`Error::TooLarge`] naming the buffer and the size requested (`MemoryError` in Python).
//!
//! # Guarantees
//! No call here panics or aborts on any size; the buffers returned have exactly the length or
//! capacity asked for.
//!
//! # Complexity
//! O(len) time for [`try_vec`] (it fills the buffer), O(1) otherwise.
//!
//! # Examples
//! ```
//! use nastavnik::memory::{checked_len, try_vec};
//! let n = checked_len(&[3, 4], "score matrix")?;
//! let v = try_vec(n, 0.0f64, "score matrix")?;
//! assert_eq!(v.len(), 12);
//! assert!(checked_len(&[usize::MAX, 2], "score matrix").is_err());
//! assert!(try_vec(usize::MAX / 2, 0u64, "scores").is_err());
//! # Ok::<(), nastavnik::Error>(())
//! ```

use crate::error::{Error, Result};

/// The product of `dims` (an element count), or [`Error::TooLarge`] naming `what` on overflow.
///
/// ```
/// assert_eq!(nastavnik::memory::checked_len(&[2, 3, 4], "cube").unwrap(), 24);
/// ```
pub fn checked_len(dims: &[usize], what: &str) -> Result<usize> {
    dims.iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| {
            let shape: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
            Error::too_large(
                what,
                format!("{} elements do not fit in memory", shape.join(" x ")),
            )
        })
}

fn describe<T>(len: usize) -> String {
    let bytes = (len as f64) * std::mem::size_of::<T>() as f64;
    format!("{len} elements ({:.3} GB) cannot be allocated", bytes / 1e9)
}

/// An empty vector with capacity for exactly `cap` elements, or [`Error::TooLarge`].
///
/// ```
/// let v: Vec<u32> = nastavnik::memory::try_with_capacity(10, "indices")?;
/// assert!(v.capacity() >= 10 && v.is_empty());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn try_with_capacity<T>(cap: usize, what: &str) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(cap)
        .map_err(|_| Error::too_large(what, describe::<T>(cap)))?;
    Ok(v)
}

/// A vector of `len` copies of `value`, or [`Error::TooLarge`].
///
/// ```
/// assert_eq!(nastavnik::memory::try_vec(3, 7u8, "marks")?, vec![7, 7, 7]);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn try_vec<T: Clone>(len: usize, value: T, what: &str) -> Result<Vec<T>> {
    let mut v = try_with_capacity(len, what)?;
    v.resize(len, value);
    Ok(v)
}

/// Reserve room for `extra` more elements in `v`, or [`Error::TooLarge`].
///
/// ```
/// let mut v = vec![1u8];
/// nastavnik::memory::try_grow(&mut v, 5, "bytes")?;
/// assert!(v.capacity() >= 6);
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn try_grow<T>(v: &mut Vec<T>, extra: usize, what: &str) -> Result<()> {
    v.try_reserve_exact(extra)
        .map_err(|_| Error::too_large(what, describe::<T>(v.len().saturating_add(extra))))
}

/// A `rows × cols` array filled with `value`, allocated fallibly, or [`Error::TooLarge`].
///
/// ```
/// let a = nastavnik::memory::try_array2(2, 3, 1.5f64, "padded scores")?;
/// assert_eq!(a.dim(), (2, 3));
/// assert!(nastavnik::memory::try_array2(usize::MAX, 2, 0u8, "padded scores").is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn try_array2<T: Clone>(
    rows: usize,
    cols: usize,
    value: T,
    what: &str,
) -> Result<ndarray::Array2<T>> {
    let v = try_vec(checked_len(&[rows, cols], what)?, value, what)?;
    ndarray::Array2::from_shape_vec((rows, cols), v)
        .map_err(|e| Error::too_large(what, format!("{rows} x {cols}: {e}")))
}

/// Check that `count` items of `bytes_each` bytes can be allocated now (the room is reserved
/// and released at once), or [`Error::TooLarge`]: a guard before a solver allocates several
/// infallible working arrays of these sizes.
///
/// ```
/// nastavnik::memory::ensure_room(1000, 36, "LAP working arrays")?;
/// assert!(nastavnik::memory::ensure_room(usize::MAX / 8, 36, "LAP working arrays").is_err());
/// # Ok::<(), nastavnik::Error>(())
/// ```
pub fn ensure_room(count: usize, bytes_each: usize, what: &str) -> Result<()> {
    let bytes = checked_len(&[count, bytes_each], what)?;
    drop(try_with_capacity::<u8>(bytes, what)?);
    Ok(())
}

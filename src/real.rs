//! The floating-point element types the kernels and solvers accept: `f32` and `f64`.
//!
//! # Examples
//! ```
//! use nastavnik::Real;
//! fn total<T: Real>(xs: &[T]) -> f64 { xs.iter().map(|&x| x.to_f64_lossy()).sum() }
//! assert_eq!(total(&[1.5f32, 2.5]), 4.0);
//! ```

use std::fmt::{Debug, Display};

/// A floating-point scalar usable by every kernel and solver (`f32` or `f64`).
pub trait Real:
    num_traits::Float
    + num_traits::FromPrimitive
    + ndarray::LinalgScalar
    + ndarray::ScalarOperand
    + std::iter::Sum
    + Into<f64>
    + Send
    + Sync
    + Debug
    + Display
    + Default
    + 'static
{
    /// Name of the type as numpy spells it (`"float32"`, `"float64"`).
    const DTYPE: &'static str;

    /// Convert to `f64` (exact for both `f32` and `f64`).
    ///
    /// ```
    /// use nastavnik::Real;
    /// assert_eq!(0.5f32.to_f64_lossy(), 0.5);
    /// ```
    fn to_f64_lossy(self) -> f64 {
        self.into()
    }

    /// Convert from `f64`, rounding to the nearest representable value.
    ///
    /// ```
    /// use nastavnik::Real;
    /// assert_eq!(<f32 as Real>::from_f64_lossy(0.25), 0.25f32);
    /// ```
    fn from_f64_lossy(x: f64) -> Self;
}

impl Real for f32 {
    const DTYPE: &'static str = "float32";
    fn from_f64_lossy(x: f64) -> Self {
        x as f32
    }
}

impl Real for f64 {
    const DTYPE: &'static str = "float64";
    fn from_f64_lossy(x: f64) -> Self {
        x
    }
}

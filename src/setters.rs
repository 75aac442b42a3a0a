//! `with_*` setters for the public options and config structs, written once.
//!
//! Every options struct is `#[non_exhaustive]` with `Default`, so callers outside the crate
//! build it as `X::default().with_a(..).with_b(..)` (struct literals would break when a field is
//! added). [`with_setters!`] generates those setters: each consumes the value, sets one field and
//! returns it. Each setter keeps its own doc comment and doctest, given at the call site.
//!
//! ```
//! use nastavnik::synthetic::SyntheticConfig;
//! let c = SyntheticConfig::default().with_n_mentees(10).with_seed(7);
//! assert_eq!((c.n_mentees, c.seed), (10, 7));
//! ```

/// `with_setters! { Type { /// docs
/// with_field => field: FieldType, ... } }` generates `pub fn with_field(mut self, field:
/// FieldType) -> Self` for each entry, with the docs given.
macro_rules! with_setters {
    ($ty:ty { $( $(#[$attr:meta])* $setter:ident => $field:ident : $fty:ty ),* $(,)? }) => {
        impl $ty {
            $(
                $(#[$attr])*
                pub fn $setter(mut self, $field: $fty) -> Self {
                    self.$field = $field;
                    self
                }
            )*
        }
    };
}

pub(crate) use with_setters;

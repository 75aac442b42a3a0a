//! Large output buffers for dense score matrices.
//!
//! A dense mentees × mentors matrix can take hundreds of megabytes. It is allocated zeroed (the
//! allocator maps fresh zero pages without writing them) and, on Linux, the kernel is advised to
//! back it with transparent huge pages, so that the first write costs one fault per 2 MiB instead
//! of one per 4 KiB — what numpy does for its large arrays.

use std::alloc::{Layout, alloc_zeroed};
use std::any::TypeId;

use crate::error::{Error, Result};
use crate::real::Real;

/// Buffers smaller than this are left to the allocator's defaults.
const HUGE_PAGE_THRESHOLD: usize = 4 << 20;

/// A zeroed vector of `len` elements, advised for huge pages when large, or
/// [`Error::TooLarge`] naming `what` when it cannot be allocated.
pub(crate) fn zeroed<T: Real>(len: usize, what: &str) -> Result<Vec<T>> {
    let is_float =
        TypeId::of::<T>() == TypeId::of::<f32>() || TypeId::of::<T>() == TypeId::of::<f64>();
    let layout = Layout::array::<T>(len);
    let mut v = match layout {
        Ok(layout) if is_float && layout.size() > 0 => {
            #[allow(unsafe_code)]
            // SAFETY: the layout has non-zero size. The pointer, when non-null, comes from the
            // global allocator with exactly the layout `Vec<T>` uses for capacity `len`, and all
            // bits zero is the valid value 0.0 for `f32`/`f64` (checked above), so the `len`
            // elements are initialised.
            unsafe {
                let ptr = alloc_zeroed(layout).cast::<T>();
                if ptr.is_null() {
                    return Err(too_large::<T>(len, what));
                }
                Vec::from_raw_parts(ptr, len, len)
            }
        }
        Ok(_) => crate::memory::try_vec(len, T::zero(), what)?,
        Err(_) => return Err(too_large::<T>(len, what)),
    };
    advise_huge_pages(&mut v);
    Ok(v)
}

fn too_large<T: Real>(len: usize, what: &str) -> Error {
    let gb = len as f64 * std::mem::size_of::<T>() as f64 / 1e9;
    Error::too_large(
        what,
        format!("{len} {} values ({gb:.3} GB) cannot be allocated", T::DTYPE),
    )
}

#[cfg(target_os = "linux")]
fn advise_huge_pages<T>(v: &mut [T]) {
    let bytes = std::mem::size_of_val(v);
    if bytes < HUGE_PAGE_THRESHOLD {
        return;
    }
    const PAGE: usize = 4096;
    let addr = v.as_mut_ptr() as usize;
    let start = addr.div_ceil(PAGE) * PAGE;
    let end = (addr + bytes) / PAGE * PAGE;
    if end > start {
        #[allow(unsafe_code)]
        // SAFETY: [start, end) is page-aligned and lies inside the allocation that backs `v`,
        // which stays alive for the call. MADV_HUGEPAGE only changes how the kernel backs those
        // pages; it never changes their contents or validity. A failure is harmless and ignored.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages<T>(_: &mut [T]) {}

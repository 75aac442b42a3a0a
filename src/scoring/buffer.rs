//! Large output buffers for dense score matrices.
//!
//! A dense mentees × mentors matrix can take hundreds of megabytes. It is allocated zeroed (the
//! allocator maps fresh zero pages without writing them) and, on Linux, the kernel is advised to
//! back it with transparent huge pages, so that the first write costs one fault per 2 MiB instead
//! of one per 4 KiB — what numpy does for its large arrays.

use crate::real::Real;

/// Buffers smaller than this are left to the allocator's defaults.
const HUGE_PAGE_THRESHOLD: usize = 4 << 20;

/// A zeroed vector of `len` elements, advised for huge pages when large.
pub(crate) fn zeroed<T: Real>(len: usize) -> Vec<T> {
    let mut v = vec![T::zero(); len];
    advise_huge_pages(&mut v);
    v
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

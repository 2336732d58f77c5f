//! Huge pages for the largest arrays of the reader and the demand engine.
//!
//! A cold read of national returns touches well over 100 MB of memory the
//! process has never used, and on this kind of machine each fresh 4 KiB page
//! costs a page fault of a few microseconds: tens of thousands of faults,
//! about a fifth of the read. The arrays the reader fills last and hands
//! over (episodes and where each was read, children, periods of care) are
//! allocated once at their final size, so the kernel can be asked to back
//! them with 2 MiB pages instead: one fault per 2 MiB rather than 512.
//! Measured on the synthetic England returns (887,825 episode rows): 33,000
//! faults instead of 49,700, and the read 20–28 ms (4–5%) faster, medians
//! of runs alternated with the reader before this change.
//!
//! The rows the reader reads into come first and are as large (36 MB of
//! episode rows), but their final size is only known at the end: they are
//! given room up front from the files' lengths ([`reserve_huge`], see
//! `read::make_room`), so they too are filled in huge pages, once.
//!
//! The advice changes neither the memory's contents nor its lifetime; where
//! huge pages are not available (other systems, or Linux configured with
//! `transparent_hugepage=never`) nothing changes.

/// Arrays smaller than this are left alone: they would gain little, and
/// reading a few rows should not cost a system call.
const MIN_BYTES: usize = 4 << 20;

/// An empty vector with room for `capacity` values, whose memory the kernel
/// is asked to back with huge pages as it is first written.
pub(crate) fn huge_vec<T>(capacity: usize) -> Vec<T> {
    let v = Vec::with_capacity(capacity);
    advise_huge(&v);
    v
}

/// Makes room in `v` for at least `additional` more values.
///
/// When `v` is full, rather than letting it grow by doubling (where the
/// allocator may copy it, into fresh pages that each fault once), it moves
/// once into a [`huge_vec`] with exactly that room; an empty `v` is simply
/// replaced. So a vector given its final size up front is filled in huge
/// pages with no copy.
pub(crate) fn reserve_huge<T>(v: &mut Vec<T>, additional: usize) {
    if v.capacity() - v.len() >= additional {
        return;
    }
    // The room is often a guess (see `read::make_room`): if the system
    // refuses that much memory, `v` is left to grow as it fills instead.
    let mut bigger = Vec::new();
    if bigger.try_reserve_exact(v.len().saturating_add(additional)).is_ok() {
        advise_huge(&bigger);
        bigger.append(v);
        *v = bigger;
    }
}

/// Asks the kernel to back the whole 2 MiB pages inside `v`'s allocation
/// with huge pages (`madvise(MADV_HUGEPAGE)`); the pages at either end that
/// the allocation only partly covers are left as they are.
#[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]
fn advise_huge<T>(v: &Vec<T>) {
    use std::ffi::{c_int, c_void};
    unsafe extern "C" {
        fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
    }
    /// From `<linux/mman.h>` (asm-generic, which both architectures use).
    const MADV_HUGEPAGE: c_int = 14;
    const HUGE: usize = 2 << 20;
    let bytes = v.capacity().saturating_mul(std::mem::size_of::<T>());
    if bytes < MIN_BYTES {
        return;
    }
    let start = v.as_ptr() as usize;
    let from = start.next_multiple_of(HUGE);
    let to = (start + bytes) / HUGE * HUGE;
    if to > from {
        // SAFETY: `from..to` lies inside `v`'s live allocation (2 MiB
        // boundaries rounded inwards), which this process mapped and owns.
        // MADV_HUGEPAGE is advice only: it changes how the kernel backs the
        // range, never its contents or whether it is mapped, so no Rust
        // reference or value can observe it. An error (for example EINVAL
        // on a kernel without transparent huge pages) leaves the memory as
        // it was, so it is ignored.
        unsafe {
            madvise(from as *mut c_void, to - from, MADV_HUGEPAGE);
        }
    }
}

/// Elsewhere the memory is used as allocated.
#[cfg(not(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64"))))]
fn advise_huge<T>(_: &Vec<T>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_vectors_are_ordinary_vectors() {
        for n in [0, 1, 1000, (MIN_BYTES / 8) + 12_345] {
            let mut v: Vec<u64> = huge_vec(n);
            assert!(v.is_empty() && v.capacity() >= n);
            v.extend((0..n as u64).map(|i| i * 3));
            assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64 * 3));
        }
    }

    #[test]
    fn reserving_keeps_the_values() {
        let mut v: Vec<u64> = vec![1, 2, 3];
        reserve_huge(&mut v, MIN_BYTES / 8);
        assert_eq!(v, [1, 2, 3]);
        assert!(v.capacity() >= 3 + MIN_BYTES / 8);
        let room = v.capacity();
        reserve_huge(&mut v, 10);
        assert_eq!(v.capacity(), room, "enough room already");
        let mut empty: Vec<u64> = Vec::new();
        reserve_huge(&mut empty, 5);
        assert!(empty.is_empty() && empty.capacity() >= 5);
    }
}

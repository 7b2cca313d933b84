//! A global allocator for the binaries: the system allocator, except that,
//! on Linux, a large block (at least 2 MiB: a city's route cache, per-node
//! and per-offender arrays, full travel tables) is aligned to 2 MiB, rounded
//! up to whole 2 MiB and advised as transparent huge pages
//! (`madvise(MADV_HUGEPAGE)`) before anything touches it (elsewhere every
//! block is the system allocator's own). A city run reads
//! such arrays at random (a route-cache slot, a node's presence record, a
//! search label); with 4 KiB pages nearly every such read also misses the
//! TLB. The kernel may refuse (THP set to `never`, no free huge page): the
//! block is then ordinary memory. Nothing else changes: same bytes, same
//! results; only where the memory comes from. Measured in
//! docs/performance.md ("Huge pages for large blocks").
//!
//! A binary opts in with
//! `#[global_allocator] static A: patrolsim::hugepages::HugePages = patrolsim::hugepages::HugePages;`.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, large blocks on huge pages (see the module).
pub struct HugePages;

/// A transparent huge page on x86-64 and most aarch64 kernels: blocks this
/// size and larger are aligned and advised.
pub const HUGE: usize = 2 << 20;

/// The layout a large block is really allocated with (size rounded up to
/// whole huge pages, alignment at least one), `None` for a small one.
fn big(layout: &Layout) -> Option<Layout> {
    // Elsewhere than Linux there is no advice to give: the system's blocks.
    if !cfg!(target_os = "linux") || layout.size() < HUGE {
        return None;
    }
    let size = layout.size().checked_add(HUGE - 1)? & !(HUGE - 1);
    Layout::from_size_align(size, layout.align().max(HUGE)).ok()
}

/// Advises `len` bytes at `p` (aligned to a huge page) as huge pages. A
/// refusal is ignored: the memory is ordinary memory.
#[inline]
fn advise(p: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    // SAFETY: `p..p + len` is a block this allocator just obtained from the
    // system allocator; madvise with MADV_HUGEPAGE changes how its pages are
    // backed, never their contents.
    unsafe {
        libc::madvise(p.cast(), len, libc::MADV_HUGEPAGE);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (p, len);
}

// SAFETY: every block is obtained from `System` and returned to it with the
// same layout (`big` is a pure function of the caller's layout), and meets
// the caller's size and alignment (rounded up, never down).
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match big(&layout) {
            None => unsafe { System.alloc(layout) },
            Some(l) => {
                let p = unsafe { System.alloc(l) };
                if !p.is_null() {
                    advise(p, l.size());
                }
                p
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match big(&layout) {
            None => unsafe { System.alloc_zeroed(layout) },
            Some(_) => {
                // Advised before the zeroing touches it, so the pages are
                // huge from their first fault.
                let p = unsafe { self.alloc(layout) };
                if !p.is_null() {
                    unsafe { std::ptr::write_bytes(p, 0, layout.size()) };
                }
                p
            }
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, big(&layout).unwrap_or(layout)) }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size`, rounded up to the
        // alignment, does not overflow isize.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if big(&layout).is_none() && big(&new).is_none() {
            return unsafe { System.realloc(p, layout, new_size) };
        }
        let q = unsafe { self.alloc(new) };
        if !q.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                self.dealloc(p, layout);
            }
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the mapping of /proc/self/smaps that holds `addr` has
    /// `hg` (MADV_HUGEPAGE) among its VmFlags.
    #[cfg(target_os = "linux")]
    fn advised(addr: usize) -> bool {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("/proc/self/smaps");
        let mut inside = false;
        for line in smaps.lines() {
            let range = line.split_whitespace().next().unwrap_or("");
            if let Some((lo, hi)) = range.split_once('-')
                && let (Ok(lo), Ok(hi)) =
                    (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
            {
                inside = (lo..hi).contains(&addr);
            } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                return flags.split_whitespace().any(|f| f == "hg");
            }
        }
        false
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn large_blocks_are_aligned_rounded_and_keep_their_contents() {
        let a = HugePages;
        let l = Layout::from_size_align(HUGE + 5, 8).unwrap();
        assert_eq!(big(&l).unwrap().size(), 2 * HUGE);
        assert!(big(&Layout::from_size_align(HUGE - 1, 8).unwrap()).is_none());
        unsafe {
            let p = a.alloc_zeroed(l);
            assert!(!p.is_null());
            assert_eq!(p as usize % HUGE, 0);
            assert!((0..l.size()).step_by(4096).all(|i| *p.add(i) == 0));
            *p.add(17) = 42;
            // Shrink below the threshold, then grow past it again: the
            // contents move with the block.
            let q = a.realloc(p, l, 1000);
            assert_eq!(*q.add(17), 42);
            let r = a.realloc(q, Layout::from_size_align(1000, 8).unwrap(), 3 * HUGE);
            assert_eq!(*r.add(17), 42);
            assert_eq!(r as usize % HUGE, 0);
            // The kernel holds the advice: the mapping holding the block
            // carries VmFlags `hg` (where the kernel has transparent huge
            // pages at all).
            if std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
                assert!(
                    advised(r as usize),
                    "the block is not advised as huge pages"
                );
            }
            a.dealloc(r, Layout::from_size_align(3 * HUGE, 8).unwrap());
        }
    }
}

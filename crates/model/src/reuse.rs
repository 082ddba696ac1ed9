//! Per-thread lists of buffers kept between runs: a run's output vectors and tables are too large for the
//! allocator's per-thread caches, and runs repeat (sliders, Monte Carlo, `gigawatt bench`), so a dropped run's
//! buffers serve the next run's. Each list is bounded; a buffer beyond its limit is freed.

use std::cell::RefCell;
use std::thread::LocalKey;

/// A per-thread list of kept buffers.
pub(crate) type KeptList<T> = LocalKey<RefCell<Vec<T>>>;

/// A buffer from `list`, if one is kept (as it was left: the caller clears or resizes it).
pub(crate) fn take_kept<T>(list: &'static KeptList<T>) -> Option<T> {
    list.try_with(|kept| kept.borrow_mut().pop()).ok().flatten()
}

/// Keeps `buffer` in `list` for a later [`take_kept`], unless the list already holds `limit` (then it is freed,
/// as it is when the thread is ending).
pub(crate) fn put_back<T>(list: &'static KeptList<T>, buffer: T, limit: usize) {
    let _ = list.try_with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.len() < limit {
            kept.push(buffer);
        }
    });
}

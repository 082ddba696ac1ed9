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

thread_local! {
    /// Strings of dropped runs (names, labels, amounts, sources), for the next run's ([`kept_string`]).
    static STRINGS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Most strings kept per thread: a run writes some 150 (grouped series' names, events, outcomes and
/// annotations).
const KEEP_STRINGS: usize = 512;

/// An empty string with room for `capacity` bytes that the caller owns, in a dropped run's string when one is
/// kept: a run's texts are short, but each was an allocation and a free, some 2% of a run.
pub(crate) fn string_with_capacity(capacity: usize) -> String {
    let mut s = take_kept(&STRINGS).unwrap_or_default();
    s.clear();
    s.reserve(capacity);
    s
}

/// `text` in a string the caller owns (see [`string_with_capacity`]).
pub(crate) fn kept_string(text: &str) -> String {
    let mut s = string_with_capacity(text.len());
    s.push_str(text);
    s
}

/// Keeps `s`, a dropped output's string, for [`string_with_capacity`] and [`kept_string`].
pub(crate) fn keep_string(s: String) {
    if s.capacity() > 0 {
        put_back(&STRINGS, s, KEEP_STRINGS);
    }
}

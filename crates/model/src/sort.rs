//! A stable sort that shares one copy of the standard library's sorting code among every caller.
//!
//! `slice::sort_by` is generic over the element type and the comparison closure, and the standard library's
//! stable sort (driftsort) is several kilobytes of WebAssembly per instantiation: a dozen call sites each
//! sorting a few dozen items made about 12 KB (brotli) of the web build. [`sort_by`] sorts a list of indices
//! with a `dyn` comparison instead, so the sorting code exists once, and then moves the items into place.
//! Use it for short lists off the hot path (a chart's flows, a table's rows); keep `sort_by` where speed
//! matters.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping the order of equal items (as `sort_by` does).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    permute(items, &order);
}

/// Sorts `items` by the key `key` returns, keeping the order of equal items (as `sort_by_key` does).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one instantiation of the standard library's stable sort: indices, compared through a `dyn` closure.
#[inline(never)]
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|a, b| compare(*a, *b));
}

/// Puts `items[order[i]]` at position `i` for every `i`, in place (`order` is a permutation of the indices).
/// Position `i` takes the item first at `order[i]`; when that position was already filled (`order[i] < i`),
/// the item was swapped out to the position its filler came from, so the loop follows `order` until it finds
/// a position not yet filled.
fn permute<T>(items: &mut [T], order: &[usize]) {
    for i in 0..items.len() {
        let mut from = order[i];
        while from < i {
            from = order[from];
        }
        items.swap(i, from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_equal_items_in_order() {
        // A small deterministic generator, so the test needs no crate.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for len in 0..60 {
            for _ in 0..20 {
                let items: Vec<(u64, usize)> = (0..len).map(|i| (next() % 7, i)).collect();
                let mut expected = items.clone();
                expected.sort_by_key(|p| p.0);
                let mut got = items.clone();
                sort_by_key(&mut got, |p| p.0);
                assert_eq!(got, expected, "length {len}");
                let mut reversed = items.clone();
                sort_by(&mut reversed, |a, b| b.0.cmp(&a.0));
                expected.sort_by_key(|p| std::cmp::Reverse(p.0));
                assert_eq!(reversed, expected, "length {len}, descending");
            }
        }
    }
}

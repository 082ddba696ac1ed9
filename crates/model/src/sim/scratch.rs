//! Reused buffers for a run's intermediate arrays (schedules, curves, the operating and financing passes).
//!
//! A run allocates a few hundred month-long arrays and drops most of them before it returns. Sliders re-run the
//! model on every input and Monte Carlo thousands of times, so instead of returning those arrays to the
//! allocator, a dropped [`Scratch`] goes on a small per-thread free list and the next run takes it back: no
//! allocator call, only the zeroing. Outputs (the run's series) are ordinary vectors the caller owns (`run.rs`
//! keeps a dropped run's for the next run's).
//!
//! Zeroing is itself a large part of a run (a schedule is ten columns of some 200 months, mostly zero). An owner
//! that knows which values it made nonzero hands its buffer back with [`Scratch::recycle_zeroed`]: it clears
//! only those, and the buffer goes on a second list whose buffers hold only zeros, which `zeros` takes first.

use crate::reuse::{put_back, take_kept};
use std::cell::RefCell;
use std::ops::{Deref, DerefMut, Range};

/// Most buffers kept per size class and thread (a run of the default scenario uses about 150 in all).
const KEEP_PER_CLASS: usize = 256;
/// Size classes: buffers of capacity 2^c (and up to 2^(c+1) − 1) for c < CLASSES.
const CLASSES: usize = 32;

thread_local! {
    static FREE: RefCell<[Vec<Vec<f64>>; CLASSES]> = const { RefCell::new([const { Vec::new() }; CLASSES]) };
    /// Buffers whose every value up to their length is +0.0.
    static ZEROED: RefCell<[Vec<Vec<f64>>; CLASSES]> = const { RefCell::new([const { Vec::new() }; CLASSES]) };
}

/// Values per chip vendor (`ChipVendor::ALL`), a month's row of a [`VendorMonths`] table.
pub type PerVendor = [f64; crate::deals::ChipVendor::ALL.len()];

thread_local! {
    /// Storage of dropped [`VendorMonths`] tables, for the next run's.
    static VENDOR_MONTHS: RefCell<Vec<Vec<PerVendor>>> = const { RefCell::new(Vec::new()) };
}

/// Most [`VendorMonths`] tables kept per thread (a run uses two).
const KEEP_VENDOR_MONTHS: usize = 4;

/// A table of one [`PerVendor`] row a month (chip density and cost by vendor) whose storage returns to a
/// per-thread list when dropped, as a [`Scratch`]'s does: a run's tables are some 10 KB each, and a fresh one
/// every run cost more to allocate and free than to fill.
#[derive(Debug, Default)]
pub struct VendorMonths(Vec<PerVendor>);

impl VendorMonths {
    /// `len` months of `row`, in a kept table's storage when there is one.
    pub fn filled(len: usize, row: PerVendor) -> VendorMonths {
        let mut table = take_kept(&VENDOR_MONTHS).unwrap_or_default();
        table.clear();
        table.resize(len, row);
        VendorMonths(table)
    }
}

impl Drop for VendorMonths {
    fn drop(&mut self) {
        let table = std::mem::take(&mut self.0);
        if table.capacity() > 0 {
            put_back(&VENDOR_MONTHS, table, KEEP_VENDOR_MONTHS);
        }
    }
}

impl Deref for VendorMonths {
    type Target = [PerVendor];
    fn deref(&self) -> &[PerVendor] {
        &self.0
    }
}

impl DerefMut for VendorMonths {
    fn deref_mut(&mut self) -> &mut [PerVendor] {
        &mut self.0
    }
}

/// The smallest class whose every buffer holds `n` values.
fn class_holding(n: usize) -> usize {
    n.next_power_of_two().trailing_zeros() as usize
}

/// The largest class a buffer of `capacity` serves.
fn class_served_by(capacity: usize) -> usize {
    (usize::BITS - 1 - capacity.leading_zeros()) as usize
}

/// Puts `v` on `list`'s free list of its class, unless that list is full (or gone, during thread teardown):
/// then it is simply freed.
fn keep(list: &'static std::thread::LocalKey<RefCell<[Vec<Vec<f64>>; CLASSES]>>, v: Vec<f64>) {
    if v.capacity() == 0 {
        return;
    }
    let class = class_served_by(v.capacity());
    let _ = list.try_with(|free| {
        if let Some(list) = free.borrow_mut().get_mut(class) {
            if list.len() < KEEP_PER_CLASS {
                list.push(v);
            }
        }
    });
}

/// A vector of `f64` whose storage returns to the thread's free list when dropped.
#[derive(Debug, Default)]
pub struct Scratch(Vec<f64>);

impl Scratch {
    /// An empty vector with room for `n` values, in a reused buffer when one of its size class is free.
    pub fn with_capacity(n: usize) -> Scratch {
        if n == 0 {
            return Scratch(Vec::new());
        }
        let class = class_holding(n);
        let pop = |list: &'static std::thread::LocalKey<RefCell<[Vec<Vec<f64>>; CLASSES]>>| {
            list.try_with(|free| free.borrow_mut().get_mut(class).and_then(Vec::pop))
                .ok()
                .flatten()
        };
        let reused = pop(&FREE).or_else(|| pop(&ZEROED));
        let mut v = reused.unwrap_or_else(|| Vec::with_capacity(n.next_power_of_two()));
        v.clear();
        Scratch(v)
    }

    /// `n` zeros, in a reused buffer when one is free: one known to hold zeros first (only the values past its
    /// length are written), else any.
    pub fn zeros(n: usize) -> Scratch {
        if n > 0 {
            let zeroed = ZEROED
                .try_with(|free| {
                    free.borrow_mut()
                        .get_mut(class_holding(n))
                        .and_then(Vec::pop)
                })
                .ok()
                .flatten();
            if let Some(mut v) = zeroed {
                // Values past the length were never promised zero: `resize` writes them.
                v.truncate(n);
                v.resize(n, 0.0);
                return Scratch(v);
            }
        }
        let mut s = Scratch::with_capacity(n);
        s.0.resize(n, 0.0);
        s
    }

    /// Returns the buffer for a later [`Scratch::zeros`] without the zeroing of all of it: the caller
    /// promises that only values inside `written` may be nonzero, and those are cleared here.
    pub fn recycle_zeroed<I: IntoIterator<Item = Range<usize>>>(mut self, written: I) {
        let mut v = std::mem::take(&mut self.0);
        for r in written {
            let end = r.end.min(v.len());
            v[r.start.min(end)..end].fill(0.0);
        }
        debug_assert!(
            v.iter().all(|x| x.to_bits() == 0),
            "a recycled buffer held a nonzero value outside the ranges said written"
        );
        keep(&ZEROED, v);
    }
}

impl From<Vec<f64>> for Scratch {
    fn from(v: Vec<f64>) -> Scratch {
        Scratch(v)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        keep(&FREE, std::mem::take(&mut self.0));
    }
}

impl Deref for Scratch {
    type Target = Vec<f64>;
    fn deref(&self) -> &Vec<f64> {
        &self.0
    }
}

impl DerefMut for Scratch {
    fn deref_mut(&mut self) -> &mut Vec<f64> {
        &mut self.0
    }
}

impl<'a> IntoIterator for &'a Scratch {
    type Item = &'a f64;
    type IntoIter = std::slice::Iter<'a, f64>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_buffer_comes_back_zeroed_and_sized() {
        let mut a = Scratch::zeros(4);
        a[2] = 7.0;
        a.push(1.0);
        drop(a);
        let b = Scratch::zeros(3);
        assert_eq!(b.as_slice(), &[0.0; 3]);
        let c = Scratch::zeros(10);
        assert_eq!(c.len(), 10);
        assert!(c.iter().all(|x| *x == 0.0));
        let mut d = Scratch::with_capacity(3);
        assert!(d.is_empty() && d.capacity() >= 3);
        d.extend([1.0, 2.0]);
        drop(d);
        assert!(Scratch::zeros(0).is_empty());
    }

    #[test]
    fn a_recycled_buffer_comes_back_zeroed_and_sized() {
        let mut a = Scratch::zeros(100);
        a[3] = 1.0;
        a[50] = -0.0;
        a.recycle_zeroed([2..4, 40..60]);
        let b = Scratch::zeros(120);
        assert_eq!(b.len(), 120);
        assert!(b.iter().all(|x| x.to_bits() == 0));
        b.recycle_zeroed([]);
        let c = Scratch::zeros(70);
        assert_eq!(c.len(), 70);
        assert!(c.iter().all(|x| x.to_bits() == 0));
    }
}

//! Reused buffers for a run's intermediate arrays (schedules, curves, the operating and financing passes).
//!
//! A run allocates a few hundred month-long arrays and drops most of them before it returns. Sliders re-run the
//! model on every input and Monte Carlo thousands of times, so instead of returning those arrays to the
//! allocator, a dropped [`Scratch`] goes on a small per-thread free list and the next run takes it back: no
//! allocator call, only the zeroing. Outputs (the run's series) are ordinary vectors the caller owns.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

/// Most buffers kept per size class and thread (a run of the default scenario uses about 150 in all).
const KEEP_PER_CLASS: usize = 256;
/// Size classes: buffers of capacity 2^c (and up to 2^(c+1) − 1) for c < CLASSES.
const CLASSES: usize = 32;

thread_local! {
    static FREE: RefCell<[Vec<Vec<f64>>; CLASSES]> = const { RefCell::new([const { Vec::new() }; CLASSES]) };
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
        // The smallest class whose every buffer holds `n`.
        let class = n.next_power_of_two().trailing_zeros() as usize;
        let reused = FREE
            .try_with(|free| free.borrow_mut().get_mut(class).and_then(Vec::pop))
            .ok()
            .flatten();
        let mut v = reused.unwrap_or_else(|| Vec::with_capacity(n.next_power_of_two()));
        v.clear();
        Scratch(v)
    }

    /// `n` zeros, in a reused buffer when one is free.
    pub fn zeros(n: usize) -> Scratch {
        let mut s = Scratch::with_capacity(n);
        s.0.resize(n, 0.0);
        s
    }
}

impl From<Vec<f64>> for Scratch {
    fn from(v: Vec<f64>) -> Scratch {
        Scratch(v)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let v = std::mem::take(&mut self.0);
        if v.capacity() == 0 {
            return;
        }
        // The largest class this buffer serves; during thread teardown the list may be gone, and then the
        // vector is simply freed.
        let class = (usize::BITS - 1 - v.capacity().leading_zeros()) as usize;
        let _ = FREE.try_with(|free| {
            if let Some(list) = free.borrow_mut().get_mut(class) {
                if list.len() < KEEP_PER_CLASS {
                    list.push(v);
                }
            }
        });
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
}

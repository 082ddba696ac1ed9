//! [`Shared`]: a value shared by reference counting and compared by identity.
//!
//! The app hands big immutable values (a simulation run, chart data, a Monte Carlo summary) to components
//! whose properties are compared on every render. Comparing them by content would walk thousands of numbers;
//! comparing the pointer is exact here, because each new value is a new `Rc` (the output of a memo).

use std::ops::Deref;
use std::rc::Rc;

use gigawatt_model::Run;

/// A value shared by `Rc` whose equality is pointer identity: two handles are equal exactly when they point
/// at the same allocation.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}

/// A simulation run shared by every chart and the KPI strip.
pub type RunRef = Shared<Run>;

impl Shared<Run> {
    pub fn run(&self) -> &Run {
        &self.0
    }

    /// Calendar years the run covers, in order (for year pickers).
    pub fn years(&self) -> Vec<i32> {
        run_years(&self.0)
    }
}

/// Calendar years a run covers, in order.
pub fn run_years(run: &Run) -> Vec<i32> {
    let mut years: Vec<i32> = run.months.iter().map(|m| m.year()).collect();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_identity_not_content() {
        let a = Shared::new(vec![1, 2, 3]);
        let b = Shared::new(vec![1, 2, 3]);
        assert_ne!(a, b, "same content, different allocations");
        assert_eq!(a, a.clone());
        assert_eq!(a.len(), 3, "derefs to the value");
    }
}

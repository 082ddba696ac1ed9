//! Transcendental functions computed by the pure-Rust `libm`, so that a scenario gives bit-identical results
//! natively and in WebAssembly (the platforms' own `pow`/`exp` may differ in the last bit).

/// `x^y`, the same on every platform.
pub(crate) trait PortablePow {
    fn pow_portable(self, y: f64) -> f64;
}

impl PortablePow for f64 {
    #[inline]
    fn pow_portable(self, y: f64) -> f64 {
        libm::pow(self, y)
    }
}

/// Natural logarithm, the same on every platform.
#[inline]
pub(crate) fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// Square root (IEEE-exact everywhere).
#[inline]
pub(crate) fn sqrt(x: f64) -> f64 {
    libm::sqrt(x)
}

/// Cosine, the same on every platform.
#[inline]
pub(crate) fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// The error function, for the normal distribution.
#[inline]
pub(crate) fn erf(x: f64) -> f64 {
    libm::erf(x)
}

/// Replaces NaN and infinite values with zero; returns how many it replaced.
pub(crate) fn zero_non_finite(v: &mut [f64]) -> usize {
    if all_finite(v) {
        return 0;
    }
    let mut replaced = 0;
    for x in v.iter_mut().filter(|x| !x.is_finite()) {
        *x = 0.0;
        replaced += 1;
    }
    replaced
}

/// Independent running sums in [`all_finite`]: one sum is a chain of dependent additions (each waits for the
/// last, some four cycles), so sixteen of them (eight two-lane vector registers, four of AVX) keep the adder
/// busy instead of waiting; four sums made the check about 4% of a run.
const FINITE_CHECK_LANES: usize = 16;

/// True when no value is NaN or infinite (see [`FiniteCheck`]).
pub(crate) fn all_finite(v: &[f64]) -> bool {
    let mut check = FiniteCheck::default();
    check.add(v);
    check.passed() || v.iter().all(|x| x.is_finite())
}

/// A check that many slices hold no NaN or infinite value, with one addition per value. A sum that meets a NaN
/// or an infinity never becomes finite again (∞ − ∞ is NaN), so finite running sums prove every value finite;
/// [`FINITE_CHECK_LANES`] independent sums vectorise. A sum that is not finite means a non-finite value, or
/// finite values whose sum overflows: then the values must be checked one by one. Checking a run's hundred or
/// so series as one saves each its own sums and final test.
#[derive(Default)]
pub(crate) struct FiniteCheck {
    sums: [f64; FINITE_CHECK_LANES],
}

impl FiniteCheck {
    /// Adds `v`'s values to the sums (the values past the last whole chunk into the first lanes).
    pub(crate) fn add(&mut self, v: &[f64]) {
        let chunks = v.chunks_exact(FINITE_CHECK_LANES);
        let rest = chunks.remainder();
        for chunk in chunks {
            for (sum, x) in self.sums.iter_mut().zip(chunk) {
                *sum += x;
            }
        }
        for (sum, x) in self.sums.iter_mut().zip(rest) {
            *sum += x;
        }
    }

    /// True when every sum is finite: no value added was NaN or infinite. False may also mean that finite
    /// values overflowed the sums.
    pub(crate) fn passed(&self) -> bool {
        self.sums.iter().all(|s| s.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finite_values_whose_sum_overflows_are_finite() {
        let mut v = vec![f64::MAX; 9];
        v[4] = -f64::MAX;
        assert!(all_finite(&v));
        assert_eq!(zero_non_finite(&mut v), 0);
        v[7] = f64::NAN;
        assert!(!all_finite(&v));
    }

    #[test]
    fn non_finite_values_are_found_wherever_they_sit_and_replaced() {
        // Shorter than one chunk of lanes, and several chunks with a remainder.
        for len in 0..3 * FINITE_CHECK_LANES + 3 {
            let clean: Vec<f64> = (0..len).map(|i| i as f64 * -1.5e300).collect();
            let mut v = clean.clone();
            assert_eq!(zero_non_finite(&mut v), 0);
            assert_eq!(v, clean);
            for at in 0..len {
                for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                    let mut v = clean.clone();
                    v[at] = bad;
                    assert!(!all_finite(&v), "{bad} at {at} of {len}");
                    assert_eq!(zero_non_finite(&mut v), 1);
                    assert_eq!(v[at], 0.0);
                    assert!(all_finite(&v));
                }
            }
        }
    }
}

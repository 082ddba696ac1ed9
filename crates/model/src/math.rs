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

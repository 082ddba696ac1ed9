//! The model valuation (spec §G): the EV/NTM-revenue multiple as a function of growth, and what the monthly
//! loop records of it.

use super::scratch::Scratch;

/// The model valuation of spec §G, with NTM and LTM revenue from the simulated path.
pub(crate) struct Valuation {
    pub value: Scratch,
    pub multiple: Scratch,
    pub ntm: Scratch,
}

/// EV/NTM-revenue multiple as a function of growth, through the spec's knots.
pub fn multiple_for_growth(g: f64) -> f64 {
    const KNOTS: [(f64, f64); 5] = [
        (0.0, 6.0),
        (0.2, 8.0),
        (0.5, 12.0),
        (1.0, 20.0),
        (1.5, 22.0),
    ];
    if !g.is_finite() || g <= KNOTS[0].0 {
        return KNOTS[0].1;
    }
    for w in KNOTS.windows(2) {
        if g <= w[1].0 {
            return w[0].1 + (w[1].1 - w[0].1) * (g - w[0].0) / (w[1].0 - w[0].0);
        }
    }
    KNOTS[4].1
}

//! The run's chart annotations: deals signed, options confirmed or lapsed, funding paid or triggered, the
//! IPO, the start of distress and the reference points, each with its amount and source.

use super::{decisions, finance};
use crate::reuse::{kept_string, string_with_capacity};
use crate::run::{Annotation, AnnotationKind};
use crate::scenario::Scenario;
use crate::{Month, HISTORY_END};
use std::fmt::Write;

/// Writes `value` with `decimals` digits after the point, exactly as `format!("{value:.decimals$}")` does.
/// The standard library's exact formatting falls back to big-number arithmetic when its fast path cannot
/// decide, which made formatting most of the annotations' cost. A value scaled by 10^decimals below 10⁹ is
/// within 10⁻⁷ of its exact decimal expansion, so when its fraction is clearly away from one half it rounds
/// the same way as the exact value and is written from an integer. Near one half (amounts such as 0.45 GW
/// are), [`rounds_up`] compares the exact binary value with the half in integers. Exact ties, negative, huge
/// and non-finite values take the standard path.
fn push_fixed(text: &mut String, value: f64, decimals: usize) {
    const UNIT: [u64; 3] = [1, 10, 100];
    if let Some(&unit) = UNIT.get(decimals) {
        let scaled = value * unit as f64;
        let floor = scaled.floor();
        // Positive, below 10⁹ once scaled, and not NaN (NaN < 10⁹ is false).
        let in_range = value.is_sign_positive() && scaled < 1e9;
        let up = if !in_range {
            None
        } else if (scaled - floor - 0.5).abs() > 1e-3 {
            Some(scaled - floor > 0.5)
        } else {
            rounds_up(value, unit, floor as u64)
        };
        if let Some(up) = up {
            let n = floor as u64 + u64::from(up);
            let mut digits = itoa::Buffer::new();
            text.push_str(digits.format(n / unit));
            if decimals > 0 {
                // `n % unit` with its leading zeros: `unit + n % unit` has decimals + 1 digits, a leading 1.
                text.push('.');
                text.push_str(&digits.format(unit + n % unit)[1..]);
            }
            return;
        }
    }
    let _ = write!(text, "{value:.decimals$}");
}

/// Whether `value × unit`, whose integer part is `floor`, is above `floor + ½` (`Some(true)`) or below it
/// (`Some(false)`), computed exactly from the double's bits; `None` for an exact tie or a value this cannot
/// compare (an exponent beyond what 128-bit integers hold). With value = mantissa × 2^exponent (exponent < 0
/// here: a value with a fraction), the comparison is 2 · mantissa · unit against (2 · floor + 1) · 2^−exponent.
fn rounds_up(value: f64, unit: u64, floor: u64) -> Option<bool> {
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    let shift = u32::try_from(-exponent).ok().filter(|s| *s <= 64)?;
    let left = 2 * u128::from(mantissa) * u128::from(unit);
    let right = (2 * u128::from(floor) + 1) << shift;
    (left != right).then_some(left > right)
}

/// Room for an annotation's amount ("12.5 GW, $300B", "$40B primary"): each is written into one allocation,
/// not grown a piece at a time (a run writes some seventy of these texts).
const AMOUNT_CAPACITY: usize = 24;

/// `value` with `decimals` digits after the point (see [`push_fixed`]), then `unit`.
fn fixed_with(value: f64, decimals: usize, unit: &str) -> String {
    let mut text = string_with_capacity(AMOUNT_CAPACITY);
    push_fixed(&mut text, value, decimals);
    text.push_str(unit);
    text
}

/// Appends "$40B", "$1.2B" or "$0.35B" to `text`.
fn push_usd_b(text: &mut String, value: f64) {
    let decimals = if value >= 10.0 {
        0
    } else if value >= 1.0 {
        1
    } else {
        2
    };
    text.push('$');
    push_fixed(text, value, decimals);
    text.push('B');
}

/// "$40B", "$1.2B", "$0.35B".
fn usd_b_text(value: f64) -> String {
    let mut text = string_with_capacity(AMOUNT_CAPACITY);
    push_usd_b(&mut text, value);
    text
}

/// What the run marks on its time charts: deals signed, options confirmed or lapsed, funding paid or
/// triggered, the IPO, the start of distress and the reference points, each with its amount and source.
pub(super) fn annotations(
    s: &Scenario,
    d: &decisions::Decisions,
    horizon: usize,
) -> Vec<Annotation> {
    use crate::run::DecisionKind as K;
    const MODEL: &str = "Model decision";
    let inside = |m: Month| m.0 >= 0 && (m.0 as usize) < horizon;
    let note = |month, label: String, kind, amount: String, source: &str| Annotation {
        month,
        label,
        kind,
        amount,
        source: kept_string(source),
    };
    // At most one note per decision event, contract and funding event, the IPO and the two markers.
    let mut notes = Vec::with_capacity(d.events.len() + s.contracts.len() + s.funding.len() + 3);
    for e in &d.events {
        match e.kind {
            K::DistressBegins => notes.push(note(
                e.month,
                concat(&["Distress begins (", &e.subject, ")"]),
                AnnotationKind::Distress,
                String::new(),
                MODEL,
            )),
            K::OptionConfirmed | K::OptionLapsed => notes.push(note(
                e.month,
                capitalised_with(e.kind.label(), &[": ", &e.subject]),
                AnnotationKind::Option,
                fixed_with(e.amount, 1, " GW"),
                MODEL,
            )),
            _ => {}
        }
    }
    for c in s.contracts.iter().filter(|c| inside(c.signed)) {
        let gw = c.ramp.iter().map(|r| r.cumulative_gw).fold(0.0, f64::max);
        let amount = match c.pricing {
            crate::Pricing::LeaseTotal { total_value_usd_b } if total_value_usd_b > 0.0 => {
                let mut amount = fixed_with(gw, 1, " GW, ");
                push_usd_b(&mut amount, total_value_usd_b);
                amount
            }
            _ => fixed_with(gw, 1, " GW"),
        };
        notes.push(note(
            c.signed,
            concat(&[c.id.as_str(), ": ", &c.name]),
            AnnotationKind::Deal,
            amount,
            &c.source,
        ));
    }
    let trigger = finance::trigger_month(&s.params);
    for f in &s.funding {
        let (month, label) = match f.timing {
            crate::funding::FundingTiming::At(m) => (Some(m), kept_string(&f.label)),
            crate::funding::FundingTiming::OnTrigger {
                lag_months,
                expires,
            } => (
                trigger
                    .map(|t| t.plus(i32::from(lag_months)))
                    .filter(|m| *m <= expires),
                concat(&[f.label.as_str(), " (triggered)"]),
            ),
        };
        if let Some(m) = month.filter(|m| inside(*m)) {
            notes.push(note(
                m,
                label,
                AnnotationKind::Funding,
                usd_b_text(f.amount_usd_b),
                &f.source,
            ));
        }
    }
    let p = &s.params;
    if p[crate::ParamId::IpoDate] > 0.0 {
        let m = Month::from_decimal_start(p[crate::ParamId::IpoDate]);
        if inside(m) {
            let raise = p[crate::ParamId::IpoPrimary];
            notes.push(note(
                m,
                kept_string("IPO"),
                AnnotationKind::Ipo,
                if raise > 0.0 {
                    let mut amount = usd_b_text(raise);
                    amount.push_str(" primary");
                    amount
                } else {
                    String::new()
                },
                "Scenario input (ipo_date)",
            ));
        }
    }
    notes.push(note(
        Month::from_ym(2025, 12),
        kept_string("Friar: ~1.9 GW at end-2025"),
        AnnotationKind::Marker,
        kept_string("1.9 GW"),
        "Friar (OpenAI CFO), Jan 18 2026 [P]",
    ));
    notes.push(note(
        HISTORY_END,
        kept_string("End of observed history"),
        AnnotationKind::Marker,
        String::new(),
        "Model",
    ));
    crate::sort::sort_by_key(&mut notes, |n| n.month);
    notes
}

/// `parts` one after another, in one string (a kept one: see [`kept_string`]).
fn concat(parts: &[&str]) -> String {
    let mut out = string_with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `text` with its first letter capitalised, then `rest`, in one allocation.
fn capitalised_with(text: &str, rest: &[&str]) -> String {
    let mut chars = text.chars();
    let len = text.len() + rest.iter().map(|r| r.len()).sum::<usize>();
    let mut out = string_with_capacity(len);
    if let Some(first) = chars.next() {
        // ASCII: the model's own labels; Unicode's case tables would cost the web build 3.7 KB.
        out.push(first.to_ascii_uppercase());
        out.push_str(chars.as_str());
    }
    for r in rest {
        out.push_str(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn std_fixed(value: f64, decimals: usize) -> String {
        format!("{value:.decimals$}")
    }

    #[test]
    fn ties_and_edges_are_written_as_the_standard_library_writes_them() {
        let values = [
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.5,
            1.5,
            2.5,
            0.005,
            0.015,
            0.125,
            0.995,
            // Near-ties decided from the double's bits: 2.675 is stored below the half, 8.345 above.
            2.675,
            1.005,
            0.285,
            8.345,
            1.15,
            0.55,
            0.45,
            9.95,
            9.995,
            99.5,
            1e-9,
            0.999_999_999,
            123_456_789.5,
            999_999_999.4,
            1e9,
            4.2e15,
            1e300,
            -3.25,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for value in values {
            for decimals in 0..4 {
                assert_eq!(
                    fixed_with(value, decimals, ""),
                    std_fixed(value, decimals),
                    "{value:e} to {decimals}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn fixed_matches_the_standard_library(mantissa in 0u64..2_000_000_000, exponent in -9i32..4,
                                              decimals in 0usize..3, nudge in -2i64..3) {
            let base = mantissa as f64 * 10f64.powi(exponent);
            let value = f64::from_bits((base.to_bits() as i64 + nudge).max(0) as u64);
            prop_assert_eq!(fixed_with(value, decimals, ""), std_fixed(value, decimals));
            prop_assert_eq!(fixed_with(-value, decimals, ""), std_fixed(-value, decimals));
        }

        #[test]
        fn fixed_matches_the_standard_library_at_any_magnitude(bits in any::<u64>(), decimals in 0usize..3) {
            let value = f64::from_bits(bits);
            prop_assert_eq!(fixed_with(value, decimals, ""), std_fixed(value, decimals));
        }
    }
}

//! Number formatting for read-outs, ticks and tables.

use crate::Unit;

/// A value with its unit for hover read-outs ("$12.3B", "1.90 GW", "45.2%"). NaN or infinite gives "–".
pub fn format_value(value: f64, unit: Unit) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    match unit {
        Unit::UsdB => format_usd_b(value, 3),
        Unit::UsdBPerYear => format!("{}/yr", format_usd_b(value, 3)),
        Unit::Gw => format!("{} GW", sig(value, 3)),
        Unit::TwhPerYear => format!("{} TWh/yr", sig(value, 3)),
        Unit::Percent => format!("{}%", fixed(value, 1)),
        Unit::UsdPerMtok => format!("{}/Mtok", dollars(value)),
        Unit::UsdPerHour => format!("{}/hr", dollars(value)),
        Unit::Months => format!("{} mo", fixed(value, 0)),
        Unit::Multiple => format!("{}×", sig(value, 3)),
        Unit::MillionH100e => format!("{}M H100e", sig(value, 3)),
        Unit::Millions => format!("{}M", sig(value, 3)),
        Unit::Stage => crate::distress::stage_label(value).to_string(),
    }
}

/// A compact axis tick label ("$400B", "$1.2T", "12 GW", "45%", "$0.50"). `step` is the tick spacing, used
/// to choose how many decimals are needed to tell neighbouring ticks apart.
pub fn format_tick(value: f64, unit: Unit, step: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let decimals = decimals_for_step(step);
    let plain = |v: f64| trim_negative_zero(format!("{v:.decimals$}"));
    match unit {
        Unit::UsdB | Unit::UsdBPerYear => {
            if value.abs() >= 1000.0 && step >= 100.0 {
                let d = decimals_for_step(step / 1000.0);
                format!(
                    "{}${}T",
                    sign(value),
                    trim_negative_zero(format!("{:.d$}", value.abs() / 1000.0))
                )
            } else {
                format!("{}${}B", sign(value), plain(value.abs()))
            }
        }
        Unit::Gw => format!("{} GW", plain(value)),
        Unit::TwhPerYear => format!("{} TWh", plain(value)),
        Unit::Percent => format!("{}%", plain(value)),
        Unit::UsdPerMtok | Unit::UsdPerHour => format!("{}${}", sign(value), plain(value.abs())),
        Unit::Months => format!("{} mo", plain(value)),
        Unit::Multiple => format!("{}×", plain(value)),
        Unit::MillionH100e | Unit::Millions => format!("{}M", plain(value)),
        Unit::Stage => plain(value),
    }
}

/// A value for the table and CSV: plain number with up to 6 significant digits, empty for NaN.
pub(crate) fn format_cell(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (5 - magnitude).clamp(0, 12) as usize;
    let s = format!("{value:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    // Cells feed CSV: keep the ASCII minus so spreadsheets parse them.
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

fn decimals_for_step(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 1;
    }
    let d = -(step.log10().floor());
    d.clamp(0.0, 6.0) as usize
}

fn sign(v: f64) -> &'static str {
    if v < 0.0 {
        "−"
    } else {
        ""
    }
}

fn trim_negative_zero(s: String) -> String {
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s.replacen('-', "−", 1)
    }
}

/// `value` with `digits` significant digits but never in scientific notation.
fn sig(value: f64, digits: i32) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).clamp(0, 6) as usize;
    trim_negative_zero(format!("{value:.decimals$}"))
}

fn fixed(value: f64, decimals: usize) -> String {
    trim_negative_zero(format!("{value:.decimals$}"))
}

fn dollars(value: f64) -> String {
    let decimals = if value.abs() >= 100.0 {
        0
    } else if value.abs() >= 0.1 {
        2
    } else {
        4
    };
    format!("{}${}", sign(value), fixed(value.abs(), decimals))
}

fn format_usd_b(value: f64, digits: i32) -> String {
    if value.abs() >= 1000.0 {
        format!("{}${}T", sign(value), sig(value.abs() / 1000.0, digits))
    } else if value.abs() < 1.0 && value != 0.0 {
        format!("{}${}M", sign(value), sig(value.abs() * 1000.0, digits))
    } else {
        format!("{}${}B", sign(value), sig(value.abs(), digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_carry_units() {
        assert_eq!(format_value(12.34, Unit::UsdB), "$12.3B");
        assert_eq!(format_value(1400.0, Unit::UsdB), "$1.40T");
        assert_eq!(format_value(-0.25, Unit::UsdB), "−$250M");
        assert_eq!(format_value(1.9, Unit::Gw), "1.90 GW");
        assert_eq!(format_value(45.25, Unit::Percent), "45.2%");
        assert_eq!(format_value(f64::NAN, Unit::Gw), "–");
        assert_eq!(format_value(17.6, Unit::Months), "18 mo");
    }

    #[test]
    fn ticks_are_compact() {
        assert_eq!(format_tick(400.0, Unit::UsdB, 200.0), "$400B");
        assert_eq!(format_tick(1200.0, Unit::UsdB, 200.0), "$1.2T");
        assert_eq!(format_tick(-50.0, Unit::UsdB, 50.0), "−$50B");
        assert_eq!(format_tick(2.5, Unit::Gw, 0.5), "2.5 GW");
        assert_eq!(format_tick(40.0, Unit::Percent, 20.0), "40%");
    }

    #[test]
    fn cells_keep_six_significant_digits() {
        assert_eq!(format_cell(1.23456789), "1.23457");
        assert_eq!(format_cell(1234.5), "1234.5");
        assert_eq!(format_cell(f64::NAN), "");
        assert_eq!(format_cell(-0.000012345678), "-0.0000123457");
        assert_eq!(format_cell(0.0), "0");
    }
}

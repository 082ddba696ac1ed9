//! When the lab is in distress (MODEL-SPEC-V2 §5), read from a run's `distress_stage` series: for the cash
//! chart's shading and note, and for the app's KPI strip, so both say the same thing.

use gigawatt_model::{Month, Run};

/// The words for a distress stage (0–3; fractions round, out-of-range values clamp).
pub fn stage_label(stage: f64) -> &'static str {
    match stage_of(stage) {
        0 => "none",
        1 => "1: short of minimum cash",
        2 => "2: renegotiating deliveries",
        _ => "3: arrears or default",
    }
}

/// A stage value as 0–3 (NaN and negative values are 0).
pub(crate) fn stage_of(value: f64) -> u8 {
    if value.is_finite() && value > 0.0 {
        value.round().min(3.0) as u8
    } else {
        0
    }
}

/// The first distressed month and the worst stage of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Distress {
    /// First month with stage ≥ 1.
    pub start: Month,
    /// The stage in that month.
    pub start_stage: u8,
    /// Highest stage reached over the run.
    pub worst: u8,
    /// First month at the highest stage.
    pub worst_month: Month,
}

impl Distress {
    /// Short form for the KPI strip: "2029-04, stage 3".
    pub fn short(&self) -> String {
        format!("{}, stage {}", self.start, self.worst)
    }

    /// One sentence for notes and hints.
    pub fn sentence(&self) -> String {
        let begins = format!(
            "Distress begins {} (stage {})",
            self.start,
            stage_label(f64::from(self.start_stage))
        );
        if self.worst > self.start_stage {
            format!(
                "{begins}; worst: stage {} from {}.",
                stage_label(f64::from(self.worst)),
                self.worst_month
            )
        } else {
            format!("{begins}.")
        }
    }
}

/// Words when the run has no distressed month.
pub const NO_DISTRESS: &str = "No distress";

/// The run's distress, or `None` when `distress_stage` is 0 throughout.
pub fn distress(run: &Run) -> Option<Distress> {
    let mut found: Option<Distress> = None;
    for (&month, value) in run.months.iter().zip(&run.series.distress_stage) {
        let stage = stage_of(*value);
        match &mut found {
            None if stage >= 1 => {
                found = Some(Distress {
                    start: month,
                    start_stage: stage,
                    worst: stage,
                    worst_month: month,
                });
            }
            Some(d) if stage > d.worst => {
                d.worst = stage;
                d.worst_month = month;
            }
            _ => {}
        }
    }
    found
}

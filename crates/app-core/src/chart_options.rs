//! A chart's options, split by what they change: [`Shaping`] changes the chart's *data* (the waterfall's
//! year, the years a Sankey sums, the capacity grouping), so chart data is a memo of the run and the shaping;
//! [`Drawing`] changes only the *picture* (theme, series switched off in the legend), so it redraws without
//! rebuilding data. [`ChartBody`] says what kind of chart an id is, and so which shaping control it offers.

use gigawatt_charts::{ChartData, ChartId, ChartOptions, Theme};
use gigawatt_model::Run;

/// What a chart's body is, after the chart crate's builders (`build/time`, `categories`, `flows`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartBody {
    /// Monthly series on a time axis; `groupable`: the stack switches between clouds and chip vendors.
    Time { groupable: bool },
    /// Named categories, of one year or summed over a window of years.
    Categories(Period),
    /// Money flowing between parties, summed over a window of years (the Sankey diagram).
    Flows,
}

/// The years a chart's body covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// One year (the P&L waterfall).
    Year,
    /// From one year to another, inclusive.
    Window,
}

impl ChartBody {
    pub fn of(id: ChartId) -> ChartBody {
        match id {
            ChartId::Waterfall => ChartBody::Categories(Period::Year),
            ChartId::Circularity => ChartBody::Categories(Period::Window),
            ChartId::Sankey => ChartBody::Flows,
            ChartId::Capacity => ChartBody::Time { groupable: true },
            _ => ChartBody::Time { groupable: false },
        }
    }

    /// The years the viewer picks for this body, if any.
    pub fn period(self) -> Option<Period> {
        match self {
            ChartBody::Categories(period) => Some(period),
            ChartBody::Flows => Some(Period::Window),
            ChartBody::Time { .. } => None,
        }
    }
}

/// The viewer's choices that change a chart's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shaping {
    /// The year of a one-year chart.
    pub year: i32,
    /// Years (inclusive) a windowed chart sums.
    pub window: (i32, i32),
    /// Capacity stacked by chip vendor instead of cloud.
    pub by_vendor: bool,
}

impl Default for Shaping {
    fn default() -> Self {
        let defaults = ChartOptions::default();
        Shaping {
            year: defaults.year,
            window: defaults.window,
            by_vendor: defaults.by_vendor,
        }
    }
}

impl Shaping {
    /// The same choices kept inside `years` (a shorter horizon can remove the year that was picked), with the
    /// window in order.
    pub fn within(self, years: &[i32]) -> Shaping {
        let (first, last) = match (years.first(), years.last()) {
            (Some(first), Some(last)) => (*first, (*last).max(*first)),
            _ => return self,
        };
        let clamp = |y: i32| y.clamp(first, last);
        let from = clamp(self.window.0);
        Shaping {
            year: clamp(self.year),
            window: (from, clamp(self.window.1).max(from)),
            by_vendor: self.by_vendor,
        }
    }

    /// The chart crate's options for building data: these choices, drawing options at their defaults.
    pub fn data_options(self) -> ChartOptions {
        self.with(&Drawing::default())
    }

    /// The chart crate's options for drawing: these choices with `drawing`.
    pub fn with(self, drawing: &Drawing) -> ChartOptions {
        ChartOptions {
            theme: drawing.theme,
            hidden: drawing.hidden.clone(),
            year: self.year,
            window: self.window,
            by_vendor: self.by_vendor,
        }
    }
}

/// The data of chart `id` for `run` shaped by `shaping`, with `compare` (the pinned scenario A's run)
/// overlaid dashed when there is one.
pub fn shaped_data(id: ChartId, run: &Run, compare: Option<&Run>, shaping: Shaping) -> ChartData {
    let opts = shaping.data_options();
    let data = gigawatt_charts::chart_data(id, run, &opts);
    match compare {
        Some(a) => {
            gigawatt_charts::with_comparison(&data, &gigawatt_charts::chart_data(id, a, &opts))
        }
        None => data,
    }
}

/// The viewer's choices that change only the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    pub theme: Theme,
    /// Series names switched off in the legend.
    pub hidden: Vec<String>,
}

impl Default for Drawing {
    fn default() -> Self {
        Drawing {
            theme: ChartOptions::default().theme,
            hidden: Vec::new(),
        }
    }
}

impl Drawing {
    /// Shows `name` if hidden, hides it if shown.
    pub fn toggled(&self, name: &str) -> Drawing {
        let mut hidden = self.hidden.clone();
        match hidden.iter().position(|h| h == name) {
            Some(pos) => {
                hidden.remove(pos);
            }
            None => hidden.push(name.to_string()),
        }
        Drawing {
            theme: self.theme,
            hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_has_a_body_and_windowed_ones_pick_years() {
        assert_eq!(
            ChartBody::of(ChartId::Waterfall).period(),
            Some(Period::Year)
        );
        assert_eq!(
            ChartBody::of(ChartId::Sankey).period(),
            Some(Period::Window)
        );
        assert_eq!(
            ChartBody::of(ChartId::Circularity).period(),
            Some(Period::Window)
        );
        assert_eq!(
            ChartBody::of(ChartId::Capacity),
            ChartBody::Time { groupable: true }
        );
        assert_eq!(ChartBody::of(ChartId::Cash).period(), None);
    }

    #[test]
    fn choices_stay_inside_the_run_and_the_window_in_order() {
        let years: Vec<i32> = (2025..=2032).collect();
        let s = Shaping {
            year: 2040,
            window: (2031, 2020),
            by_vendor: true,
        }
        .within(&years);
        assert_eq!(s.year, 2032);
        assert_eq!(s.window, (2031, 2031));
        assert!(s.by_vendor);
        assert_eq!(Shaping::default().within(&[]), Shaping::default());
    }

    #[test]
    fn compared_data_adds_the_pinned_runs_lines() {
        let run = gigawatt_model::simulate(&gigawatt_model::Scenario::default());
        let alone = shaped_data(ChartId::Cash, &run, None, Shaping::default());
        let compared = shaped_data(ChartId::Cash, &run, Some(&run), Shaping::default());
        assert!(compared.series.len() > alone.series.len());
    }

    #[test]
    fn shaping_and_drawing_make_the_chart_options() {
        let drawing = Drawing {
            theme: Theme::Dark,
            hidden: Vec::new(),
        }
        .toggled("Cash");
        assert_eq!(drawing.hidden, ["Cash"]);
        assert!(drawing.toggled("Cash").hidden.is_empty());
        let opts = Shaping::default().with(&drawing);
        assert_eq!(opts.theme, Theme::Dark);
        assert_eq!(opts.year, ChartOptions::default().year);
        assert_eq!(Shaping::default().data_options(), ChartOptions::default());
    }
}

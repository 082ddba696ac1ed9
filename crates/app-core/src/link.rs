//! The app's state as a share link and back: what a link records (scenario, pinned scenario, tab and KPI
//! year) and what the link notice says about the last link opened. The codec itself is `gigawatt_model::link`.

use gigawatt_model::link::{Decoded, LinkState, View};
use gigawatt_model::Scenario;

use crate::tab::Tab;

/// Year the KPI strip opens on (and the year a link without `year=` means).
pub const DEFAULT_KPI_YEAR: i32 = 2030;

/// The tab a link names (by [`Tab::id`]); `None` for an absent or unknown tab.
pub fn tab_from_link(view: &View) -> Option<Tab> {
    Tab::from_id(view.tab.as_deref()?)
}

/// The link state of what the app shows. The opening tab and year are left out of the link when they are
/// the defaults (shorter links; a link without them opens on the same defaults).
pub fn link_state(
    scenario: &Scenario,
    pinned: Option<&Scenario>,
    tab: Tab,
    year: i32,
) -> LinkState {
    LinkState {
        scenario: scenario.clone(),
        pinned: pinned.cloned(),
        view: View {
            tab: (tab != Tab::Overview).then(|| tab.id().to_string()),
            year: (year != DEFAULT_KPI_YEAR).then_some(year),
            embed: None,
            theme: None,
        },
    }
}

/// The query the app's address bar shows once `decoded` is loaded (its state, canonically encoded).
pub fn shown_query(decoded: &Decoded) -> String {
    let linked = &decoded.state;
    gigawatt_model::link::encode(&link_state(
        &linked.scenario,
        linked.pinned.as_ref(),
        tab_from_link(&linked.view).unwrap_or_default(),
        linked.view.year.unwrap_or(DEFAULT_KPI_YEAR),
    ))
}

/// What the link notice says about the last link opened.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkNotes {
    /// Sentences about a link read in full (`Decoded::notices`, e.g. made with economics v1): nothing was
    /// lost, so they are not presented as problems.
    pub notices: Vec<String>,
    /// What was ignored or replaced, and why (`Decoded::warnings`).
    pub warnings: Vec<String>,
}

impl LinkNotes {
    pub fn of(decoded: &Decoded) -> LinkNotes {
        LinkNotes {
            notices: decoded.notices.clone(),
            warnings: decoded.warnings.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.notices.is_empty() && self.warnings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gigawatt_model::link;

    #[test]
    fn default_tab_and_year_stay_out_of_the_link() {
        let s = Scenario::default();
        let plain = link_state(&s, None, Tab::Overview, DEFAULT_KPI_YEAR);
        assert_eq!(plain.view, View::default());
        let moved = link_state(&s, Some(&s), Tab::Money, 2028);
        assert_eq!(moved.view.tab.as_deref(), Some("money"));
        assert_eq!(moved.view.year, Some(2028));
        let back = link::decode(&link::encode(&moved));
        assert_eq!(tab_from_link(&back.state.view), Some(Tab::Money));
        assert_eq!(back.state.view.year, Some(2028));
        assert!(back.state.pinned.is_some());
    }
}

//! The app's one state and its pure transition.
//!
//! [`AppState`] holds everything a person can change and a link records: the scenario's undo history, the
//! pinned scenario "A", the open tab and the KPI year, plus what the link notice says about the last link
//! opened. [`AppState::next`] is the only way it changes; the Yew app is a reducer over it.
//!
//! Pinning is not an undo step. Undo and Redo (the buttons and Ctrl+Z) walk the *scenario's* history, as the
//! toolbar they sit in says; pinning is a view of it, with its own inverse one click away (Pin as A / Unpin
//! A), and Back and Forward in the browser step through pins like any other discrete action (each is a new
//! history entry of the address bar). So undoing an edit made after pinning changes B, never A.

use std::rc::Rc;

use gigawatt_model::link::Decoded;
use gigawatt_model::{Run, Scenario};

use crate::history::{self, History};
use crate::link::{link_state, tab_from_link, LinkNotes, DEFAULT_KPI_YEAR};
use crate::tab::Tab;

/// Everything the app shows that is not derived from it.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The scenario ("B") with its undo and redo stacks.
    pub history: History,
    /// The scenario pinned as "A" for comparison.
    pub pinned: Option<Rc<Scenario>>,
    pub tab: Tab,
    /// The year the KPI strip is read at, as chosen (see [`AppState::shown_year`] for the one shown).
    pub kpi_year: i32,
    /// What the link notice says about the last link opened (empty: no notice).
    pub notes: LinkNotes,
}

/// What can happen to the app's state.
// An edit carries a whole contract; messages are moved once, not stored, so their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Msg {
    /// An edit of the scenario, or undo and redo ([`history::Msg`]).
    Scenario(history::Msg),
    /// Freeze the current scenario as "A".
    Pin,
    Unpin,
    SelectTab(Tab),
    SelectYear(i32),
    /// Hide the link notice.
    DismissNotes,
    /// Open a decoded link (Back or Forward reached another entry): scenario (one undo step), pinned
    /// scenario, tab and year are set in this one transition; its notices and warnings replace the notice
    /// when it has any.
    LoadLink(Rc<Decoded>),
}

impl From<history::Msg> for Msg {
    fn from(msg: history::Msg) -> Msg {
        Msg::Scenario(msg)
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new(Scenario::default())
    }
}

impl AppState {
    /// The app on `scenario`, nothing pinned, the first tab, the default KPI year, no notice.
    pub fn new(scenario: Scenario) -> AppState {
        AppState {
            history: History::new(scenario),
            pinned: None,
            tab: Tab::Overview,
            kpi_year: DEFAULT_KPI_YEAR,
            notes: LinkNotes::default(),
        }
    }

    /// The app opened on a link: every part of it, and its notes as the notice.
    pub fn from_link(decoded: &Decoded) -> AppState {
        let state = &decoded.state;
        AppState {
            history: History::new(state.scenario.clone()),
            pinned: state.pinned.clone().map(Rc::new),
            tab: tab_from_link(&state.view).unwrap_or_default(),
            kpi_year: state.view.year.unwrap_or(DEFAULT_KPI_YEAR),
            notes: LinkNotes::of(decoded),
        }
    }

    /// The scenario everything is computed from ("B").
    pub fn scenario(&self) -> &Scenario {
        self.history.scenario()
    }

    /// What a share link of this state records.
    pub fn link_state(&self) -> gigawatt_model::link::LinkState {
        link_state(
            self.scenario(),
            self.pinned.as_deref(),
            self.tab,
            self.kpi_year,
        )
    }

    /// The query a link of this state has (what the address bar should say).
    /// The step the address bar's entry belongs to: the undo step, the pinned scenario, the tab and the
    /// year. The URL writer replaces the entry while it stays the same and pushes a new one when it changes.
    pub fn url_step(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.history.step.hash(&mut hasher);
        self.pinned
            .as_ref()
            .map(|p| Rc::as_ptr(p) as usize)
            .hash(&mut hasher);
        self.tab.hash(&mut hasher);
        self.kpi_year.hash(&mut hasher);
        hasher.finish()
    }

    pub fn link_query(&self) -> String {
        gigawatt_model::link::encode(&self.link_state())
    }

    /// The KPI year on screen: the chosen one when `run` covers it, else the run's last year.
    pub fn shown_year(&self, run: &Run) -> i32 {
        let years = crate::shared::run_years(run);
        if years.contains(&self.kpi_year) {
            self.kpi_year
        } else {
            years.last().copied().unwrap_or(DEFAULT_KPI_YEAR)
        }
    }

    /// The pure transition: the state after `msg`.
    pub fn next(&self, msg: Msg) -> AppState {
        let mut next = self.clone();
        match msg {
            Msg::Scenario(msg) => next.history = self.history.next(msg),
            Msg::Pin => next.pinned = Some(Rc::new(self.scenario().clone())),
            Msg::Unpin => next.pinned = None,
            Msg::SelectTab(tab) => next.tab = tab,
            Msg::SelectYear(year) => next.kpi_year = year,
            Msg::DismissNotes => next.notes = LinkNotes::default(),
            Msg::LoadLink(decoded) => {
                let linked = &decoded.state;
                next.history = self
                    .history
                    .next(history::Msg::Replace(Rc::new(linked.scenario.clone())));
                next.pinned = linked.pinned.clone().map(Rc::new);
                next.tab = tab_from_link(&linked.view).unwrap_or_default();
                next.kpi_year = linked.view.year.unwrap_or(DEFAULT_KPI_YEAR);
                let notes = LinkNotes::of(&decoded);
                if !notes.is_empty() {
                    next.notes = notes;
                }
            }
        }
        next
    }

    /// Whether `self` and `other` are the same state as far as rendering goes: the same history (by
    /// identity, see `History`'s `PartialEq`), the same pinned scenario (by identity), tab, year and notes.
    pub fn same_as(&self, other: &AppState) -> bool {
        self.history == other.history
            && match (&self.pinned, &other.pinned) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
            && self.tab == other.tab
            && self.kpi_year == other.kpi_year
            && self.notes == other.notes
    }
}

/// Identity where it is cheap to decide: see [`AppState::same_as`].
impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.same_as(other)
    }
}

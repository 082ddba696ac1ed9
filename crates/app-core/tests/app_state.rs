//! The app's state natively: undo history bounds and order (property tests), pin and unpin, the atomic link
//! load, and the URL writer driven by real states through a whole session.

use std::rc::Rc;

use gigawatt_app_core::history::{self, History, UNDO_LIMIT};
use gigawatt_app_core::link::{shown_query, LinkNotes, DEFAULT_KPI_YEAR};
use gigawatt_app_core::url::{UrlWrite, UrlWriter};
use gigawatt_app_core::{AppState, Msg, Tab};
use gigawatt_model::link::{self, LinkState, View};
use gigawatt_model::{Action, ParamId, PresetId, Scenario};
use proptest::prelude::*;

fn set(value: f64, gesture: Option<&str>) -> Msg {
    history::Msg::Apply {
        action: Action::SetParam(ParamId::BaseDelayMonths, value),
        gesture: gesture.map(str::to_string),
    }
    .into()
}

fn edit(action: Action) -> Msg {
    history::Msg::Apply {
        action,
        gesture: None,
    }
    .into()
}

fn delay(state: &AppState) -> f64 {
    state.scenario().get(ParamId::BaseDelayMonths)
}

/// A step of a random session.
#[derive(Clone, Debug)]
enum Step {
    Set(u8),
    Drag(u8),
    Release,
    Undo,
    Redo,
    Bad,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1u8..30).prop_map(Step::Set),
        2 => (1u8..30).prop_map(Step::Drag),
        1 => Just(Step::Release),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
        1 => Just(Step::Bad),
    ]
}

fn msg_of(step: &Step) -> history::Msg {
    let apply = |v: f64, gesture: Option<&str>| history::Msg::Apply {
        action: Action::SetParam(ParamId::BaseDelayMonths, v),
        gesture: gesture.map(str::to_string),
    };
    match step {
        Step::Set(v) => apply(f64::from(*v), None),
        Step::Drag(v) => apply(f64::from(*v), Some("param:base_delay_months")),
        Step::Release => history::Msg::EndGesture,
        Step::Undo => history::Msg::Undo,
        Step::Redo => history::Msg::Redo,
        Step::Bad => apply(-5.0, None),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever happens, undo reaches at most UNDO_LIMIT steps back, every reachable scenario is valid, and
    /// undoing then redoing everything comes back to the same scenario.
    #[test]
    fn history_stays_bounded_and_undo_redo_are_inverse(steps in prop::collection::vec(step(), 0..260)) {
        let mut h = History::new(Scenario::default());
        for s in &steps {
            let before = h.undo_depth();
            h = h.next(msg_of(s));
            prop_assert!(h.undo_depth() <= UNDO_LIMIT);
            prop_assert!(h.undo_depth() <= before + 1, "one message adds at most one undo step");
            prop_assert!(h.scenario().validate().is_empty());
        }
        let present = h.scenario().clone();
        let depth = h.undo_depth();
        let had_redo = h.can_redo();
        for _ in 0..depth {
            h = h.next(history::Msg::Undo);
        }
        prop_assert!(!h.can_undo());
        for _ in 0..depth {
            h = h.next(history::Msg::Redo);
        }
        prop_assert_eq!(h.scenario(), &present);
        prop_assert_eq!(h.can_redo(), had_redo);
    }

    /// The KPI year and tab survive any scenario edit, undo or redo.
    #[test]
    fn view_choices_are_not_undone(steps in prop::collection::vec(step(), 0..40)) {
        let mut state = AppState::default().next(Msg::SelectTab(Tab::Money)).next(Msg::SelectYear(2028));
        for s in &steps {
            state = state.next(Msg::Scenario(msg_of(s)));
        }
        prop_assert_eq!(state.tab, Tab::Money);
        prop_assert_eq!(state.kpi_year, 2028);
    }
}

#[test]
fn a_drag_is_one_undo_step_and_a_new_drag_another() {
    let start = AppState::default();
    let original = delay(&start);
    let mut s = start.clone();
    for v in [7.0, 8.0, 9.0] {
        s = s.next(set(v, Some("param:base_delay_months")));
    }
    s = s.next(history::Msg::EndGesture.into());
    assert_eq!(s.history.undo_depth(), 1);
    s = s.next(set(10.0, Some("param:base_delay_months")));
    assert_eq!(
        s.history.undo_depth(),
        2,
        "a new drag after release is a new step"
    );
    s = s.next(history::Msg::Undo.into());
    assert_eq!(delay(&s), 9.0);
    s = s.next(history::Msg::Undo.into());
    assert_eq!(delay(&s), original);
    assert!(!s.history.can_undo());
    s = s
        .next(history::Msg::Redo.into())
        .next(history::Msg::Redo.into());
    assert_eq!(delay(&s), 10.0);
}

#[test]
fn a_rejected_edit_changes_nothing_and_says_why() {
    let s = AppState::default().next(set(-5.0, None));
    assert_eq!(s.scenario(), &Scenario::default());
    assert!(!s.history.can_undo());
    let error = s.history.last_error.clone().expect("an error message");
    assert!(error.contains("base_delay_months"), "{error}");
}

#[test]
fn the_undo_stack_is_bounded_and_redo_is_cleared_by_a_new_edit() {
    let mut s = AppState::default();
    for i in 0..(UNDO_LIMIT + 20) {
        s = s.next(set((i % 17) as f64 + 1.0, None));
    }
    assert_eq!(s.history.undo_depth(), UNDO_LIMIT);
    s = s.next(history::Msg::Undo.into());
    assert!(s.history.can_redo());
    s = s.next(edit(Action::LoadPreset(PresetId::Bear)));
    assert!(!s.history.can_redo());
    assert_eq!(s.scenario().preset, PresetId::Bear);
}

#[test]
fn deleting_names_what_undo_restores() {
    let s = AppState::default();
    let first = s.scenario().contracts[0].id.clone();
    let s = s.next(edit(Action::RemoveContract(0)));
    let note = s.history.last_deletion.clone().expect("a deletion note");
    assert!(note.contains(&first), "{note}");
    let s = s.next(history::Msg::Undo.into());
    assert_eq!(s.scenario().contracts[0].id, first);
    assert!(s.history.last_deletion.is_none());
}

#[test]
fn pinning_freezes_a_and_is_not_an_undo_step() {
    let s = AppState::default().next(set(9.0, None));
    let depth = s.history.undo_depth();
    let pinned = s.next(Msg::Pin);
    assert_eq!(pinned.pinned.as_deref(), Some(pinned.scenario()));
    assert_eq!(
        pinned.history.undo_depth(),
        depth,
        "pinning adds no undo step"
    );
    // B moves on; A stays.
    let edited = pinned.next(set(12.0, None));
    assert_eq!(
        edited
            .pinned
            .as_deref()
            .map(|a| a.get(ParamId::BaseDelayMonths)),
        Some(9.0)
    );
    assert_eq!(delay(&edited), 12.0);
    // Undo changes B, never A.
    let undone = edited.next(history::Msg::Undo.into());
    assert_eq!(delay(&undone), 9.0);
    assert!(undone.pinned.is_some());
    let unpinned = undone.next(Msg::Unpin);
    assert!(unpinned.pinned.is_none());
    assert_eq!(delay(&unpinned), 9.0);
    // The link records the pin.
    assert!(pinned.link_state().pinned.is_some());
    assert!(unpinned.link_state().pinned.is_none());
}

#[test]
fn the_same_state_is_recognised_without_comparing_scenarios() {
    let s = AppState::default();
    assert!(s.same_as(&s.clone()));
    assert!(s.same_as(&s.next(Msg::SelectTab(Tab::Overview))));
    assert!(!s.same_as(&s.next(Msg::SelectTab(Tab::Risk))));
    assert!(!s.same_as(&s.next(Msg::Pin)), "a new pin is a new state");
    assert!(s.same_as(&s.next(set(s.scenario().get(ParamId::BaseDelayMonths), None))));
}

fn linked_state() -> (LinkState, Rc<gigawatt_model::Decoded>) {
    let mut b = Scenario::preset(PresetId::Bear);
    b.apply(Action::SetParam(ParamId::BaseDelayMonths, 11.0))
        .unwrap();
    let state = LinkState {
        scenario: b,
        pinned: Some(Scenario::default()),
        view: View {
            tab: Some("money".to_string()),
            year: Some(2028),
            embed: None,
            theme: None,
        },
    };
    let decoded = Rc::new(link::decode(&link::encode(&state)));
    (state, decoded)
}

#[test]
fn opening_a_link_sets_every_field_in_one_transition() {
    let (linked, decoded) = linked_state();
    let before = AppState::default()
        .next(Msg::SelectYear(2033))
        .next(set(3.0, None));
    let after = before.next(Msg::LoadLink(decoded.clone()));
    assert_eq!(after.scenario(), &linked.scenario);
    assert_eq!(after.pinned.as_deref(), linked.pinned.as_ref());
    assert_eq!(after.tab, Tab::Money);
    assert_eq!(after.kpi_year, 2028);
    assert_eq!(
        after.link_query(),
        shown_query(&decoded),
        "the state shows exactly the entry"
    );
    // The scenario change is one undo step, back to what was shown before.
    assert_eq!(after.history.undo_depth(), before.history.undo_depth() + 1);
    assert_eq!(delay(&after.next(history::Msg::Undo.into())), 3.0);
    // A link without tab or year opens on the defaults.
    let plain = Rc::new(link::decode(""));
    let reset = after.next(Msg::LoadLink(plain));
    assert_eq!(
        (reset.tab, reset.kpi_year, reset.pinned.is_none()),
        (Tab::Overview, DEFAULT_KPI_YEAR, true)
    );
    // Starting on the link is the same state as loading it.
    let opened = AppState::from_link(&decoded);
    assert_eq!(opened.link_query(), after.link_query());
}

#[test]
fn a_link_with_warnings_shows_them_and_dismissing_hides_them() {
    let decoded = Rc::new(link::decode("v=2&s=%%%garbage"));
    assert!(!decoded.warnings.is_empty(), "a damaged link warns");
    let s = AppState::default().next(Msg::LoadLink(decoded.clone()));
    assert_eq!(s.notes, LinkNotes::of(&decoded));
    let dismissed = s.next(Msg::DismissNotes);
    assert!(dismissed.notes.is_empty());
    // A clean link afterwards does not bring back or replace the notice.
    let (_, clean) = linked_state();
    assert!(dismissed.next(Msg::LoadLink(clean)).notes.is_empty());
}

/// A whole session through the URL writer, with the states the app would render: a drag replaces, a pin
/// and a tab change push, Back loads the previous entry in one message and writes nothing.
#[test]
fn the_address_bar_follows_a_session() {
    let mut writer = UrlWriter::default();
    let mut state = AppState::default();
    let mut address = String::new();
    let mut entries: Vec<String> = vec![String::new()];
    let render = |state: &AppState,
                  writer: &mut UrlWriter,
                  address: &mut String,
                  entries: &mut Vec<String>| {
        match writer.render(
            state.link_query(),
            address,
            state.history.open_gesture(),
            state.url_step(),
        ) {
            UrlWrite::Nothing | UrlWrite::Hold(_) => {}
            UrlWrite::Replace(q) => {
                *entries.last_mut().unwrap() = q.clone();
                *address = q;
            }
            UrlWrite::Push { flush, query } => {
                if let Some(f) = flush {
                    *entries.last_mut().unwrap() = f;
                }
                entries.push(query.clone());
                *address = query;
            }
        }
    };
    render(&state, &mut writer, &mut address, &mut entries);
    assert_eq!(entries.len(), 1, "start-up writes no entry");
    for v in [7.0, 8.0, 9.0] {
        state = state.next(set(v, Some("param:base_delay_months")));
        render(&state, &mut writer, &mut address, &mut entries);
    }
    state = state.next(history::Msg::EndGesture.into());
    render(&state, &mut writer, &mut address, &mut entries);
    assert_eq!(entries.len(), 2, "one drag, one entry");
    state = state.next(Msg::Pin);
    render(&state, &mut writer, &mut address, &mut entries);
    state = state.next(Msg::SelectTab(Tab::Ownership));
    render(&state, &mut writer, &mut address, &mut entries);
    assert_eq!(entries.len(), 4, "pin and tab are entries");
    // The drag's entry holds its final state (flushed before the pin's push).
    let drag_entry = link::decode(&entries[1]);
    assert_eq!(drag_entry.state.scenario.get(ParamId::BaseDelayMonths), 9.0);
    // Back: the pin's entry.
    let back = Rc::new(link::decode(&entries[2]));
    address = entries[2].clone();
    assert!(writer.pop(shown_query(&back)));
    state = state.next(Msg::LoadLink(back));
    assert_eq!((state.tab, state.pinned.is_some()), (Tab::Overview, true));
    assert_eq!(
        writer.render(state.link_query(), &address, None, state.url_step()),
        UrlWrite::Nothing,
        "the loaded state is the entry: nothing to write"
    );
    // Back again, to where the drag ended.
    let back = Rc::new(link::decode(&entries[1]));
    address = entries[1].clone();
    assert!(writer.pop(shown_query(&back)));
    state = state.next(Msg::LoadLink(back));
    assert!(state.pinned.is_none());
    assert_eq!(delay(&state), 9.0);
    assert_eq!(
        writer.render(state.link_query(), &address, None, state.url_step()),
        UrlWrite::Nothing
    );
}

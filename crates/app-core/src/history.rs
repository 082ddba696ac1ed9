//! The scenario's undo history: the current [`Scenario`] plus bounded undo and redo stacks.
//!
//! Every edit goes through [`Scenario::apply`] from the model; this module only adds history (undo, redo,
//! coalescing a slider drag into one step) and the bookkeeping the UI needs to show what happened (the last
//! rejected edit, the last deletion that can be undone).

use std::rc::Rc;

use gigawatt_model::{Action, Scenario};

/// How many past scenarios undo can reach. Old steps fall off the bottom.
pub const UNDO_LIMIT: usize = 100;

/// Scenario history. Scenarios are shared (`Rc`), so cloning the history on every edit copies pointers,
/// not a hundred scenarios.
#[derive(Clone, Debug)]
pub struct History {
    /// Oldest first; the last element is what undo returns to.
    past: Vec<Rc<Scenario>>,
    present: Rc<Scenario>,
    /// Most recently undone last.
    future: Vec<Rc<Scenario>>,
    /// Key of the continuous gesture (slider drag, typing) still in progress; edits with the same key
    /// replace the present instead of pushing a new undo step.
    open_gesture: Option<String>,
    /// Why the last edit was refused by the model, if it was.
    pub last_error: Option<String>,
    /// Description of the last deletion, shown with an "Undo" button until the next edit.
    pub last_deletion: Option<String>,
    /// Bumped on every change of `present`; lets effects and toasts tell edits apart.
    pub generation: u64,
    /// Bumped when a change starts a new undo step (not by the later edits of one gesture), and on undo,
    /// redo and replace: one step, one address-bar entry, however the edits were batched into renders.
    pub step: u64,
}

/// Identity, not deep equality: Yew compares handles on every render, and two histories are the same state
/// exactly when they share the present scenario at the same generation with the same stacks and messages.
impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.present, &other.present)
            && self.generation == other.generation
            && self.step == other.step
            && self.past.len() == other.past.len()
            && self.future.len() == other.future.len()
            && self.open_gesture == other.open_gesture
            && self.last_error == other.last_error
            && self.last_deletion == other.last_deletion
    }
}

/// What the reducer can be asked to do.
// An edit carries a whole contract; messages are moved once, not stored, so their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Msg {
    /// Apply a model action. `gesture` groups a stream of edits (one slider drag) into one undo step.
    Apply {
        action: Action,
        gesture: Option<String>,
    },
    /// A continuous gesture ended (slider released, field left); the next edit starts a new undo step.
    EndGesture,
    Undo,
    Redo,
    /// Forget the rejected-edit message.
    DismissError,
    /// Replace the whole scenario (an imported file, a saved scenario): one undo step.
    Replace(Rc<Scenario>),
}

impl History {
    /// A history holding only `scenario`.
    pub fn new(scenario: Scenario) -> History {
        History {
            past: Vec::new(),
            present: Rc::new(scenario),
            future: Vec::new(),
            open_gesture: None,
            last_error: None,
            last_deletion: None,
            generation: 0,
            step: 0,
        }
    }

    /// The scenario everything is computed from.
    pub fn scenario(&self) -> &Scenario {
        &self.present
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// The continuous gesture (slider drag, typing) still in progress, if any; the URL is replaced, not
    /// pushed, while it lasts.
    pub fn open_gesture(&self) -> Option<&str> {
        self.open_gesture.as_deref()
    }

    /// Number of steps undo can take (for labels and tests).
    pub fn undo_depth(&self) -> usize {
        self.past.len()
    }

    /// Pure transition used by the Yew reducer; public so it can be tested without a browser.
    pub fn next(&self, msg: Msg) -> History {
        let mut next = self.clone();
        match msg {
            Msg::Apply { action, gesture } => {
                let deletion = describe_deletion(&self.present, &action);
                let mut candidate = (*self.present).clone();
                match candidate.apply(action) {
                    Err(problem) => {
                        next.last_error = Some(problem.to_string());
                        next.open_gesture = None;
                        return next;
                    }
                    Ok(()) => {
                        if candidate == *self.present {
                            next.last_error = None;
                            next.open_gesture = gesture;
                            return next;
                        }
                        let continues_gesture =
                            gesture.is_some() && gesture == self.open_gesture && self.can_undo();
                        if !continues_gesture {
                            next.step += 1;
                            next.past.push(self.present.clone());
                            if next.past.len() > UNDO_LIMIT {
                                let overflow = next.past.len() - UNDO_LIMIT;
                                next.past.drain(..overflow);
                            }
                        }
                        next.present = Rc::new(candidate);
                        next.future.clear();
                        next.open_gesture = gesture;
                        next.last_error = None;
                        next.last_deletion = deletion;
                        next.generation += 1;
                    }
                }
            }
            Msg::EndGesture => next.open_gesture = None,
            Msg::Undo => {
                if let Some(previous) = next.past.pop() {
                    let current = std::mem::replace(&mut next.present, previous);
                    next.future.push(current);
                    next.after_jump();
                }
            }
            Msg::Redo => {
                if let Some(following) = next.future.pop() {
                    let current = std::mem::replace(&mut next.present, following);
                    next.past.push(current);
                    next.after_jump();
                }
            }
            Msg::DismissError => next.last_error = None,
            Msg::Replace(scenario) => {
                if *scenario != *self.present {
                    next.past.push(self.present.clone());
                    if next.past.len() > UNDO_LIMIT {
                        let overflow = next.past.len() - UNDO_LIMIT;
                        next.past.drain(..overflow);
                    }
                    next.present = scenario;
                    next.future.clear();
                    next.after_jump();
                }
            }
        }
        next
    }

    fn after_jump(&mut self) {
        self.step += 1;
        self.open_gesture = None;
        self.last_error = None;
        self.last_deletion = None;
        self.generation += 1;
    }
}

/// "Deleted contract L4" for a removal, so the toast can say what undo brings back.
fn describe_deletion(scenario: &Scenario, action: &Action) -> Option<String> {
    match action {
        Action::RemoveContract(i) => scenario
            .contracts
            .get(*i)
            .map(|c| format!("Deleted contract {} ({})", c.id, c.counterparty.label())),
        Action::RemoveFunding(i) => scenario.funding.get(*i).map(|f| {
            if f.label.is_empty() {
                format!("Deleted funding event from {}", f.investor.label())
            } else {
                format!("Deleted funding event “{}”", f.label)
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gigawatt_model::{ParamId, PresetId};

    fn set(value: f64, gesture: Option<&str>) -> Msg {
        Msg::Apply {
            action: Action::SetParam(ParamId::BaseDelayMonths, value),
            gesture: gesture.map(str::to_string),
        }
    }

    #[test]
    fn a_drag_is_one_undo_step_and_a_new_drag_another() {
        let start = History::new(Scenario::default());
        let original = start.scenario().get(ParamId::BaseDelayMonths);
        let mut h = start.clone();
        for v in [7.0, 8.0, 9.0] {
            h = h.next(set(v, Some("param:base_delay_months")));
        }
        h = h.next(Msg::EndGesture);
        assert_eq!(h.undo_depth(), 1);
        h = h.next(set(10.0, Some("param:base_delay_months")));
        assert_eq!(h.undo_depth(), 2, "a new drag after release is a new step");
        h = h.next(Msg::Undo);
        assert_eq!(h.scenario().get(ParamId::BaseDelayMonths), 9.0);
        h = h.next(Msg::Undo);
        assert_eq!(h.scenario().get(ParamId::BaseDelayMonths), original);
        assert!(!h.can_undo());
        h = h.next(Msg::Redo).next(Msg::Redo);
        assert_eq!(h.scenario().get(ParamId::BaseDelayMonths), 10.0);
    }

    #[test]
    fn a_rejected_edit_changes_nothing_and_says_why() {
        let h = History::new(Scenario::default()).next(set(-5.0, None));
        assert_eq!(h.scenario(), &Scenario::default());
        assert!(!h.can_undo());
        let error = h.last_error.clone().expect("an error message");
        assert!(error.contains("base_delay_months"), "{error}");
    }

    #[test]
    fn the_undo_stack_is_bounded_and_redo_is_cleared_by_a_new_edit() {
        let mut h = History::new(Scenario::default());
        for i in 0..(UNDO_LIMIT + 20) {
            h = h.next(set((i % 17) as f64 + 1.0, None));
        }
        assert_eq!(h.undo_depth(), UNDO_LIMIT);
        h = h.next(Msg::Undo);
        assert!(h.can_redo());
        h = h.next(Action::LoadPreset(PresetId::Bear).into_msg());
        assert!(!h.can_redo());
        assert_eq!(h.scenario().preset, PresetId::Bear);
    }

    #[test]
    fn deleting_names_what_undo_restores() {
        let h = History::new(Scenario::default());
        let first = h.scenario().contracts[0].id.clone();
        let h = h.next(Action::RemoveContract(0).into_msg());
        let note = h.last_deletion.clone().expect("a deletion note");
        assert!(note.contains(&first), "{note}");
        let h = h.next(Msg::Undo);
        assert_eq!(h.scenario().contracts[0].id, first);
        assert!(h.last_deletion.is_none());
    }

    trait IntoMsg {
        fn into_msg(self) -> Msg;
    }
    impl IntoMsg for Action {
        fn into_msg(self) -> Msg {
            Msg::Apply {
                action: self,
                gesture: None,
            }
        }
    }
}

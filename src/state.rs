//! The app's single source of truth: the current [`Scenario`] plus bounded undo/redo stacks.
//!
//! Every transition goes through [`Scenario::apply`] from the model; this module only adds history
//! (undo, redo, coalescing a slider drag into one step) and the bookkeeping the UI needs to show what
//! happened (the last rejected edit, the last deletion that can be undone).

use std::rc::Rc;

use gigawatt_model::{Action, Scenario};
use yew::prelude::*;

/// How many past scenarios undo can reach. Old steps fall off the bottom.
pub const UNDO_LIMIT: usize = 100;

/// Scenario history. Cloned on every edit (a scenario is a few kilobytes), never mutated in place.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    /// Oldest first; the last element is what undo returns to.
    past: Vec<Scenario>,
    present: Scenario,
    /// Most recently undone last.
    future: Vec<Scenario>,
    /// Key of the continuous gesture (slider drag, typing) still in progress; edits with the same key
    /// replace the present instead of pushing a new undo step.
    open_gesture: Option<String>,
    /// Why the last edit was refused by the model, if it was.
    pub last_error: Option<String>,
    /// Description of the last deletion, shown with an "Undo" button until the next edit.
    pub last_deletion: Option<String>,
    /// Bumped on every change of `present`; lets effects and toasts tell edits apart.
    pub generation: u64,
}

/// What the reducer can be asked to do.
#[derive(Clone, Debug)]
pub enum Msg {
    /// Apply a model action. `gesture` groups a stream of edits (one slider drag) into one undo step.
    Apply { action: Action, gesture: Option<String> },
    /// A continuous gesture ended (slider released, field left); the next edit starts a new undo step.
    EndGesture,
    Undo,
    Redo,
    /// Forget the rejected-edit message.
    DismissError,
}

impl History {
    /// A history holding only `scenario`.
    pub fn new(scenario: Scenario) -> History {
        History {
            past: Vec::new(),
            present: scenario,
            future: Vec::new(),
            open_gesture: None,
            last_error: None,
            last_deletion: None,
            generation: 0,
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
                let mut candidate = self.present.clone();
                match candidate.apply(action) {
                    Err(problem) => {
                        next.last_error = Some(format!("{}: {}", problem.path, problem.message));
                        next.open_gesture = None;
                        return next;
                    }
                    Ok(()) => {
                        if candidate == self.present {
                            next.last_error = None;
                            next.open_gesture = gesture;
                            return next;
                        }
                        let continues_gesture =
                            gesture.is_some() && gesture == self.open_gesture && self.can_undo();
                        if !continues_gesture {
                            next.past.push(self.present.clone());
                            if next.past.len() > UNDO_LIMIT {
                                let overflow = next.past.len() - UNDO_LIMIT;
                                next.past.drain(..overflow);
                            }
                        }
                        next.present = candidate;
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
        }
        next
    }

    fn after_jump(&mut self) {
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

impl Reducible for History {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let next = self.next(msg);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// The handle components use to read the scenario and dispatch edits (provided as a context).
pub type ScenarioHandle = UseReducerHandle<History>;

/// Shorthand: dispatch a discrete model action (its own undo step).
pub fn apply(handle: &ScenarioHandle, action: Action) {
    handle.dispatch(Msg::Apply { action, gesture: None });
}

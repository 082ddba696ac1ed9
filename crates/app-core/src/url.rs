//! The address bar as a projection of the app's state, decided without a browser.
//!
//! After every render that changed what a link records, the shell encodes the state and asks
//! [`UrlWriter::render`] what to do: nothing (the address already says it), replace the current entry (the
//! same step as the last write: a gesture's later edits, or start-up canonicalisation) or push a new entry (a
//! new step: a discrete action, a new gesture), so Back and Forward step through what the person did. Steps
//! are the shell's (the undo step, the pin, the tab, the year), so a gesture's last edit that reaches the
//! writer in the same render as the gesture's end still replaces its entry. A gesture's replaces are held back ([`UrlWrite::Hold`]) until the
//! gesture pauses, because browsers throttle history writes; the shell writes a held query when its timer
//! fires ([`UrlWriter::take_held`]), and before a push ([`UrlWrite::Push::flush`]) so the gesture's entry
//! keeps its final state. On Back/Forward, [`UrlWriter::pop`] says whether the app must load the entry: the
//! load is one atomic message ([`crate::state::Msg::LoadLink`]), so the render after it already shows the
//! whole entry and writes nothing.

use gigawatt_model::link;

/// What the shell must do with the address bar after a render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlWrite {
    /// The URL already says this.
    Nothing,
    /// Overwrite the current history entry now (`history.replaceState`).
    Replace(String),
    /// Overwrite the current entry once the gesture pauses (a timer, then [`UrlWriter::take_held`]).
    Hold(String),
    /// Add a history entry (`history.pushState`), after writing `flush` over the current entry if present.
    Push {
        flush: Option<String>,
        query: String,
    },
}

/// Remembers what was last written so each render can decide between nothing, replace and push.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlWriter {
    /// The query last written, found in the address bar, or loaded from it.
    last_query: Option<String>,
    /// The step `last_query` belongs to.
    last_step: Option<u64>,
    /// A gesture's replace not yet written.
    held: Option<String>,
}

impl UrlWriter {
    /// Decides the write for the state encoded as `query`, given the address bar's query (without '?'), the
    /// gesture in progress (its writes are held back) and the step the state belongs to.
    pub fn render(
        &mut self,
        query: String,
        location_query: &str,
        gesture: Option<&str>,
        step: u64,
    ) -> UrlWrite {
        let open = gesture.is_some();
        let Some(last) = &self.last_query else {
            // First render: the address bar may hold a garbled or outdated link; show the canonical one
            // without adding a history entry.
            let same = query == location_query
                || (location_query.is_empty() && query == format!("v={}", link::LINK_VERSION));
            self.last_query = Some(query.clone());
            self.last_step = Some(step);
            return if same {
                UrlWrite::Nothing
            } else {
                self.replace(query, open)
            };
        };
        if *last == query {
            // Nothing a link records changed (a gesture ended, say): the next change of another step pushes.
            self.last_step = Some(step);
            return UrlWrite::Nothing;
        }
        let continues = self.last_step == Some(step);
        self.last_query = Some(query.clone());
        self.last_step = Some(step);
        if continues {
            self.replace(query, open)
        } else {
            UrlWrite::Push {
                flush: self.held.take(),
                query,
            }
        }
    }

    fn replace(&mut self, query: String, during_gesture: bool) -> UrlWrite {
        if during_gesture {
            self.held = Some(query.clone());
            UrlWrite::Hold(query)
        } else {
            self.held = None;
            UrlWrite::Replace(query)
        }
    }

    /// The held replace, to write now (the gesture paused); `None` when there is none any more.
    pub fn take_held(&mut self) -> Option<String> {
        self.held.take()
    }

    /// Back or Forward reached an entry whose state encodes as `target`. Returns whether the app must load
    /// it (false when it already shows it, e.g. after a jump between in-page anchors). Either way a held
    /// replace is dropped: it belongs to the entry just left.
    pub fn pop(&mut self, target: String) -> bool {
        self.held = None;
        if self.last_query.as_deref() == Some(target.as_str()) {
            return false;
        }
        self.last_query = Some(target);
        self.last_step = None;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> String {
        text.to_string()
    }

    fn push(query: &str) -> UrlWrite {
        UrlWrite::Push {
            flush: None,
            query: s(query),
        }
    }

    const DRAG: Option<&str> = Some("param:x");

    #[test]
    fn a_plain_address_is_left_alone_and_a_garbled_one_is_replaced() {
        let mut w = UrlWriter::default();
        assert_eq!(w.render(s("v=4"), "", None, 0), UrlWrite::Nothing);
        let mut w = UrlWriter::default();
        assert_eq!(
            w.render(s("v=4&s=abc"), "v=4&s=ab!!", None, 0),
            UrlWrite::Replace(s("v=4&s=abc"))
        );
    }

    #[test]
    fn a_drag_replaces_and_discrete_actions_push() {
        let mut w = UrlWriter::default();
        w.render(s("v=4"), "", None, 0);
        assert_eq!(
            w.render(s("q1"), "v=4", DRAG, 1),
            push("q1"),
            "a drag starts an entry"
        );
        assert_eq!(w.render(s("q2"), "q1", DRAG, 1), UrlWrite::Hold(s("q2")));
        assert_eq!(w.render(s("q3"), "q1", DRAG, 1), UrlWrite::Hold(s("q3")));
        // The gesture paused: the shell's timer writes the latest held query, once.
        assert_eq!(w.take_held(), Some(s("q3")));
        assert_eq!(w.take_held(), None);
        // Release: same state, gesture closed.
        assert_eq!(w.render(s("q3"), "q3", None, 1), UrlWrite::Nothing);
        // The same slider dragged again is a new step, so a new entry.
        assert_eq!(w.render(s("q4"), "q3", DRAG, 2), push("q4"));
        // A preset (no gesture) pushes, and so does the next one.
        assert_eq!(w.render(s("q5"), "q4", None, 3), push("q5"));
        assert_eq!(w.render(s("q6"), "q5", None, 4), push("q6"));
    }

    #[test]
    fn a_drags_last_edit_rendered_with_its_release_replaces_the_drags_entry() {
        // A slow page renders the last input and the release together: the step tells it is the same drag.
        let mut w = UrlWriter::default();
        w.render(s("v=4"), "", None, 0);
        assert_eq!(w.render(s("q1"), "v=4", DRAG, 1), push("q1"));
        assert_eq!(w.render(s("q2"), "q1", DRAG, 1), UrlWrite::Hold(s("q2")));
        assert_eq!(w.render(s("q3"), "q1", None, 1), UrlWrite::Replace(s("q3")));
        assert_eq!(w.take_held(), None, "the held write is superseded");
    }

    #[test]
    fn a_push_first_writes_the_held_replace() {
        let mut w = UrlWriter::default();
        w.render(s("v=4"), "", None, 0);
        w.render(s("q1"), "v=4", DRAG, 1);
        assert_eq!(w.render(s("q2"), "q1", DRAG, 1), UrlWrite::Hold(s("q2")));
        // A discrete action before the timer fired: the drag's entry gets its final state first.
        assert_eq!(
            w.render(s("q3"), "q1", None, 2),
            UrlWrite::Push {
                flush: Some(s("q2")),
                query: s("q3")
            }
        );
        assert_eq!(w.take_held(), None);
    }

    #[test]
    fn back_loads_the_entry_in_one_step_and_writes_nothing() {
        let mut w = UrlWriter::default();
        w.render(s("v=4"), "", None, 0);
        w.render(s("q1"), "v=4", None, 1);
        assert!(
            w.pop(s("v=4")),
            "the entry differs from what is shown: load it"
        );
        // The load is one message: the next render already shows the whole entry.
        assert_eq!(w.render(s("v=4"), "v=4", None, 2), UrlWrite::Nothing);
        // After the load, edits push again.
        assert_eq!(w.render(s("q2"), "v=4", None, 3), push("q2"));
        // Popping to what is already shown loads nothing.
        assert!(!w.pop(s("q2")));
    }

    #[test]
    fn back_drops_a_held_replace_of_the_entry_left() {
        let mut w = UrlWriter::default();
        w.render(s("v=4"), "", None, 0);
        w.render(s("q1"), "v=4", DRAG, 1);
        w.render(s("q2"), "q1", DRAG, 1);
        assert!(w.pop(s("v=4")));
        assert_eq!(
            w.take_held(),
            None,
            "writing it now would overwrite the entry Back reached"
        );
        // An edit right after the load is a new entry.
        assert_eq!(w.render(s("dragged"), "v=4", DRAG, 2), push("dragged"));
    }
}

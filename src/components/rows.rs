//! The one row editor behind the deal tables (contracts, funding events): a table with a heading, an add
//! button and one component per row. Every edit of a row is a modified copy applied as one model action
//! (`gigawatt_app_core::rows`), so undo covers it. A row re-renders only when its own props change: its
//! row, its index, what the row kind shares (the chip choices) and the stable dispatcher.

use gigawatt_app_core::rows::{committed, edited, row_key, Row};
use gigawatt_app_core::slug::Slug;
use gigawatt_model::Scenario;
use yew::prelude::*;

use super::cells::SelectCell;
use crate::state::{apply, edit, Dispatcher, ScenarioHandle};

/// The (slug, label) options of a select over an enum with stable slugs.
pub fn slug_options<T: Slug>(label: fn(T) -> &'static str) -> Vec<(String, String)> {
    T::ALL
        .iter()
        .map(|v| (v.slug().to_string(), label(*v).to_string()))
        .collect()
}

/// A select cell (one instance for every enum, not one per enum type).
fn select_cell(
    testid: String,
    label: String,
    options: Vec<(String, String)>,
    selected: &'static str,
    on_pick: Callback<String>,
) -> Html {
    html! { <SelectCell {testid} {label} {options} {selected} {on_pick} /> }
}

/// How one kind of row shows in the deal editor.
pub trait EditableRow: Row {
    /// What the view of every row needs besides the row (the chip choices of contracts).
    type Context: Clone + PartialEq + 'static;
    /// The prefix of the row's test ids: `<prefix>-row-<i>`, `<prefix>-<i>-<field>`.
    const TESTID: &'static str;

    fn context(scenario: &Scenario) -> Self::Context;

    /// The row's cells (`<td>`s), wired through `edit`.
    fn cells(edit: &RowEdit<Self>, context: &Self::Context) -> Html;
}

/// One row being edited: the row, where it is, and the callbacks that turn edits into actions.
pub struct RowEdit<R: Row> {
    pub index: usize,
    pub row: R,
    dispatcher: Dispatcher,
}

impl<R: EditableRow> RowEdit<R> {
    /// The test id of one of the row's fields.
    pub fn testid(&self, field: &str) -> String {
        format!("{}-{}-{field}", R::TESTID, self.index)
    }

    /// Applies `set` with the value picked in a select.
    pub fn pick(&self, set: fn(&str, &mut R)) -> Callback<String> {
        let (row, index, dispatcher) = (self.row.clone(), self.index, self.dispatcher.clone());
        Callback::from(move |value: String| {
            dispatcher.dispatch(edit(edited(&row, index, |r| set(&value, r))));
        })
    }

    /// Applies `set` with a value (a checkbox's state, a choice).
    pub fn set<V: 'static>(&self, set: fn(V, &mut R)) -> Callback<V> {
        let (row, index, dispatcher) = (self.row.clone(), self.index, self.dispatcher.clone());
        Callback::from(move |value: V| {
            dispatcher.dispatch(edit(edited(&row, index, |r| set(value, r))));
        })
    }

    /// A select over an enum with stable slugs (labelled by `name`), showing `current`; picking applies `set`.
    pub fn choice<T: Slug>(
        &self,
        field: &str,
        label: String,
        name: fn(T) -> &'static str,
        current: T,
        set: fn(T, &mut R),
    ) -> Html {
        let apply = self.set(set);
        let on_pick = Callback::from(move |value: String| {
            if let Some(picked) = T::from_slug(&value) {
                apply.emit(picked);
            }
        });
        select_cell(
            self.testid(field),
            label,
            slug_options(name),
            current.slug(),
            on_pick,
        )
    }

    /// Applies typed text through `parse`; a text that means nothing changes nothing and says why.
    pub fn commit(
        &self,
        parse: fn(&str, &mut R) -> Result<(), String>,
    ) -> Callback<String, Result<(), String>> {
        let (row, index, dispatcher) = (self.row.clone(), self.index, self.dispatcher.clone());
        Callback::from(move |text: String| {
            dispatcher.dispatch(edit(committed(&row, index, &text, parse)?));
            Ok(())
        })
    }

    /// Deletes the row (one undo step; the toast offers Undo).
    pub fn delete(&self) -> Callback<MouseEvent> {
        let (index, dispatcher) = (self.index, self.dispatcher.clone());
        Callback::from(move |_| dispatcher.dispatch(edit(R::remove(index))))
    }
}

#[derive(Properties, PartialEq)]
pub struct RowViewProps<R: EditableRow> {
    pub index: usize,
    pub row: R,
    pub context: R::Context,
    pub dispatcher: Dispatcher,
}

/// One row of a deal table.
#[component]
pub fn RowView<R: EditableRow>(props: &RowViewProps<R>) -> Html {
    let row = RowEdit {
        index: props.index,
        row: props.row.clone(),
        dispatcher: props.dispatcher.clone(),
    };
    let tr_id = format!("{}-row-{}", R::TESTID, props.index);
    // Debug builds (the browser tests) count this row's renders, so a test can check that editing one row
    // re-renders that row only. Release builds carry no counter.
    #[cfg(debug_assertions)]
    {
        let count = use_mut_ref(|| 0_u32);
        *count.borrow_mut() += 1;
        let renders = count.borrow().to_string();
        html! {
            <tr data-testid={tr_id} data-renders={renders}>{ R::cells(&row, &props.context) }</tr>
        }
    }
    #[cfg(not(debug_assertions))]
    html! {
        <tr data-testid={tr_id}>{ R::cells(&row, &props.context) }</tr>
    }
}

/// The fixed parts of a deal table.
pub struct RowTable {
    /// The heading, before the count of rows ("Compute contracts").
    pub title: &'static str,
    /// The heading's id (the section is labelled by it).
    pub title_id: &'static str,
    pub add_testid: &'static str,
    pub add_label: &'static str,
    /// Column headings, without the actions column.
    pub headers: &'static [&'static str],
}

impl RowTable {
    /// The table of the scenario's rows of kind `R`: heading with the count and an add button, `help`, and
    /// one [`RowView`] per row, keyed so that a half-typed cell keeps its text when other rows come and go.
    /// A plain function, not a component: the rows are the components.
    pub fn view<R: EditableRow>(&self, handle: &ScenarioHandle, help: Html) -> Html {
        let scenario = handle.scenario();
        let rows = R::rows(scenario);
        let on_add = {
            let handle = handle.clone();
            let template = R::template(scenario);
            Callback::from(move |_| apply(&handle, R::add(template.clone())))
        };
        let context = R::context(scenario);
        let dispatcher = handle.dispatcher();
        html! {
            <section aria-labelledby={self.title_id}>
                <div class="section-head">
                    <h2 id={self.title_id}>{ format!("{} ({})", self.title, rows.len()) }</h2>
                    <button type="button" data-testid={self.add_testid} onclick={on_add}>{ self.add_label }</button>
                </div>
                { help }
                <div class="table-scroll">
                    <table class="editor-table">
                        <thead>
                            <tr>
                                { for self.headers.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }
                                <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.iter().enumerate().map(|(i, row)| html! {
                                <RowView<R> key={row_key(rows, i)} index={i} row={row.clone()}
                                    context={context.clone()} dispatcher={dispatcher.clone()} />
                            }) }
                        </tbody>
                    </table>
                </div>
            </section>
        }
    }
}

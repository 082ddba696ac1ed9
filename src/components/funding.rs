//! The funding-events table of the deal editor: rounds, tranches and conditional investments (the one row
//! editor, [`super::rows`]).

use gigawatt_app_core::deal_text::{parse_money, parse_month};
use gigawatt_app_core::rows::{timing_kind, timing_month, with_timing_kind, with_timing_month};
use gigawatt_model::{FundingEvent, Investor, Scenario, HISTORY_END};
use yew::prelude::*;

use super::cells::{CheckCell, SelectCell, TextCell};
use super::rows::{EditableRow, RowEdit, RowTable};
use crate::state::ScenarioHandle;

/// The funding events table.
const FUNDING: RowTable = RowTable {
    title: "Funding events",
    title_id: "funding-title",
    add_testid: "funding-add",
    add_label: "+ Add funding event",
    headers: &[
        "Label",
        "Investor",
        "Amount ($B)",
        "Timing",
        "Month / expiry",
        "Pre-money ($B)",
        "Conditional",
    ],
};

/// Funding events with add and delete.
pub fn funding_table(handle: &ScenarioHandle) -> Html {
    let help = html! {
        <p class="muted small">
            { "A pre-money left blank prices the round at the model's valuation. A triggered event pays out \
               after the trigger (an IPO filing or milestone) unless it expires first." }
        </p>
    };
    FUNDING.view::<FundingEvent>(handle, help)
}

impl EditableRow for FundingEvent {
    type Context = ();
    const TESTID: &'static str = "funding";

    fn context(_scenario: &Scenario) -> Self::Context {}

    fn cells(row: &RowEdit<Self>, _: &()) -> Html {
        let (i, f) = (row.index, &row.row);
        let tid = |field: &str| row.testid(field);
        let name = if f.label.is_empty() {
            format!("funding event {}", i + 1)
        } else {
            f.label.clone()
        };
        let label = |what: &str| format!("{what} of {name}");
        let kind = timing_kind(f.timing);

        html! {
            <>
                <td data-label="Label">
                    <TextCell testid={tid("label")} label={format!("Label of funding event {}", i + 1)}
                        value={f.label.clone()} wide={true}
                        on_commit={row.commit(|t, e| { e.label = t.trim().chars().take(80).collect(); Ok(()) })} />
                </td>
                <td data-label="Investor">
                    { row.choice("investor", label("Investor"), Investor::label, f.investor, |x, e| e.investor = x) }
                </td>
                <td data-label="Amount ($B)">
                    <TextCell testid={tid("amount")} label={label("Amount in $B")} numeric={true}
                        value={gigawatt_model::params::trim_number(f.amount_usd_b)}
                        on_commit={row.commit(|t, e| { e.amount_usd_b = parse_money(t, false)?.unwrap_or(0.0); Ok(()) })} />
                </td>
                <td data-label="Timing">
                    <SelectCell testid={tid("timing")} label={label("Timing")}
                        options={vec![("at".to_string(), "On a date".to_string()), ("trigger".to_string(), "On trigger".to_string())]}
                        selected={kind}
                        on_pick={row.pick(|v, e| e.timing = with_timing_kind(e.timing, v))} />
                </td>
                <td data-label="Month / expiry">
                    <TextCell testid={tid("month")} label={label(if kind == "at" { "Month" } else { "Expiry month" })}
                        value={timing_month(f.timing).to_string()} placeholder="YYYY-MM"
                        on_commit={row.commit(|t, e| {
                            let month = parse_month(t, false)?.unwrap_or(HISTORY_END);
                            e.timing = with_timing_month(e.timing, month);
                            Ok(())
                        })} />
                </td>
                <td data-label="Pre-money ($B)">
                    <TextCell testid={tid("pre-money")} label={label("Pre-money valuation in $B")} numeric={true}
                        value={f.pre_money_usd_b.map(gigawatt_model::params::trim_number).unwrap_or_default()}
                        placeholder="model"
                        on_commit={row.commit(|t, e| { e.pre_money_usd_b = parse_money(t, true)?; Ok(()) })} />
                </td>
                <td data-label="Conditional">
                    <CheckCell testid={tid("conditional")} label={label("Conditional")} checked={f.conditional}
                        on_toggle={row.set(|on, e: &mut FundingEvent| e.conditional = on)} />
                </td>
                <td class="row-actions">
                    <button type="button" class="icon-button danger" data-testid={tid("delete")}
                        aria-label={format!("Delete {name}")} title="Delete" onclick={row.delete()}>{ "✕" }</button>
                </td>
            </>
        }
    }
}

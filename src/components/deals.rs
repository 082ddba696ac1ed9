//! The deal editor: contracts and funding events as editable tables (the one row editor,
//! [`super::rows`]). Every edit is one model `Action` (`UpdateContract`, `RemoveFunding`, ...), so undo
//! covers it; a deletion also offers an "Undo" toast.

use gigawatt_app_core::deal_text::{month_text, parse_money, parse_month, parse_ramp, ramp_text};
use gigawatt_app_core::rows::{
    chip_choices, convert_pricing, pricing_amount, pricing_kind, set_pricing_amount, PRICING_KINDS,
};
use gigawatt_model::{
    ChipChoice, Contract, ContractStatus, Counterparty, FinancingMode, Pricing, Scenario,
};
use yew::prelude::*;

use super::cells::{SelectCell, TextCell};
use super::funding::funding_table;
use super::rows::{EditableRow, RowEdit, RowTable};
use crate::state::{missing_context, use_scenario};

/// The contracts table.
const CONTRACTS: RowTable = RowTable {
    title: "Compute contracts",
    title_id: "contracts-title",
    add_testid: "deal-add",
    add_label: "+ Add contract",
    headers: &[
        "ID",
        "Counterparty",
        "Chips",
        "Status",
        "Ramp (month: GW)",
        "End",
        "Pricing",
        "Value",
        "Financing",
    ],
};

/// The whole editor: contracts, then funding events.
#[component]
pub fn DealEditor() -> Html {
    let Some(handle) = use_scenario() else {
        return missing_context("deal editor");
    };
    let help = html! {
        <p class="muted small">
            { "Ramps are cumulative IT GW at each month, e.g. " }<code>{ "2026-12: 0.5; 2027-12: 1.5" }</code>
            { ". Leases are priced by total value or per GW-year; purchases by hardware cost per GW." }
        </p>
    };
    html! {
        <div class="deals">
            { CONTRACTS.view::<Contract>(&handle, help) }
            { funding_table(&handle) }
        </div>
    }
}

impl EditableRow for Contract {
    /// The chip choices offered in the chips column (index = option value).
    type Context = Vec<(ChipChoice, String)>;
    const TESTID: &'static str = "deal";

    fn context(scenario: &Scenario) -> Self::Context {
        chip_choices(scenario)
    }

    fn cells(row: &RowEdit<Self>, chips: &Self::Context) -> Html {
        let (i, c) = (row.index, &row.row);
        let tid = |field: &str| row.testid(field);
        let label = |what: &str| format!("{what} of contract {}", c.id);

        let on_chips = {
            let set = row.set(|choice: ChipChoice, c: &mut Contract| c.chips = choice);
            let choices: Vec<ChipChoice> = chips.iter().map(|(c, _)| *c).collect();
            Callback::from(move |value: String| {
                if let Some(choice) = value.parse::<usize>().ok().and_then(|k| choices.get(k)) {
                    set.emit(*choice);
                }
            })
        };
        let chip_options: Vec<(String, String)> = chips
            .iter()
            .enumerate()
            .map(|(k, (_, label))| (k.to_string(), label.clone()))
            .collect();
        let chip_selected = chips
            .iter()
            .position(|(choice, _)| *choice == c.chips)
            .map(|k| k.to_string())
            .unwrap_or_default();

        let (amount, amount_unit) = pricing_amount(&c.pricing);
        let financing = match c.pricing {
            Pricing::Purchase { financing, .. } => row.choice(
                "financing",
                label("Financing"),
                FinancingMode::label,
                financing,
                |f, c| {
                    if let Pricing::Purchase { financing, .. } = &mut c.pricing {
                        *financing = f;
                    }
                },
            ),
            _ => {
                html! { <span class="muted small" data-testid={tid("financing")}>{ "lease" }</span> }
            }
        };

        html! {
            <>
                <td data-label="ID">
                    <TextCell testid={tid("id")} label={format!("ID of contract {}", i + 1)} value={c.id.clone()}
                        on_commit={row.commit(|t, c| {
                            let t = t.trim();
                            if t.is_empty() { return Err("Give the contract an ID.".into()); }
                            c.id = t.chars().take(12).collect();
                            Ok(())
                        })} />
                    <div class="muted small" title={c.name.clone()}>{ c.name.clone() }</div>
                </td>
                <td data-label="Counterparty">
                    { row.choice("counterparty", label("Counterparty"), Counterparty::label, c.counterparty,
                        |x, c| c.counterparty = x) }
                </td>
                <td data-label="Chips">
                    <SelectCell testid={tid("chips")} label={label("Chips")} options={chip_options}
                        selected={chip_selected} on_pick={on_chips} />
                </td>
                <td data-label="Status">
                    { row.choice("status", label("Status"), ContractStatus::label, c.status, |x, c| c.status = x) }
                </td>
                <td data-label="Ramp (month: GW)">
                    <TextCell testid={tid("ramp")} label={label("Ramp")} value={ramp_text(&c.ramp)} wide={true}
                        placeholder="2026-12: 0.5; 2027-12: 1.5"
                        on_commit={row.commit(|t, c| { c.ramp = parse_ramp(t)?; Ok(()) })} />
                </td>
                <td data-label="End">
                    <TextCell testid={tid("end")} label={label("End month")} value={month_text(c.end)}
                        placeholder="YYYY-MM or none"
                        on_commit={row.commit(|t, c| { c.end = parse_month(t, true)?; Ok(()) })} />
                </td>
                <td data-label="Pricing">
                    <SelectCell testid={tid("pricing")} label={label("Pricing")}
                        options={PRICING_KINDS.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect::<Vec<_>>()}
                        selected={pricing_kind(&c.pricing)}
                        on_pick={row.pick(|v, c| c.pricing = convert_pricing(&c.pricing, v))} />
                </td>
                <td data-label="Value">
                    <TextCell testid={tid("value")} label={format!("{} of contract {}", amount_unit, c.id)}
                        value={gigawatt_model::params::trim_number(amount)} numeric={true}
                        on_commit={row.commit(|t, c| {
                            set_pricing_amount(&mut c.pricing, parse_money(t, false)?.unwrap_or(0.0));
                            Ok(())
                        })} />
                    <div class="muted small">{ amount_unit }</div>
                </td>
                <td data-label="Financing">{ financing }</td>
                <td class="row-actions">
                    <button type="button" class="icon-button danger" data-testid={tid("delete")}
                        aria-label={format!("Delete contract {}", c.id)} title="Delete" onclick={row.delete()}>{ "✕" }</button>
                </td>
            </>
        }
    }
}

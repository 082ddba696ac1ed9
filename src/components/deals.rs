//! The deal editor: contracts and funding events as editable tables. Every edit is one model `Action`
//! (`UpdateContract`, `RemoveFunding`, ...), so undo covers it; a deletion also offers an "Undo" toast.

use gigawatt_model::{
    Action, ChipChoice, ChipVendor, Contract, ContractStatus, Counterparty, FinancingMode, Pricing,
    RampPoint, Scenario, HISTORY_END,
};
use yew::prelude::*;

use super::cells::{SelectCell, TextCell};
use super::funding::FundingTable;
use crate::deal_text::{month_text, parse_money, parse_month, parse_ramp, ramp_text};
use crate::state::{apply, ScenarioHandle};

/// The whole editor: contracts, then funding events.
#[function_component(DealEditor)]
pub fn deal_editor() -> Html {
    let Some(handle) = use_context::<ScenarioHandle>() else {
        return crate::app::missing_context("deal editor");
    };
    let scenario = handle.scenario();
    let on_add = {
        let handle = handle.clone();
        let template = new_contract(scenario);
        Callback::from(move |_| apply(&handle, Action::AddContract(template.clone())))
    };
    html! {
        <div class="deals">
            <section aria-labelledby="contracts-title">
                <div class="section-head">
                    <h2 id="contracts-title">{ format!("Compute contracts ({})", scenario.contracts.len()) }</h2>
                    <button type="button" data-testid="deal-add" onclick={on_add}>{ "+ Add contract" }</button>
                </div>
                <p class="muted small">
                    { "Ramps are cumulative IT GW at each month, e.g. " }<code>{ "2026-12: 0.5; 2027-12: 1.5" }</code>
                    { ". Leases are priced by total value or per GW-year; purchases by hardware cost per GW." }
                </p>
                <div class="table-scroll">
                    <table class="editor-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "ID" }</th>
                                <th scope="col">{ "Counterparty" }</th>
                                <th scope="col">{ "Chips" }</th>
                                <th scope="col">{ "Status" }</th>
                                <th scope="col">{ "Ramp (month: GW)" }</th>
                                <th scope="col">{ "End" }</th>
                                <th scope="col">{ "Pricing" }</th>
                                <th scope="col">{ "Value" }</th>
                                <th scope="col">{ "Financing" }</th>
                                <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for scenario.contracts.iter().enumerate().map(|(i, c)| html! {
                                <ContractRow key={stable_key(scenario.contracts.iter().map(|c| c.id.as_str()), i)} index={i} contract={c.clone()}
                                    chips={chip_choices(scenario)} handle={handle.clone()} />
                            }) }
                        </tbody>
                    </table>
                </div>
            </section>
            <FundingTable />
        </div>
    }
}

/// A row key that survives deleting or inserting other rows (so a half-typed cell elsewhere keeps its text):
/// the row's name plus how many earlier rows share it.
pub fn stable_key<'a>(names: impl Iterator<Item = &'a str>, index: usize) -> String {
    let names: Vec<&str> = names.take(index + 1).collect();
    let name = names.get(index).copied().unwrap_or_default();
    let earlier = names[..index.min(names.len())]
        .iter()
        .filter(|n| **n == name)
        .count();
    format!("{name}#{earlier}")
}

/// A new contract to start editing from: the next free id, a one-gigawatt lease starting after history.
fn new_contract(scenario: &Scenario) -> Contract {
    let mut n = scenario.contracts.len() + 1;
    while scenario.contracts.iter().any(|c| c.id == format!("U{n}")) {
        n += 1;
    }
    let start = HISTORY_END.plus(8);
    let template = scenario.contracts.iter().find(|c| !c.pricing.is_purchase());
    Contract {
        id: format!("U{n}"),
        name: "New contract".to_string(),
        source: "Added in Gigawatt".to_string(),
        counterparty: Counterparty::Aws,
        chips: ChipChoice::Latest(ChipVendor::Nvidia),
        initial_chips: None,
        status: ContractStatus::Binding,
        signed: HISTORY_END.plus(1),
        ramp: vec![
            RampPoint {
                month: start,
                cumulative_gw: 0.0,
            },
            RampPoint {
                month: start.plus(12),
                cumulative_gw: 1.0,
            },
        ],
        end: Some(start.plus(72)),
        pricing: template
            .map(|c| c.pricing)
            .filter(|p| matches!(p, Pricing::LeasePerGwYear { .. }))
            .unwrap_or(Pricing::LeasePerGwYear {
                usd_b_per_gw_year: 14.0,
            }),
        warrant: None,
        equity_grant_usd_b: 0.0,
    }
}

/// Every chip choice of a contract: "latest of a vendor", or one generation of the scenario's chip table.
fn chip_choices(scenario: &Scenario) -> Vec<(ChipChoice, String)> {
    let latest = ChipVendor::ALL
        .iter()
        .map(|v| (ChipChoice::Latest(*v), format!("Latest {}", v.label())));
    let fixed = scenario
        .chips
        .iter()
        .map(|g| (ChipChoice::Fixed(g.id), g.name.clone()));
    latest.chain(fixed).collect()
}

const PRICING_KINDS: [(&str, &str); 3] = [
    ("total", "Lease: total value"),
    ("per-gw-year", "Lease: per GW-yr"),
    ("purchase", "Purchase"),
];

fn pricing_kind(p: &Pricing) -> &'static str {
    match p {
        Pricing::LeaseTotal { .. } => "total",
        Pricing::LeasePerGwYear { .. } => "per-gw-year",
        Pricing::Purchase { .. } => "purchase",
    }
}

/// The number shown in the "Value" column and its unit.
fn pricing_amount(p: &Pricing) -> (f64, &'static str) {
    match *p {
        Pricing::LeaseTotal { total_value_usd_b } => (total_value_usd_b, "$B total"),
        Pricing::LeasePerGwYear { usd_b_per_gw_year } => (usd_b_per_gw_year, "$B/GW-yr"),
        Pricing::Purchase {
            vendor_content_usd_b_per_gw,
            ..
        } => (vendor_content_usd_b_per_gw, "$B/GW chips"),
    }
}

#[derive(Properties, PartialEq)]
pub struct ContractRowProps {
    pub index: usize,
    pub contract: Contract,
    /// The choices offered in the chips column (index = option value).
    pub chips: Vec<(ChipChoice, String)>,
    pub handle: ScenarioHandle,
}

#[function_component(ContractRow)]
pub fn contract_row(props: &ContractRowProps) -> Html {
    let i = props.index;
    let c = &props.contract;
    let tid = |field: &str| format!("deal-{i}-{field}");
    let label = |what: &str| format!("{what} of contract {}", c.id);

    // Applies a modified copy of the contract as one undoable step.
    let update = {
        let handle = props.handle.clone();
        let contract = c.clone();
        move |edit: &dyn Fn(&mut Contract)| {
            let mut next = contract.clone();
            edit(&mut next);
            apply(&handle, Action::UpdateContract(i, next));
        }
    };
    let update = std::rc::Rc::new(update);
    let commit = |parse: fn(&str, &mut Contract) -> Result<(), String>| {
        let update = update.clone();
        let contract = c.clone();
        Callback::from(move |text: String| {
            let mut trial = contract.clone();
            parse(&text, &mut trial)?;
            update(&|c: &mut Contract| *c = trial.clone());
            Ok(())
        })
    };
    let pick = |set: fn(&str, &mut Contract)| {
        let update = update.clone();
        Callback::from(move |value: String| update(&|c: &mut Contract| set(&value, c)))
    };

    let on_chips = {
        let update = update.clone();
        let choices: Vec<ChipChoice> = props.chips.iter().map(|(c, _)| *c).collect();
        Callback::from(move |value: String| {
            if let Some(choice) = value.parse::<usize>().ok().and_then(|i| choices.get(i)) {
                update(&|c: &mut Contract| c.chips = *choice);
            }
        })
    };
    let chip_options: Vec<(String, String)> = props
        .chips
        .iter()
        .enumerate()
        .map(|(k, (_, label))| (k.to_string(), label.clone()))
        .collect();
    let chip_selected = props
        .chips
        .iter()
        .position(|(choice, _)| *choice == c.chips)
        .map(|k| k.to_string())
        .unwrap_or_default();
    let on_delete = {
        let handle = props.handle.clone();
        Callback::from(move |_| apply(&handle, Action::RemoveContract(i)))
    };

    let (amount, amount_unit) = pricing_amount(&c.pricing);
    let financing = match c.pricing {
        Pricing::Purchase { financing, .. } => html! {
            <SelectCell testid={tid("financing")} label={label("Financing")}
                options={FinancingMode::ALL.iter().map(|f| (format!("{f:?}"), f.label().to_string())).collect::<Vec<_>>()}
                selected={format!("{financing:?}")}
                on_pick={pick(|v, c| if let Pricing::Purchase { financing, .. } = &mut c.pricing {
                    if let Some(f) = FinancingMode::ALL.iter().find(|f| format!("{f:?}") == v) { *financing = *f; }
                })} />
        },
        _ => html! { <span class="muted small" data-testid={tid("financing")}>{ "lease" }</span> },
    };

    html! {
        <tr data-testid={format!("deal-row-{i}")}>
            <td data-label="ID">
                <TextCell testid={tid("id")} label={format!("ID of contract {}", i + 1)} value={c.id.clone()}
                    on_commit={commit(|t, c| {
                        let t = t.trim();
                        if t.is_empty() { return Err("Give the contract an ID.".into()); }
                        c.id = t.chars().take(12).collect();
                        Ok(())
                    })} />
                <div class="muted small" title={c.name.clone()}>{ c.name.clone() }</div>
            </td>
            <td data-label="Counterparty">
                <SelectCell testid={tid("counterparty")} label={label("Counterparty")}
                    options={Counterparty::ALL.iter().map(|x| (format!("{x:?}"), x.label().to_string())).collect::<Vec<_>>()}
                    selected={format!("{:?}", c.counterparty)}
                    on_pick={pick(|v, c| if let Some(x) = Counterparty::ALL.iter().find(|x| format!("{x:?}") == v) { c.counterparty = *x; })} />
            </td>
            <td data-label="Chips">
                <SelectCell testid={tid("chips")} label={label("Chips")} options={chip_options}
                    selected={chip_selected} on_pick={on_chips} />
            </td>
            <td data-label="Status">
                <SelectCell testid={tid("status")} label={label("Status")}
                    options={ContractStatus::ALL.iter().map(|x| (format!("{x:?}"), x.label().to_string())).collect::<Vec<_>>()}
                    selected={format!("{:?}", c.status)}
                    on_pick={pick(|v, c| if let Some(x) = ContractStatus::ALL.iter().find(|x| format!("{x:?}") == v) { c.status = *x; })} />
            </td>
            <td data-label="Ramp (month: GW)">
                <TextCell testid={tid("ramp")} label={label("Ramp")} value={ramp_text(&c.ramp)} wide={true}
                    placeholder="2026-12: 0.5; 2027-12: 1.5"
                    on_commit={commit(|t, c| { c.ramp = parse_ramp(t)?; Ok(()) })} />
            </td>
            <td data-label="End">
                <TextCell testid={tid("end")} label={label("End month")} value={month_text(c.end)}
                    placeholder="YYYY-MM or none"
                    on_commit={commit(|t, c| { c.end = parse_month(t, true)?; Ok(()) })} />
            </td>
            <td data-label="Pricing">
                <SelectCell testid={tid("pricing")} label={label("Pricing")}
                    options={PRICING_KINDS.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect::<Vec<_>>()}
                    selected={pricing_kind(&c.pricing)}
                    on_pick={pick(|v, c| c.pricing = convert_pricing(&c.pricing, v))} />
            </td>
            <td data-label="Value">
                <TextCell testid={tid("value")} label={format!("{} of contract {}", amount_unit, c.id)}
                    value={gigawatt_model::params::trim_number(amount)} numeric={true}
                    on_commit={commit(|t, c| {
                        let v = parse_money(t, false)?.unwrap_or(0.0);
                        match &mut c.pricing {
                            Pricing::LeaseTotal { total_value_usd_b } => *total_value_usd_b = v,
                            Pricing::LeasePerGwYear { usd_b_per_gw_year } => *usd_b_per_gw_year = v,
                            Pricing::Purchase { vendor_content_usd_b_per_gw, .. } => *vendor_content_usd_b_per_gw = v,
                        }
                        Ok(())
                    })} />
                <div class="muted small">{ amount_unit }</div>
            </td>
            <td data-label="Financing">{ financing }</td>
            <td class="row-actions">
                <button type="button" class="icon-button danger" data-testid={tid("delete")}
                    aria-label={format!("Delete contract {}", c.id)} title="Delete" onclick={on_delete}>{ "✕" }</button>
            </td>
        </tr>
    }
}

/// Switching the pricing kind keeps what can be kept; the new amount starts at zero only when nothing maps.
/// The number is then edited by the person; no price is computed here.
fn convert_pricing(current: &Pricing, kind: &str) -> Pricing {
    let (amount, _) = pricing_amount(current);
    match kind {
        "total" => Pricing::LeaseTotal {
            total_value_usd_b: amount,
        },
        "per-gw-year" => Pricing::LeasePerGwYear {
            usd_b_per_gw_year: amount,
        },
        _ => match *current {
            p @ Pricing::Purchase { .. } => p,
            _ => Pricing::Purchase {
                financing: FinancingMode::PartnerLease,
                vendor_content_usd_b_per_gw: amount,
                other_it_usd_b_per_gw: 0.0,
                self_build: false,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::stable_key;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn row_keys_survive_deleting_other_rows_and_tell_duplicates_apart() {
        let ids = ["L1", "L2", "L2", "L3"];
        let keys: Vec<String> = (0..ids.len())
            .map(|i| stable_key(ids.iter().copied(), i))
            .collect();
        assert_eq!(keys, ["L1#0", "L2#0", "L2#1", "L3#0"]);
        let after_delete = ["L2", "L2", "L3"];
        assert_eq!(stable_key(after_delete.iter().copied(), 2), "L3#0");
    }
}

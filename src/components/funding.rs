//! The funding-events table of the deal editor: rounds, tranches and conditional investments.

use gigawatt_model::{Action, FundingEvent, FundingTiming, Investor, Month, Scenario, HISTORY_END};
use yew::prelude::*;

use super::cells::{CheckCell, SelectCell, TextCell};
use crate::deal_text::{parse_money, parse_month};
use crate::state::{apply, ScenarioHandle};

/// Funding events with add and delete.
#[function_component(FundingTable)]
pub fn funding_table() -> Html {
    let Some(handle) = use_context::<ScenarioHandle>() else {
        return crate::app::missing_context("funding events");
    };
    let scenario = handle.scenario();
    let on_add = {
        let handle = handle.clone();
        let template = new_funding(scenario);
        Callback::from(move |_| apply(&handle, Action::AddFunding(template.clone())))
    };
    html! {
        <section aria-labelledby="funding-title">
            <div class="section-head">
                <h2 id="funding-title">{ format!("Funding events ({})", scenario.funding.len()) }</h2>
                <button type="button" data-testid="funding-add" onclick={on_add}>{ "+ Add funding event" }</button>
            </div>
            <p class="muted small">
                { "A pre-money left blank prices the round at the model's valuation. A triggered event pays out \
                   after the trigger (an IPO filing or milestone) unless it expires first." }
            </p>
            <div class="table-scroll">
                <table class="editor-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Label" }</th>
                            <th scope="col">{ "Investor" }</th>
                            <th scope="col">{ "Amount ($B)" }</th>
                            <th scope="col">{ "Timing" }</th>
                            <th scope="col">{ "Month / expiry" }</th>
                            <th scope="col">{ "Pre-money ($B)" }</th>
                            <th scope="col">{ "Conditional" }</th>
                            <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for scenario.funding.iter().enumerate().map(|(i, f)| html! {
                            <FundingRow key={super::deals::stable_key(scenario.funding.iter().map(|f| f.label.as_str()), i)} index={i} event={f.clone()} handle={handle.clone()} />
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A new event to edit from: $10B from other investors in the month after history, at the model's price.
fn new_funding(_scenario: &Scenario) -> FundingEvent {
    FundingEvent {
        label: "New round".to_string(),
        investor: Investor::OtherInvestors,
        amount_usd_b: 10.0,
        timing: FundingTiming::At(HISTORY_END.plus(3)),
        pre_money_usd_b: None,
        conditional: false,
        source: "Added in Gigawatt".to_string(),
    }
}

#[derive(Properties, PartialEq)]
pub struct FundingRowProps {
    pub index: usize,
    pub event: FundingEvent,
    pub handle: ScenarioHandle,
}

fn timing_month(t: FundingTiming) -> Month {
    match t {
        FundingTiming::At(m) => m,
        FundingTiming::OnTrigger { expires, .. } => expires,
    }
}

#[function_component(FundingRow)]
pub fn funding_row(props: &FundingRowProps) -> Html {
    let i = props.index;
    let f = &props.event;
    let tid = |field: &str| format!("funding-{i}-{field}");
    let name = if f.label.is_empty() {
        format!("funding event {}", i + 1)
    } else {
        f.label.clone()
    };
    let label = |what: &str| format!("{what} of {name}");

    let update = std::rc::Rc::new({
        let handle = props.handle.clone();
        let event = f.clone();
        move |edit: &dyn Fn(&mut FundingEvent)| {
            let mut next = event.clone();
            edit(&mut next);
            apply(&handle, Action::UpdateFunding(i, next));
        }
    });
    let commit = |parse: fn(&str, &mut FundingEvent) -> Result<(), String>| {
        let update = update.clone();
        let event = f.clone();
        Callback::from(move |text: String| {
            let mut trial = event.clone();
            parse(&text, &mut trial)?;
            update(&|e: &mut FundingEvent| *e = trial.clone());
            Ok(())
        })
    };
    let pick = |set: fn(&str, &mut FundingEvent)| {
        let update = update.clone();
        Callback::from(move |value: String| update(&|e: &mut FundingEvent| set(&value, e)))
    };
    let on_conditional = {
        let update = update.clone();
        Callback::from(move |on: bool| update(&|e: &mut FundingEvent| e.conditional = on))
    };
    let on_delete = {
        let handle = props.handle.clone();
        Callback::from(move |_| apply(&handle, Action::RemoveFunding(i)))
    };
    let timing_kind = match f.timing {
        FundingTiming::At(_) => "at",
        FundingTiming::OnTrigger { .. } => "trigger",
    };

    html! {
        <tr data-testid={format!("funding-row-{i}")}>
            <td data-label="Label">
                <TextCell testid={tid("label")} label={format!("Label of funding event {}", i + 1)}
                    value={f.label.clone()} wide={true}
                    on_commit={commit(|t, e| { e.label = t.trim().chars().take(80).collect(); Ok(()) })} />
            </td>
            <td data-label="Investor">
                <SelectCell testid={tid("investor")} label={label("Investor")}
                    options={Investor::ALL.iter().map(|x| (x.key().to_string(), x.label().to_string())).collect::<Vec<_>>()}
                    selected={f.investor.key()}
                    on_pick={pick(|v, e| if let Some(x) = Investor::ALL.iter().find(|x| x.key() == v) { e.investor = *x; })} />
            </td>
            <td data-label="Amount ($B)">
                <TextCell testid={tid("amount")} label={label("Amount in $B")} numeric={true}
                    value={gigawatt_model::params::trim_number(f.amount_usd_b)}
                    on_commit={commit(|t, e| { e.amount_usd_b = parse_money(t, false)?.unwrap_or(0.0); Ok(()) })} />
            </td>
            <td data-label="Timing">
                <SelectCell testid={tid("timing")} label={label("Timing")}
                    options={vec![("at".to_string(), "On a date".to_string()), ("trigger".to_string(), "On trigger".to_string())]}
                    selected={timing_kind}
                    on_pick={pick(|v, e| {
                        let month = timing_month(e.timing);
                        e.timing = if v == "trigger" {
                            FundingTiming::OnTrigger { lag_months: 1, expires: month }
                        } else {
                            FundingTiming::At(month)
                        };
                    })} />
            </td>
            <td data-label="Month / expiry">
                <TextCell testid={tid("month")} label={label(if timing_kind == "at" { "Month" } else { "Expiry month" })}
                    value={timing_month(f.timing).to_string()} placeholder="YYYY-MM"
                    on_commit={commit(|t, e| {
                        let month = parse_month(t, false)?.unwrap_or(HISTORY_END);
                        e.timing = match e.timing {
                            FundingTiming::At(_) => FundingTiming::At(month),
                            FundingTiming::OnTrigger { lag_months, .. } => FundingTiming::OnTrigger { lag_months, expires: month },
                        };
                        Ok(())
                    })} />
            </td>
            <td data-label="Pre-money ($B)">
                <TextCell testid={tid("pre-money")} label={label("Pre-money valuation in $B")} numeric={true}
                    value={f.pre_money_usd_b.map(gigawatt_model::params::trim_number).unwrap_or_default()}
                    placeholder="model"
                    on_commit={commit(|t, e| { e.pre_money_usd_b = parse_money(t, true)?; Ok(()) })} />
            </td>
            <td data-label="Conditional">
                <CheckCell testid={tid("conditional")} label={label("Conditional")} checked={f.conditional}
                    on_toggle={on_conditional} />
            </td>
            <td class="row-actions">
                <button type="button" class="icon-button danger" data-testid={tid("delete")}
                    aria-label={format!("Delete {name}")} title="Delete" onclick={on_delete}>{ "✕" }</button>
            </td>
        </tr>
    }
}

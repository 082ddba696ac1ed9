//! The KPI strip (spec §6 item 11): headline numbers of the run at the end of a chosen year.

use gigawatt_model::Month;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::RunRef;
use crate::format;

/// One KPI: DOM id suffix, label, series it reads, formatter and a one-line explanation.
struct Kpi {
    testid: &'static str,
    label: &'static str,
    hint: &'static str,
    value: fn(&gigawatt_model::Run, usize) -> String,
}

fn at(run: &gigawatt_model::Run, name: &str, i: usize) -> f64 {
    run.series(name)
        .and_then(|s| s.get(i).copied())
        .unwrap_or(f64::NAN)
}

const KPIS: [Kpi; 9] = [
    Kpi {
        testid: "kpi-arr",
        label: "ARR",
        hint: "Annualised revenue run-rate: the month's revenue × 12",
        value: |r, i| format::usd_b(at(r, "arr_usd_b", i)),
    },
    Kpi {
        testid: "kpi-it-gw",
        label: "IT power online",
        hint: "Delivered IT gigawatts (servers and networking) across every cloud and chip deal",
        value: |r, i| format::gw(at(r, "it_gw", i)),
    },
    Kpi {
        testid: "kpi-cash",
        label: "Cash",
        hint: "Cash at month end, including automatic fund-raising when short",
        value: |r, i| format::usd_b(at(r, "cash_usd_b", i)),
    },
    Kpi {
        testid: "kpi-funding-gap",
        label: "Funding gap to date",
        hint: "Cumulative money that had to be raised beyond committed funding",
        value: |r, i| format::usd_b(at(r, "funding_gap_usd_b", i)),
    },
    Kpi {
        testid: "kpi-obligations-ratio",
        label: "Obligations ÷ ARR",
        hint: "Remaining binding contract payments as a multiple of annual revenue run-rate",
        value: |r, i| {
            // The model's ratio; shown as undefined when there is no revenue to divide by.
            let defined = at(r, "arr_usd_b", i) > 0.0;
            format::multiple(if defined {
                at(r, "obligations_to_arr", i)
            } else {
                f64::NAN
            })
        },
    },
    Kpi {
        testid: "kpi-runway",
        label: "Runway",
        hint: "Months until cash runs out on committed funding at the current burn",
        value: |r, i| format::runway_months(at(r, "runway_months", i)),
    },
    Kpi {
        testid: "kpi-foundation",
        label: "Foundation owns",
        hint: "The OpenAI Foundation's fully diluted ownership",
        value: |r, i| format::percent(at(r, "ownership_foundation", i)),
    },
    Kpi {
        testid: "kpi-microsoft",
        label: "Microsoft owns",
        hint: "Microsoft's fully diluted ownership",
        value: |r, i| format::percent(at(r, "ownership_microsoft", i)),
    },
    Kpi {
        testid: "kpi-distress",
        label: "Distress",
        hint: "Over the whole run: the first month the lab cannot hold minimum cash with everything available, and \
            the worst stage reached (1 short of minimum cash, 2 renegotiating deliveries, 3 arrears or default)",
        // Not tied to the chosen year: a warning years ahead is the point of it.
        value: |r, _| match gigawatt_charts::distress(r) {
            Some(d) => d.short(),
            None => gigawatt_charts::NO_DISTRESS.to_string(),
        },
    },
];

#[derive(Properties, PartialEq)]
pub struct KpiStripProps {
    pub run: RunRef,
    pub year: i32,
    pub on_year: Callback<i32>,
}

/// The index of December of `year` in the run, or the last month when the run ends earlier.
pub fn year_end_index(run: &gigawatt_model::Run, year: i32) -> Option<usize> {
    run.index_of(Month::from_ym(year, 12))
        .or_else(|| run.months.len().checked_sub(1))
}

#[function_component(KpiStrip)]
pub fn kpi_strip(props: &KpiStripProps) -> Html {
    let run = props.run.run();
    let years = props.run.years();
    let index = year_end_index(run, props.year);
    let as_of = index
        .and_then(|i| run.months.get(i))
        .map(|m| m.to_string())
        .unwrap_or_default();
    let on_change = {
        let on_year = props.on_year.clone();
        Callback::from(move |e: Event| {
            if let Some(year) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
            {
                on_year.emit(year);
            }
        })
    };
    html! {
        <section class="kpis" aria-label="Key figures">
            <label class="kpi-year">
                <span>{ "At end of" }</span>
                <select data-testid="year-select" onchange={on_change}>
                    { for years.iter().map(|y| html! {
                        <option value={y.to_string()} selected={*y == props.year}>{ y }</option>
                    }) }
                </select>
            </label>
            <dl class="kpi-list">
                { for KPIS.iter().map(|kpi| {
                    let value = index.map(|i| (kpi.value)(run, i)).unwrap_or_else(|| "—".to_string());
                    html! {
                        <div class="kpi" title={kpi.hint}>
                            <dt>{ kpi.label }</dt>
                            <dd data-testid={kpi.testid}>{ value }</dd>
                        </div>
                    }
                }) }
            </dl>
            <span class="sr-only">{ format!("Figures as of {as_of}") }</span>
        </section>
    }
}

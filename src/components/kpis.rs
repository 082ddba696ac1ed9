//! The KPI strip (spec §6 item 11): headline numbers of the run at the end of a chosen year. The figures are
//! the one KPI table, `gigawatt_app_core::kpi::Kpi`.

use gigawatt_app_core::caption::{kpi_caption, CaptionContext};
use gigawatt_app_core::kpi::{year_end_index, Kpi};
use gigawatt_app_core::RunRef;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KpiStripProps {
    pub run: RunRef,
    pub year: i32,
    pub on_year: Callback<i32>,
}

#[component]
pub fn KpiStrip(props: &KpiStripProps) -> Html {
    let run = props.run.run();
    let years = props.run.years();
    let index = year_end_index(run, props.year);
    let as_of = index
        .and_then(|i| run.months.get(i))
        .map(|m| m.to_string())
        .unwrap_or_default();
    // The strip in one sentence, with the strip's own figures (see `gigawatt_app_core::caption`).
    let caption = kpi_caption(&CaptionContext {
        run,
        year: props.year,
        window: (2025, props.year),
        risk: None,
    });
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
                { for Kpi::ALL.iter().map(|kpi| {
                    let value = index.map(|i| kpi.text(run, i)).unwrap_or_else(|| "—".to_string());
                    html! {
                        <div class="kpi" title={kpi.hint()}>
                            <dt>{ kpi.label() }</dt>
                            <dd data-testid={format!("kpi-{}", kpi.id())}>{ value }</dd>
                        </div>
                    }
                }) }
            </dl>
            <span class="sr-only">{ format!("Figures as of {as_of}") }</span>
            <p class="kpi-caption" data-testid="kpi-caption">{ caption }</p>
        </section>
    }
}

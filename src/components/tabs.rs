//! The chart sections, organised so a newcomer can follow the story: the big picture first, then compute,
//! money, ownership, and the deals themselves.

use gigawatt_charts::{ChartId, Theme};
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::chart::Chart;
use gigawatt_app_core::{RunRef, Shared};
use gigawatt_model::Summary;

/// The sections themselves (ids, labels, introductions, charts) are platform-free.
pub use gigawatt_app_core::Tab;

/// What to look for in each chart, in plain words.
pub fn explainer(id: ChartId) -> &'static str {
    match id {
        ChartId::Capacity => "Delivered IT power by provider (areas) against what demand needs (lines). The dashed line \
            is what the deals announced, before delays; marks on it show each optional tranche: confirmed (dot), deferred \
            (triangle), lapsed (cross) or not yet decided (ring).",
        ChartId::Revenue => "Revenue a month (line) with weekly users and paying subscribers. Diamonds are reported \
            figures: a quarter's or a year's revenue is shown as its monthly average at its last month.",
        ChartId::Obligations => "Remaining contract payments (a stock) against annual revenue. A high ratio means the \
            lab has promised years of revenue to its suppliers.",
        ChartId::Cash => "Cash with automatic fund-raising, and with committed funding only. Where the second line \
            goes below zero, new money is needed: the funding gap. Red bands mark months of distress, darker as it \
            deepens (renegotiating deliveries, then arrears or default).",
        ChartId::Exposure => "Who is left holding the bill: payments the lab owes and did not make (solid), and the \
            value of announced capacity it never took up (light), by supplier.",
        ChartId::UnitCost => "What a million tokens costs to serve against what it earns.",
        ChartId::Margin => "Gross margin after compute, and the compute margin on paying users.",
        ChartId::Waterfall => "One year's profit and loss, from revenue down to operating result.",
        ChartId::Circularity => "How much each vendor invests in the lab compared with what the lab spends with it.",
        ChartId::Sankey => "Money flowing between investors, the lab, clouds and chip vendors over the chosen years. \
            Hatched flows are estimates.",
        ChartId::Ownership => "Fully diluted ownership after each round.",
        ChartId::Valuation => "Reported valuation marks (diamonds) against the model's value.",
        ChartId::Power => "Facility power, energy use and the electricity bill: what owned capacity pays directly, \
            and an estimate for the whole fleet (leased capacity pays for power inside its lease price).",
    }
}

#[derive(Properties, PartialEq)]
pub struct TabBarProps {
    pub active: Tab,
    pub on_select: Callback<Tab>,
}

/// The tab list (WAI-ARIA tabs pattern: arrow keys move between tabs).
#[component]
pub fn TabBar(props: &TabBarProps) -> Html {
    let onkeydown = {
        let on_select = props.on_select.clone();
        let active = props.active;
        Callback::from(move |e: KeyboardEvent| {
            let pos = Tab::ALL.iter().position(|t| *t == active).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (pos + 1) % Tab::ALL.len(),
                "ArrowLeft" => (pos + Tab::ALL.len() - 1) % Tab::ALL.len(),
                "Home" => 0,
                "End" => Tab::ALL.len() - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(Tab::ALL[next]);
            if let Some(button) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", Tab::ALL[next].id())))
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
            {
                let _ = button.focus();
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Sections" {onkeydown}>
            { for Tab::ALL.iter().map(|tab| {
                let selected = *tab == props.active;
                let onclick = {
                    let on_select = props.on_select.clone();
                    let tab = *tab;
                    Callback::from(move |_| on_select.emit(tab))
                };
                html! {
                    <button type="button" role="tab" id={format!("tab-{}", tab.id())}
                        data-testid={format!("tab-{}", tab.id())}
                        aria-selected={selected.to_string()} aria-controls={format!("panel-{}", tab.id())}
                        tabindex={if selected { "0" } else { "-1" }} {onclick}>
                        { tab.label() }
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartGridProps {
    pub tab: Tab,
    pub run: RunRef,
    pub theme: Theme,
    /// The pinned scenario's run (A), drawn dashed over every time chart.
    #[prop_or_default]
    pub compare: Option<RunRef>,
    /// The KPI strip's year, which the captions speak of.
    pub year: i32,
    /// The Monte Carlo summary of this scenario, when the Risk view has run it.
    #[prop_or_default]
    pub risk: Option<Shared<Summary>>,
}

/// The charts of one tab. Only the active tab is mounted, so hidden charts cost nothing.
#[component]
pub fn ChartGrid(props: &ChartGridProps) -> Html {
    html! {
        <div class="chart-grid">
            { for props.tab.charts().iter().map(|id| html! {
                <Chart key={id.slug()} id={*id} run={props.run.clone()} theme={props.theme} compare={props.compare.clone()}
                    explainer={explainer(*id)} year={props.year} risk={props.risk.clone()} />
            }) }
        </div>
    }
}

//! Browser tests of sharing (wasm-bindgen-test in headless Chromium): opening a link, the notice for a damaged
//! link, keeping the address bar in step (replace while dragging, push on discrete actions, Back loads),
//! the Share dialog, the embed view and the A/B comparison. Run:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p gigawatt-app --test browser_share`.

mod common;

use std::rc::Rc;

use common::{bubbling, document, json_in_process, settle, sleep_ms, wait_for};
use gigawatt_app::share::embed::{Embed, EmbedProps};
use gigawatt_app::{App, AppProps};
use gigawatt_model::link::{self, LinkState, View, ViewTheme};
use gigawatt_model::{Action, ParamId, PresetId, Scenario};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A mounted component and its container, removed on drop.
struct Mount<C: yew::BaseComponent> {
    root: Element,
    handle: Option<yew::AppHandle<C>>,
}

impl<C: yew::BaseComponent> Drop for Mount<C> {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

impl<C: yew::BaseComponent> Mount<C> {
    fn new(width_px: u32, props: C::Properties) -> Mount<C> {
        let root = document().create_element("div").expect("div");
        root.set_attribute("style", &format!("width:{width_px}px;height:480px"))
            .expect("style");
        document()
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
        Mount {
            root,
            handle: Some(handle),
        }
    }
    fn find(&self, testid: &str) -> Option<Element> {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .ok()
            .flatten()
    }
    fn get(&self, testid: &str) -> Element {
        self.find(testid)
            .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
    }
    fn text(&self, testid: &str) -> String {
        self.find(testid)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
            .trim()
            .to_string()
    }
    fn click(&self, testid: &str) {
        self.get(testid)
            .dyn_into::<HtmlElement>()
            .expect("html element")
            .click();
    }
    fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .map(|l| l.length())
            .unwrap_or(0)
    }
}

fn app_with_link(query: &str, sync_url: bool) -> Mount<App> {
    Mount::new(
        1200,
        AppProps {
            link: Some(Rc::new(link::decode(query))),
            sync_url,
            ..AppProps::default()
        },
    )
}

async fn ready(m: &Mount<App>) {
    wait_for("the KPI strip to show ARR", 10_000, || {
        m.text("kpi-arr")
            .chars()
            .any(|c| c.is_ascii_digit())
            .then_some(())
    })
    .await;
}

fn edited() -> Scenario {
    let mut s = Scenario::preset(PresetId::Bear);
    s.apply(Action::SetParam(ParamId::BaseDelayMonths, 14.0))
        .expect("valid");
    s
}

fn select(m: &Mount<App>, testid: &str, value: &str) {
    let el: HtmlSelectElement = m.get(testid).dyn_into().expect("select");
    el.set_value(value);
    el.dispatch_event(&bubbling("change")).expect("change");
}

fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

fn history_len() -> u32 {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.length().ok())
        .unwrap_or(0)
}

/// Restores the test runner's own address when a URL-syncing test ends.
struct RestoreUrl(String);
impl Drop for RestoreUrl {
    fn drop(&mut self) {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self.0));
        }
    }
}

#[wasm_bindgen_test]
async fn a_link_opens_its_scenario_tab_year_and_comparison() {
    json_in_process();
    let state = LinkState {
        scenario: edited(),
        pinned: Some(Scenario::default()),
        view: View {
            tab: Some("money".into()),
            year: Some(2028),
            embed: None,
            theme: None,
        },
    };
    let m = app_with_link(&link::encode(&state), false);
    ready(&m).await;
    assert_eq!(m.text("scenario-name"), edited().name);
    assert_eq!(
        m.get("tab-money").get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    let year: HtmlSelectElement = m.get("year-select").dyn_into().expect("select");
    assert_eq!(year.value(), "2028");
    assert!(
        m.find("link-notice").is_none(),
        "a link the app made has nothing to warn about"
    );
    // The comparison came with the link: both scenarios' KPIs and the differences.
    let diff = m.text("compare-diff");
    assert!(
        diff.contains(ParamId::BaseDelayMonths.spec().label),
        "{diff}"
    );
    assert!(diff.contains("Preset"), "{diff}");
    assert_ne!(m.text("compare-kpi-arr-a"), m.text("compare-kpi-arr-b"));
    assert_eq!(m.text("compare-kpi-arr-b"), m.text("kpi-arr"));
}

#[wasm_bindgen_test]
async fn a_garbled_link_opens_with_a_dismissable_notice() {
    json_in_process();
    let good = link::encode(&LinkState {
        scenario: edited(),
        pinned: None,
        view: View::default(),
    });
    // Cut the payload short and add a parameter the app does not know.
    let garbled = format!("{}&colour=blue", &good[..good.len() - 5]);
    let m = app_with_link(&garbled, false);
    ready(&m).await;
    let notice = m.text("link-notice");
    assert!(notice.contains("colour"), "{notice}");
    assert!(notice.contains("not all of it could be read"), "{notice}");
    m.click("link-notice-dismiss");
    settle().await;
    assert!(m.find("link-notice").is_none());
}

#[wasm_bindgen_test]
async fn a_v1_link_opens_with_the_economics_notice() {
    json_in_process();
    // Version 1's "Bear" (a link of the v1 corpus): its inputs are unchanged, its figures come from economics v2.
    let m = app_with_link("v=1&s=AAEBAw", false);
    ready(&m).await;
    let notice = m.text("link-notice");
    assert!(notice.contains("economics v1"), "{notice}");
    assert!(
        !notice.contains("not all of it could be read"),
        "nothing was lost: {notice}"
    );
    assert!(m.find("link-notice-economics").is_some());
    m.click("link-notice-dismiss");
    settle().await;
    assert!(m.find("link-notice").is_none());
}

#[wasm_bindgen_test]
async fn the_address_bar_follows_edits_and_back_restores_them() {
    json_in_process();
    let _restore = RestoreUrl(
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .expect("href"),
    );
    let m = app_with_link("", true);
    ready(&m).await;
    settle().await;
    let start_len = history_len();
    let start_search = search();

    // A preset is a discrete action: one new history entry holding the preset.
    select(&m, "preset-picker", PresetId::Bear.slug());
    wait_for("the URL to change", 5_000, || {
        (search() != start_search).then_some(())
    })
    .await;
    assert_eq!(history_len(), start_len + 1);
    let bear_search = search();
    assert_eq!(
        link::decode(&bear_search).state.scenario,
        Scenario::preset(PresetId::Bear)
    );

    // A slider drag: one entry, replaced while it moves.
    let slider: HtmlInputElement = m
        .get("param-base_delay_months-slider")
        .dyn_into()
        .expect("range");
    for v in ["13", "14", "15", "16"] {
        slider.set_value(v);
        slider.dispatch_event(&bubbling("input")).expect("input");
        settle().await;
    }
    slider.dispatch_event(&bubbling("change")).expect("change");
    settle().await;
    // The drag's updates are held back until it pauses, then written into its one entry.
    wait_for("the drag's final value in the URL", 5_000, || {
        let decoded = link::decode(&search());
        assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
        (decoded.state.scenario.get(ParamId::BaseDelayMonths) == 16.0).then_some(())
    })
    .await;
    assert_eq!(
        history_len(),
        start_len + 2,
        "the drag added more than one entry"
    );

    // A tab change pushes too, and is in the link.
    m.click("tab-capacity");
    wait_for("the tab in the URL", 5_000, || {
        search().contains("tab=capacity").then_some(())
    })
    .await;
    assert_eq!(history_len(), start_len + 3);

    // Back: the drag's state with the overview tab; Back again: the preset alone.
    let history = web_sys::window()
        .and_then(|w| w.history().ok())
        .expect("history");
    history.back().expect("back");
    wait_for("Back to restore the overview tab", 5_000, || {
        (m.get("tab-overview")
            .get_attribute("aria-selected")
            .as_deref()
            == Some("true"))
        .then_some(())
    })
    .await;
    history.back().expect("back");
    wait_for("Back to undo the drag", 5_000, || {
        let slider: HtmlInputElement = m.get("param-base_delay_months-slider").dyn_into().ok()?;
        (slider.value().parse::<f64>().ok()?
            == Scenario::preset(PresetId::Bear).get(ParamId::BaseDelayMonths))
        .then_some(())
    })
    .await;
    sleep_ms(100).await;
    assert_eq!(search(), bear_search, "Back must not write a new URL");
    assert_eq!(history_len(), start_len + 3, "Back must not add entries");
    history.forward().expect("forward");
    wait_for("Forward to redo the drag", 5_000, || {
        let slider: HtmlInputElement = m.get("param-base_delay_months-slider").dyn_into().ok()?;
        (slider.value() == "16").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_share_dialog_gives_a_link_and_an_embed_snippet() {
    json_in_process();
    let m = app_with_link("", false);
    ready(&m).await;
    select(&m, "preset-picker", PresetId::Bear.slug());
    settle().await;
    m.click("share-open");
    wait_for("the dialog", 5_000, || m.find("share-dialog")).await;
    let link_field: HtmlInputElement = m.get("share-link").dyn_into().expect("input");
    let url = link_field.value();
    assert!(
        url.contains(&format!("?v={}&s=", link::LINK_VERSION)),
        "{url}"
    );
    assert_eq!(
        link::decode(&url).state.scenario,
        Scenario::preset(PresetId::Bear)
    );

    // The citation holds that link and today's date (the browser's).
    let area = |id: &str| {
        m.get(id)
            .dyn_into::<web_sys::HtmlTextAreaElement>()
            .expect("textarea")
            .value()
    };
    let now = js_sys::Date::new_0();
    let today = gigawatt_app_core::cite::CiteDate::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .expect("a date");
    let text = area("share-cite-text");
    assert!(
        text.ends_with(&format!("Accessed {}. {url}", today.long())),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "“{}” scenario",
            Scenario::preset(PresetId::Bear).name
        )),
        "{text}"
    );
    let bibtex = area("share-cite-bibtex");
    assert!(bibtex.starts_with("@misc{gigawatt-"), "{bibtex}");
    assert!(bibtex.contains(&format!("\\url{{{url}}}")), "{bibtex}");
    assert!(
        bibtex.contains(&format!("urldate      = {{{}}}", today.iso())),
        "{bibtex}"
    );

    let snippet = || -> String {
        m.get("share-embed-snippet")
            .dyn_into::<web_sys::HtmlTextAreaElement>()
            .expect("textarea")
            .value()
    };
    assert!(snippet().starts_with("<iframe src=\""), "{}", snippet());
    assert!(snippet().contains("embed=capacity"), "{}", snippet());
    let chart: HtmlSelectElement = m.get("share-embed-chart").dyn_into().expect("select");
    chart.set_value("cash");
    chart.dispatch_event(&bubbling("change")).expect("change");
    let width: HtmlInputElement = m.get("share-embed-width").dyn_into().expect("input");
    width.set_value("5000");
    width.dispatch_event(&bubbling("change")).expect("change");
    settle().await;
    let text = snippet();
    assert!(
        text.contains("embed=cash") && text.contains("width=\"1200\""),
        "{text}"
    );
    assert_eq!(width.value(), "1200", "the width shown is the one used");
    assert!(
        !text.contains("theme="),
        "follows the reader by default: {text}"
    );
    assert!(
        text.contains("\n<script>") && text.contains("event.source === frame.contentWindow"),
        "{text}"
    );
    select(&m, "share-embed-theme", "dark");
    settle().await;
    let text = snippet();
    assert!(text.contains("&amp;theme=dark\""), "{text}");
    // The embedded URL opens the same scenario (attribute-escaped & in the snippet).
    let src = text
        .split("src=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("src")
        .replace("&amp;", "&");
    let decoded = link::decode(&src);
    assert_eq!(decoded.state.scenario, Scenario::preset(PresetId::Bear));
    assert_eq!(decoded.state.view.embed.as_deref(), Some("cash"));
    assert_eq!(decoded.state.view.theme, Some(ViewTheme::Dark));

    // Copy reports what happened (clipboard or selection fallback), and Escape closes.
    m.click("share-copy");
    wait_for("a copy status", 5_000, || {
        let t = m.text("share-copy-status");
        (t.contains("Copied") || t.contains("Ctrl+C")).then_some(())
    })
    .await;
    // Tab from the last control wraps to the first (the close button): focus stays in the dialog.
    let last: HtmlElement = m.get("share-embed-preview").dyn_into().expect("link");
    last.focus().expect("focus");
    let tab = web_sys::KeyboardEventInit::new();
    tab.set_key("Tab");
    tab.set_bubbles(true);
    tab.set_cancelable(true);
    let tab =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &tab).expect("key");
    last.dispatch_event(&tab).expect("dispatch");
    let focused = document()
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"));
    assert_eq!(focused.as_deref(), Some("share-close"));
    let dialog = m.get("share-dialog");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let esc =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("key");
    dialog.dispatch_event(&esc).expect("dispatch");
    settle().await;
    assert!(m.find("share-dialog").is_none());
}

#[wasm_bindgen_test]
async fn pinning_compares_a_with_b_until_unpinned() {
    json_in_process();
    let m = app_with_link("", false);
    ready(&m).await;
    assert!(m.find("compare-panel").is_none());
    m.click("compare-pin");
    wait_for("the compare panel", 5_000, || m.find("compare-panel")).await;
    assert!(m.text("compare-diff").contains("identical"));
    // Every time chart on screen gains A's dashed lines in its legend.
    wait_for("A in the capacity legend", 5_000, || {
        m.text("chart-capacity").contains("Total (A)").then_some(())
    })
    .await;

    select(&m, "preset-picker", PresetId::Bear.slug());
    wait_for("the differences", 5_000, || {
        m.text("compare-diff").contains("Preset").then_some(())
    })
    .await;
    assert_eq!(m.text("compare-kpi-arr-a"), {
        // A is the untouched default.
        let fresh = app_with_link("", false);
        ready(&fresh).await;
        fresh.text("kpi-arr")
    });
    assert_eq!(m.text("compare-kpi-arr-b"), m.text("kpi-arr"));
    let delta = m.text("compare-kpi-arr-delta");
    assert!(delta.starts_with('+') || delta.starts_with('−'), "{delta}");
    assert!(m.text("chart-cash").contains("(A)"));

    m.click("compare-unpin");
    // Unpinning re-renders two runs' worth of charts: wait for it rather than for a fixed settle.
    wait_for("the compare panel to close", 5_000, || {
        m.find("compare-panel").is_none().then_some(())
    })
    .await;
    wait_for("A gone from the capacity legend", 5_000, || {
        (!m.text("chart-capacity").contains("Total (A)")).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_embed_view_shows_one_chart_a_caption_and_no_controls() {
    json_in_process();
    let state = LinkState {
        scenario: edited(),
        pinned: None,
        view: View {
            embed: Some("cash".into()),
            ..View::default()
        },
    };
    let m: Mount<Embed> = Mount::new(
        400,
        EmbedProps {
            decoded: Rc::new(link::decode(&link::encode(&state))),
        },
    );
    let canvas: web_sys::HtmlCanvasElement = wait_for("the embedded chart drawn", 10_000, || {
        let c = m.root.query_selector("canvas").ok().flatten()?;
        (c.get_attribute("data-draws").is_some()).then_some(c)
    })
    .await
    .dyn_into()
    .expect("canvas");
    assert!(m.find("embed-root").is_some());
    assert_eq!(m.count("canvas"), 1);
    assert_eq!(
        m.count("button, input, select, textarea"),
        0,
        "an embed has no controls"
    );
    assert!(canvas.width() > 300);
    let caption = m.text("embed-caption");
    assert!(caption.contains(&edited().name), "{caption}");
    assert!(
        caption.contains(ParamId::BaseDelayMonths.spec().label),
        "{caption}"
    );
    let open = m
        .get("embed-open")
        .get_attribute("href")
        .unwrap_or_default();
    let back = link::decode(&open);
    assert_eq!(back.state.scenario, edited());
    assert_eq!(back.state.view.embed, None, "the link opens the full app");
}

#[wasm_bindgen_test]
async fn an_embed_keeps_the_theme_its_link_fixes_and_notes_older_economics_in_one_line() {
    json_in_process();
    let theme = || {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("data-theme"))
            .unwrap_or_default()
    };
    for fixed in ViewTheme::ALL {
        let m: Mount<Embed> = Mount::new(
            400,
            EmbedProps {
                decoded: Rc::new(link::decode(&format!(
                    "v=1&embed=cash&theme={}",
                    fixed.slug()
                ))),
            },
        );
        wait_for("the embedded chart drawn", 10_000, || {
            let c = m.root.query_selector("canvas").ok().flatten()?;
            c.get_attribute("data-draws").map(|_| ())
        })
        .await;
        assert_eq!(theme(), fixed.slug());
        // A v1 link: one short note under the caption, the notices in full on hover; nothing lost.
        let note = m.text("embed-note");
        assert_eq!(
            note,
            format!(
                "Made with economics v1, shown with v{}: figures may differ.",
                gigawatt_model::ECONOMICS_VERSION
            )
        );
        let full = m
            .get("link-notice-economics")
            .get_attribute("title")
            .unwrap_or_default();
        assert!(full.contains("inputs are unchanged"), "{full}");
        assert!(m.find("link-notice").is_none());
    }
    // A link this build made has no note.
    let today = LinkState {
        view: View {
            embed: Some("cash".into()),
            ..View::default()
        },
        ..LinkState::default()
    };
    let m: Mount<Embed> = Mount::new(
        400,
        EmbedProps {
            decoded: Rc::new(link::decode(&link::encode(&today))),
        },
    );
    settle().await;
    assert!(m.find("embed-root").is_some());
    assert!(m.find("embed-note").is_none());
}

#[wasm_bindgen_test]
async fn without_a_clipboard_api_the_link_is_selected_for_copying() {
    json_in_process();
    // Pages on plain http (not localhost) have no navigator.clipboard; hide it for this test.
    let navigator = web_sys::window().expect("window").navigator();
    let hide = js_sys::Object::new();
    js_sys::Reflect::set(&hide, &"value".into(), &wasm_bindgen::JsValue::UNDEFINED).expect("set");
    js_sys::Reflect::set(&hide, &"configurable".into(), &true.into()).expect("set");
    js_sys::Object::define_property(&navigator, &"clipboard".into(), &hide);

    let m = app_with_link("", false);
    ready(&m).await;
    m.click("share-open");
    wait_for("the dialog", 5_000, || m.find("share-dialog")).await;
    m.click("share-copy");
    let status = wait_for("a copy status", 5_000, || {
        let t = m.text("share-copy-status");
        (t.contains("Copied") || t.contains("Ctrl+C")).then_some(t)
    })
    .await;
    let field: HtmlInputElement = m.get("share-link").dyn_into().expect("input");
    let whole = field.value().len() as u32;
    let selected = (
        field.selection_start().ok().flatten(),
        field.selection_end().ok().flatten(),
    );
    // Restore the real clipboard for the other tests before asserting.
    js_sys::Reflect::delete_property(&navigator, &"clipboard".into()).expect("delete");
    assert_eq!(
        selected,
        (Some(0), Some(whole)),
        "the link is selected ({status})"
    );
    assert!(
        !status.contains("to the clipboard"),
        "the clipboard API was used although hidden: {status}"
    );
}

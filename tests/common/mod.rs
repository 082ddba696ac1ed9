//! Helpers shared by the browser tests: mount the app, wait on the DOM with a deadline, drive inputs the way
//! a person would (events that bubble to Yew's listeners), and read canvas pixels.
#![allow(dead_code)] // each test binary uses a different subset

use std::future::Future;

use gigawatt_app::{App, AppProps};
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement, HtmlInputElement,
};

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// A mounted app and its container; unmounted and removed on drop.
pub struct Mounted {
    pub root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

impl Mounted {
    pub fn new(width_px: u32) -> Mounted {
        let root = document().create_element("div").expect("create div");
        root.set_attribute("style", &format!("width:{width_px}px"))
            .expect("style");
        document()
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let handle =
            yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps::default()).render();
        Mounted {
            root,
            handle: Some(handle),
        }
    }

    pub fn find(&self, testid: &str) -> Option<Element> {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .ok()
            .flatten()
    }

    pub fn get(&self, testid: &str) -> Element {
        self.find(testid)
            .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
    }

    pub fn text(&self, testid: &str) -> String {
        self.find(testid)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    pub fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .map(|l| l.length())
            .unwrap_or(0)
    }

    pub fn click(&self, testid: &str) {
        self.get(testid)
            .dyn_into::<HtmlElement>()
            .expect("an HTML element")
            .click();
    }
}

pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Polls `check` every 20 ms until it returns Some, or panics with `what` after `timeout_ms`.
pub async fn wait_for<T, F: FnMut() -> Option<T>>(what: &str, timeout_ms: i32, mut check: F) -> T {
    let mut waited = 0;
    loop {
        if let Some(v) = check() {
            return v;
        }
        if waited >= timeout_ms {
            panic!("timed out after {timeout_ms} ms waiting for {what}");
        }
        sleep_ms(20).await;
        waited += 20;
    }
}

/// Lets Yew render and effects run (two animation-frame-sized turns).
pub fn settle() -> impl Future<Output = ()> {
    sleep_ms(60)
}

pub fn bubbling(name: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(name, &init).expect("event")
}

/// Types `text` into an input as a person would: value, `input`, then `change` (Enter or blur).
pub fn type_into(input: &Element, text: &str) {
    let input: &HtmlInputElement = input.dyn_ref().expect("an <input>");
    input.set_value(text);
    input
        .dispatch_event(&bubbling("input"))
        .expect("input event");
    input
        .dispatch_event(&bubbling("change"))
        .expect("change event");
}

pub fn canvas_in(m: &Mounted, slug: &str) -> HtmlCanvasElement {
    m.get(&format!("chart-{slug}"))
        .query_selector("canvas")
        .ok()
        .flatten()
        .expect("a canvas in the chart")
        .dyn_into()
        .expect("a <canvas>")
}

pub fn draws(canvas: &HtmlCanvasElement) -> u32 {
    canvas
        .get_attribute("data-draws")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub fn pixel(canvas: &HtmlCanvasElement, x: i32, y: i32) -> [u8; 4] {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .expect("2d context")
        .dyn_into()
        .expect("a 2d context");
    let data = ctx
        .get_image_data(f64::from(x), f64::from(y), 1.0, 1.0)
        .expect("getImageData")
        .data();
    [data[0], data[1], data[2], data[3]]
}

pub fn distance(a: [u8; 4], b: [u8; 3]) -> i32 {
    (0..3)
        .map(|i| (i32::from(a[i]) - i32::from(b[i])).abs())
        .sum()
}

pub async fn ready(m: &Mounted) {
    wait_for("the KPI strip to show ARR", 10_000, || {
        let t = m.text("kpi-arr");
        t.chars().any(|c| c.is_ascii_digit()).then_some(())
    })
    .await;
}

/// The JSON module's functions linked into the test (the release build loads them as a second module, which a
/// wasm-bindgen test cannot): scenario files, saved scenarios and older links' frozen defaults then work at
/// once, as after the module loaded.
pub fn json_in_process() {
    gigawatt_app::json_module::install(std::rc::Rc::new(gigawatt_app::json_module::InProcess));
    gigawatt_model::link::set_frozen_source(gigawatt_model::link::read_frozen_file);
}

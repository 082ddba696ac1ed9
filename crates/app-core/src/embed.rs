//! Embeds that last, without a browser: the link of an embed, the snippet an article pastes, the height the
//! embed asks its frame for, and the one-line note on a link made with an older Gigawatt.
//!
//! The embed (`src/share/embed.rs`) posts [`HeightMessage`] to its parent page on load and whenever the
//! height it needs changes; the snippet's script sets its `<iframe>`'s height from it, accepting the message
//! only from that iframe's window. Without the script (a site that strips scripts) the frame keeps the
//! snippet's height and the chart fills it.

use gigawatt_charts::ChartId;
use gigawatt_model::link::{Decoded, LinkState, View, ViewTheme};
use gigawatt_model::ECONOMICS_VERSION;

/// The `type` of the message an embed posts to its parent page with its height.
pub const HEIGHT_MESSAGE: &str = "gigawatt:height";

/// The chart's height an embed asks for, as a share of its width (the default 640 × 420 snippet's shape).
const CHART_ASPECT: f64 = 0.55;
/// Bounds of the chart's height an embed asks for (CSS px).
const CHART_HEIGHT_RANGE: (f64, f64) = (180.0, 560.0);

/// The link state of an embed of `chart`: the same scenarios (a pinned A is drawn dashed there too), no tab
/// or year, the chart's slug and the theme it fixes (`None`: the reader's).
pub fn embed_state(state: &LinkState, chart: ChartId, theme: Option<ViewTheme>) -> LinkState {
    LinkState {
        scenario: state.scenario.clone(),
        pinned: state.pinned.clone(),
        view: View {
            tab: None,
            year: None,
            embed: Some(chart.slug().to_string()),
            theme,
        },
    }
}

/// The full app's state for what an embed shows: the same scenarios, without the embed or its theme.
pub fn full_app_state(state: &LinkState) -> LinkState {
    let mut full = state.clone();
    full.view.embed = None;
    full.view.theme = None;
    full
}

/// The HTML to paste into an article: the `<iframe>` (its `src` carries the link version, so it keeps showing
/// this scenario), then a script that sets the iframe's height from the embed's [`HeightMessage`]s. The
/// script finds its iframe as the element just before it (so several embeds on one page need no ids) and
/// accepts messages only from that iframe's window.
pub fn snippet(src: &str, title: &str, width: u32, height: u32) -> String {
    format!(
        "<iframe src=\"{src}\" width=\"{width}\" height=\"{height}\" style=\"border:0;max-width:100%\" \
         title=\"{title}\" loading=\"lazy\"></iframe>\n\
         <script>\n\
         (function (frame) {{\n  \
         window.addEventListener(\"message\", function (event) {{\n    \
         var data = event.data;\n    \
         if (event.source === frame.contentWindow && data && data.type === \"{HEIGHT_MESSAGE}\" && data.height > 0) {{\n      \
         frame.style.height = Math.min(data.height, 4000) + \"px\";\n    \
         }}\n  \
         }});\n\
         }})(document.currentScript.previousElementSibling);\n\
         </script>",
        src = escape_attribute(src),
        title = escape_attribute(title),
    )
}

/// `text` inside a double-quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What an embed tells its parent page: `{ type: "gigawatt:height", height, embed }`. Only the height it
/// needs (CSS px) and the chart's slug; nothing about the scenario or the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeightMessage {
    pub height: u32,
    /// The chart's slug (the link's `embed=`), so a page with several embeds can tell them apart.
    pub embed: String,
}

/// The chart height an embed asks for at `width` px: [`CHART_ASPECT`] of it, within [`CHART_HEIGHT_RANGE`].
pub fn preferred_chart_height(width: f64) -> f64 {
    let (lo, hi) = CHART_HEIGHT_RANGE;
    if width.is_finite() {
        (width * CHART_ASPECT).clamp(lo, hi)
    } else {
        lo
    }
}

/// Measurements of an embed's layout (CSS px), from which [`frame_height`] computes the height it needs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EmbedLayout {
    /// From the top of the page to the bottom of its last line, padding included (overflow counted).
    pub content_bottom: f64,
    /// The chart's surface now (it stretches to fill the frame).
    pub surface_width: f64,
    pub surface_height: f64,
    /// Legend rows hidden by its height limit (scroll height − client height).
    pub legend_hidden: f64,
}

/// The frame height an embed needs: everything but the chart as it is now (with the legend's hidden rows
/// shown), plus the chart at its preferred height for its width. It does not depend on the frame's current
/// height (the chart stretches to fill the frame), so setting the frame to it is a fixed point: no loop.
/// Whole px, rounded up; `None` when the layout is not measurable yet (nothing drawn, or not a number).
pub fn frame_height(layout: EmbedLayout) -> Option<u32> {
    let EmbedLayout {
        content_bottom,
        surface_width,
        surface_height,
        legend_hidden,
    } = layout;
    if ![content_bottom, surface_width, surface_height, legend_hidden]
        .iter()
        .all(|v| v.is_finite())
        || surface_width <= 0.0
        || content_bottom <= 0.0
    {
        return None;
    }
    let others = (content_bottom - surface_height).max(0.0) + legend_hidden.max(0.0);
    // Round at a tenth of a px first, so a layout's float noise never makes two heights.
    let height = ((others + preferred_chart_height(surface_width)) * 10.0).round() / 10.0;
    Some(height.ceil().min(f64::from(u32::MAX)) as u32)
}

/// The embed's one-line note on a link made with an older Gigawatt (`decoded.notices`): its short text, and
/// the notices in full for the note's tooltip. `None` for a link this build's economics and defaults read as
/// they were.
pub fn older_link_note(decoded: &Decoded) -> Option<(String, String)> {
    if decoded.notices.is_empty() {
        return None;
    }
    let short = if decoded.economics_version < ECONOMICS_VERSION {
        format!(
            "Made with economics v{}, shown with v{ECONOMICS_VERSION}: figures may differ.",
            decoded.economics_version
        )
    } else {
        "Made with an older Gigawatt; today’s defaults differ, figures may too.".to_string()
    };
    Some((short, decoded.notices.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gigawatt_model::link::{self, LINK_VERSION};
    use gigawatt_model::{PresetId, Scenario};

    #[test]
    fn an_embed_link_names_its_chart_and_theme_and_nothing_of_the_app_view() {
        let mut state = LinkState {
            scenario: Scenario::preset(PresetId::Bear),
            pinned: Some(Scenario::default()),
            ..LinkState::default()
        };
        state.view.tab = Some("money".into());
        state.view.year = Some(2028);
        let embed = embed_state(
            &state,
            ChartId::from_slug("cash").expect("chart"),
            Some(ViewTheme::Dark),
        );
        let query = link::encode(&embed);
        assert!(
            query.starts_with(&format!("v={LINK_VERSION}&s=")),
            "{query}"
        );
        assert!(query.ends_with("&embed=cash&theme=dark"), "{query}");
        let back = link::decode(&query);
        assert_eq!(back.state, embed);
        assert_eq!(back.state.pinned, state.pinned);
        let full = full_app_state(&back.state);
        assert_eq!((full.view.embed, full.view.theme), (None, None));
        assert_eq!(full.scenario, state.scenario);
    }

    #[test]
    fn the_snippet_is_the_iframe_and_a_script_that_listens_to_that_iframe_only() {
        let s = snippet(
            "https://x.org/?v=4&s=a\"b&embed=cash",
            "Gigawatt: Cash (R&D <1>)",
            640,
            420,
        );
        let (iframe, script) = s.split_once('\n').expect("two parts");
        assert_eq!(
            iframe,
            "<iframe src=\"https://x.org/?v=4&amp;s=a&quot;b&amp;embed=cash\" width=\"640\" height=\"420\" \
             style=\"border:0;max-width:100%\" title=\"Gigawatt: Cash (R&amp;D &lt;1&gt;)\" loading=\"lazy\"></iframe>"
        );
        assert_eq!(
            script,
            "<script>\n\
             (function (frame) {\n  \
             window.addEventListener(\"message\", function (event) {\n    \
             var data = event.data;\n    \
             if (event.source === frame.contentWindow && data && data.type === \"gigawatt:height\" && data.height > 0) {\n      \
             frame.style.height = Math.min(data.height, 4000) + \"px\";\n    \
             }\n  \
             });\n\
             })(document.currentScript.previousElementSibling);\n\
             </script>"
        );
    }

    #[test]
    fn the_height_asked_for_follows_the_width_not_the_frame() {
        assert_eq!(preferred_chart_height(620.0), 341.0);
        assert_eq!(preferred_chart_height(200.0), 180.0);
        assert_eq!(preferred_chart_height(1180.0), 560.0);
        assert_eq!(preferred_chart_height(f64::NAN), 180.0);
        // 80 px of title, legend and caption around a chart 620 px wide: 80 + 341.
        let at = |frame: f64| EmbedLayout {
            content_bottom: frame,
            surface_width: 620.0,
            surface_height: frame - 80.0,
            legend_hidden: 0.0,
        };
        assert_eq!(frame_height(at(420.0)), Some(421));
        // Whatever the frame's height now, the same answer: setting it is a fixed point.
        for frame in [200.0, 421.0, 900.0] {
            assert_eq!(frame_height(at(frame)), Some(421), "{frame}");
        }
        // A frame too short for the chart's minimum: the content overflows, and the answer is still the same.
        let squeezed = EmbedLayout {
            content_bottom: 190.0,
            surface_width: 620.0,
            surface_height: 110.0,
            legend_hidden: 0.0,
        };
        assert_eq!(frame_height(squeezed), Some(421));
        // Legend rows hidden by a short frame are asked for too.
        let hidden = EmbedLayout {
            legend_hidden: 19.0,
            ..at(300.0)
        };
        assert_eq!(frame_height(hidden), Some(440));
        // Float noise does not make a second height.
        assert_eq!(
            frame_height(EmbedLayout {
                content_bottom: 420.000_01,
                ..at(420.0)
            }),
            Some(421)
        );
        assert_eq!(frame_height(EmbedLayout::default()), None);
        assert_eq!(
            frame_height(EmbedLayout {
                content_bottom: f64::NAN,
                ..at(420.0)
            }),
            None
        );
    }

    #[test]
    fn older_links_get_a_short_note_and_today_s_links_none() {
        let today = link::decode(&link::encode(&LinkState::default()));
        assert_eq!(older_link_note(&today), None);
        let v1 = link::decode("v=1&embed=cash");
        let (short, full) = older_link_note(&v1).expect("a note");
        assert_eq!(
            short,
            format!("Made with economics v1, shown with v{ECONOMICS_VERSION}: figures may differ.")
        );
        assert_eq!(full, v1.notices.join("\n"));
        let v3 = link::decode("v=3&embed=cash");
        assert!(!v3.notices.is_empty());
        let (short, _) = older_link_note(&v3).expect("a note");
        assert!(short.starts_with("Made with an older Gigawatt"), "{short}");
        assert!(short.len() < 80, "one short line: {short}");
    }
}

//! Colours: one series palette that reads on both light and dark backgrounds, plus per-theme chrome.

use plotters::style::RGBColor;

/// The page theme the chart sits on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// Colours of everything that is not a data series.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chrome {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted_text: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    /// Fill of the observed-history band.
    pub history: RGBColor,
    /// Colour of zero lines and reference markers.
    pub reference: RGBColor,
}

impl Theme {
    /// The background and muted text colours as CSS ("#ffffff"), for what the app draws next to a chart in
    /// the same look (an exported image's footer).
    pub fn footer_css(self) -> (String, String) {
        let c = self.chrome();
        (css_color(c.background), css_color(c.muted_text))
    }

    pub(crate) fn chrome(self) -> Chrome {
        match self {
            Theme::Light => Chrome {
                background: RGBColor(0xff, 0xff, 0xff),
                text: RGBColor(0x1f, 0x23, 0x28),
                muted_text: RGBColor(0x59, 0x63, 0x6e),
                grid: RGBColor(0xe6, 0xe8, 0xeb),
                axis: RGBColor(0x9a, 0xa1, 0xa9),
                history: RGBColor(0xf1, 0xf3, 0xf5),
                reference: RGBColor(0x3d, 0x44, 0x4b),
            },
            Theme::Dark => Chrome {
                background: RGBColor(0x16, 0x19, 0x1d),
                text: RGBColor(0xe6, 0xe8, 0xeb),
                muted_text: RGBColor(0xa0, 0xa8, 0xb0),
                grid: RGBColor(0x2b, 0x30, 0x36),
                axis: RGBColor(0x5c, 0x64, 0x6d),
                history: RGBColor(0x21, 0x25, 0x2b),
                reference: RGBColor(0xd0, 0xd4, 0xd8),
            },
        }
    }
}

/// Mid-tone series colours (after Tableau 10, brightened slightly) with enough contrast on white and on
/// the dark background, and distinct from each other for common colour-vision deficiencies where possible.
pub(crate) const PALETTE: [RGBColor; 10] = [
    RGBColor(0x4e, 0x79, 0xa7), // blue
    RGBColor(0xf2, 0x8e, 0x2b), // orange
    RGBColor(0x59, 0xa1, 0x4f), // green
    RGBColor(0xe1, 0x57, 0x59), // red
    RGBColor(0x76, 0xb7, 0xb2), // teal
    RGBColor(0xb0, 0x7a, 0xa1), // purple
    RGBColor(0xed, 0xc9, 0x48), // yellow
    RGBColor(0xff, 0x9d, 0xa7), // pink
    RGBColor(0x9c, 0x75, 0x5f), // brown
    RGBColor(0x8c, 0x99, 0xa6), // grey
];

pub(crate) const BLUE: RGBColor = PALETTE[0];
pub(crate) const ORANGE: RGBColor = PALETTE[1];
pub(crate) const GREEN: RGBColor = PALETTE[2];
pub(crate) const RED: RGBColor = PALETTE[3];
pub(crate) const TEAL: RGBColor = PALETTE[4];
pub(crate) const PURPLE: RGBColor = PALETTE[5];
pub(crate) const YELLOW: RGBColor = PALETTE[6];
pub(crate) const BROWN: RGBColor = PALETTE[8];
pub(crate) const GREY: RGBColor = PALETTE[9];
/// Pending tranche markers: darker than the grey of the announced path they sit on, readable on both
/// backgrounds (contrast about 4.8 on white, 3.7 on the dark background).
pub(crate) const SLATE: RGBColor = RGBColor(0x64, 0x74, 0x85);
/// Reported figures (diamonds): a magenta no series uses, readable on both backgrounds.
pub const REPORTED_COLOR: RGBColor = RGBColor(0xd6, 0x33, 0x84);
/// Event ticks and their legend swatch: a mid grey that reads on both themes' backgrounds.
pub const EVENTS_COLOR: RGBColor = RGBColor(0x7a, 0x82, 0x8c);

/// Colours for stacked layers (counterparties, vendors, holders). They avoid the red and purple that
/// overlay lines use, so a line never disappears into a layer of its own colour.
pub(crate) const STACK_PALETTE: [RGBColor; 12] = [
    PALETTE[0],                 // blue
    PALETTE[1],                 // orange
    PALETTE[4],                 // teal
    PALETTE[2],                 // green
    PALETTE[6],                 // yellow
    PALETTE[8],                 // brown
    PALETTE[7],                 // pink
    RGBColor(0xa0, 0xcb, 0xe8), // light blue
    RGBColor(0xff, 0xbe, 0x7d), // light orange
    RGBColor(0x8c, 0xd1, 0x7d), // light green
    RGBColor(0xd4, 0xa6, 0xc8), // light purple
    PALETTE[9],                 // grey
];

/// The stack colour for the `i`-th layer, cycling.
pub(crate) fn stack_color(i: usize) -> RGBColor {
    STACK_PALETTE[i % STACK_PALETTE.len()]
}

/// CSS hex colour ("#4e79a7") for the app's HTML legend and read-outs.
pub fn css_color(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

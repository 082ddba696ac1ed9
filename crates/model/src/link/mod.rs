//! Share links: the whole scenario (plus the pinned comparison and what the reader is looking at) in a URL
//! query that lasts.
//!
//! ```text
//! v=4&s=<base64url payload>&tab=<tab>&year=<year>&embed=<chart slug>&theme=<light|dark>
//! ```
//!
//! * `v` is the link version, and with it the economics the link was made under ([`economics_of_link`]):
//!   `v=1` links were made with economics v1, `v=2` to `v=4` links with economics v2
//!   ([`crate::ECONOMICS_VERSION`]); versions 3 and 4 changed defaults only (4 added `train_cap_share_2035` and `personnel_growth_2035`).
//!   A link made today decodes to the same scenario forever.
//! * `s` is absent for the untouched "As reported" scenario. Otherwise it is base64url (no padding) of one
//!   header byte (0 = records follow as they are, 1 = the records are raw-deflated, whichever is shorter)
//!   followed by records `tag, length, body` (tags in `codec.rs`). Each record says how the scenario differs
//!   from its preset *as that preset was when the link's version shipped* (`frozen.rs`: `v1_defaults.json`,
//!   never edited, `v2_defaults.json`, `v3_defaults.json` and `v4_defaults.json`): the preset, the name, changed parameters (by their index in the
//!   version's frozen order), contracts, funding events and chips as edit scripts (keep base items, patch
//!   changed fields, add new ones), cap table, marks, Monte Carlo seed, runs and uncertainty. Numbers are
//!   their shortest exact decimals, so every `f64` comes back bit for bit. Record 20 holds the pinned
//!   scenario "A" the same way. The records and their encoding are the same in every version.
//! * `tab`, `year`, `embed` and `theme` are the app's view, readable and percent-encoded, outside the payload:
//!   a new view parameter needs no new link version (an older build ignores it with a warning). `theme`
//!   fixes an embed's colours (`light` or `dark`); without it the embed follows the reader's
//!   `prefers-color-scheme`.
//!
//! Changing a default later never changes old links, because they are read against the frozen copy; a new
//! default means a new link version, whose decoder migrates older links (`migrate.rs`): a `v=1` link keeps
//! every input it had and takes version 2's defaults for the parameters v1 did not have, and
//! [`Decoded::notices`] says its figures now come from newer economics. [`decode`] never fails: whatever it
//! is given, it returns a valid scenario (falling back part by part to the preset, and at worst to "As
//! reported") and says in [`Decoded::warnings`] what it ignored and why.
//!
//! `v3_defaults.json`, `v4_defaults.json` and their link corpora are frozen too (both shipped on 3 Dec 2026): a
//! new default needs link version 5 and a migration (see `tests/link_corpus.rs`).

mod codec;
mod fields;
mod frozen;
mod items;
mod migrate;
mod numbers;
mod repair;
mod wire;

use crate::{Scenario, ECONOMICS_VERSION};
use base64::Engine as _;
#[doc(hidden)]
pub use frozen::live_defaults_json;

pub use frozen::{
    read_frozen_file, set_frozen_source, FrozenFile, FrozenSource, LATEST_FROZEN_IS_LIVE,
    LINK_VERSION,
};

/// The economics a link of version `link_version` was made under: 1 for version 1, 2 for versions 2 and 3. A link
/// from a newer Gigawatt is read as this build's latest version, so its figures are this build's economics.
pub fn economics_of_link(link_version: u32) -> u32 {
    match link_version {
        0 | 1 => 1,
        _ => ECONOMICS_VERSION,
    }
}

/// What changed after economics version `version`, for the notice on links made under it.
fn economics_notice(version: u32) -> Option<String> {
    let before = match version {
        1 => "before options, finite capital and demand that follows the cost of serving",
        _ => return None,
    };
    Some(format!(
        "This link was made with Gigawatt's economics v{version} ({before}). Its inputs are unchanged; the \
         figures now come from economics v{ECONOMICS_VERSION} and may differ."
    ))
}

/// What a link of `link_version` keeps that today's presets no longer have, for links made under today's
/// economics against older defaults (a link under older economics gets [`economics_notice`] instead).
fn defaults_notice(link_version: u32) -> Option<String> {
    let since = match link_version {
        2 => "late tokens-per-prompt growth raised from +80% to +130% a year (gross margin stays below 80%), and \
              capacity lost to a default re-let at market. New since then, and followed by this link too: from \
              2031 the training budget for new leases moves from 40% of revenue to 15% by 2035, and the growth \
              of people costs (cash and stock pay) from 10% to 5% a year",
        3 => "new since then, and followed by this link too: from 2031 the training budget for new leases moves \
              from 40% of revenue to 15% by 2035, and the growth of people costs (cash and stock pay) from 10% \
              to 5% a year (a maturing lab; before, the default burned cash for ever)",
        _ => return None,
    };
    Some(format!(
        "This link keeps the defaults it was made with (link version {link_version}); today's presets have \
         changed since: {since}."
    ))
}

/// Inputs longer than this are cut before decoding (a real link is a few hundred characters).
const MAX_INPUT_CHARS: usize = 200_000;
/// Most bytes a payload may inflate to (a guard against deflate bombs).
const MAX_PAYLOAD_BYTES: usize = 1 << 20;
/// Longest `tab` or `embed` value read back; longer values are ignored with a warning.
const MAX_VIEW_CHARS: usize = 200;
/// Warnings beyond this many are summarised in one line.
const MAX_WARNINGS: usize = 40;

/// What the reader of a link is looking at. The app sets it; the model only carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// The open tab (a short slug such as "charts").
    pub tab: Option<String>,
    /// The year the charts highlight (a calendar year, 1900–2200).
    pub year: Option<i32>,
    /// A chart slug: the link shows only this chart (for embedding in a page).
    pub embed: Option<String>,
    /// The colours an embed is drawn in (`theme=light` or `theme=dark`); `None` follows the reader's
    /// `prefers-color-scheme`. The full app ignores it (its reader has the theme toggle).
    pub theme: Option<ViewTheme>,
}

/// A theme a link may fix (`theme=` of [`View`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewTheme {
    Light,
    Dark,
}

impl ViewTheme {
    pub const ALL: [ViewTheme; 2] = [ViewTheme::Light, ViewTheme::Dark];

    /// The value in a link: "light" or "dark".
    pub fn slug(self) -> &'static str {
        match self {
            ViewTheme::Light => "light",
            ViewTheme::Dark => "dark",
        }
    }

    /// The theme a link's value names (exactly "light" or "dark", any ASCII case), if any.
    pub fn from_slug(text: &str) -> Option<ViewTheme> {
        let text = text.trim();
        ViewTheme::ALL
            .into_iter()
            .find(|t| t.slug().eq_ignore_ascii_case(text))
    }
}

/// Everything a share link carries. The default is the untouched "As reported" scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkState {
    pub scenario: Scenario,
    /// The scenario pinned for comparison ("A"), if any.
    pub pinned: Option<Scenario>,
    pub view: View,
}

/// The result of [`decode`]: always a usable state, plus what the reader should know about the link.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The scenarios are valid (`validate()` is empty) whatever the input.
    pub state: LinkState,
    /// The economics the link was made under ([`economics_of_link`]); [`crate::ECONOMICS_VERSION`] for links
    /// this build makes (and for no link at all).
    pub economics_version: u32,
    /// Sentences about a link read in full that the reader should still know, kept apart from `warnings`
    /// because nothing was lost: today, that it was made under older economics (its inputs are unchanged,
    /// the figures may differ). Empty for links [`encode`] made.
    pub notices: Vec<String>,
    /// Human-readable sentences on what was ignored or replaced, and why. Empty for links [`encode`] made.
    pub warnings: Vec<String>,
}

/// The link query for `state`, without a leading '?': `v=4`, then `s=…` unless the scenario is the untouched
/// "As reported" (as frozen for the latest version) with nothing pinned, then the view.
pub fn encode(state: &LinkState) -> String {
    let d = frozen::latest();
    let mut records = codec::write_scenario(&state.scenario, d);
    if let Some(pinned) = &state.pinned {
        let mut w = wire::Writer { bytes: records };
        w.record(codec::TAG_PINNED, &codec::write_scenario(pinned, d));
        records = w.bytes;
    }
    let mut query = format!("v={LINK_VERSION}");
    if !records.is_empty() {
        let deflated = miniz_oxide::deflate::compress_to_vec(&records, 10);
        let payload = if deflated.len() < records.len() {
            [&[1u8][..], &deflated].concat()
        } else {
            [&[0u8][..], &records].concat()
        };
        query.push_str("&s=");
        query.push_str(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload));
    }
    let view = &state.view;
    if let Some(tab) = &view.tab {
        query.push_str(&format!("&tab={}", percent_encode(tab)));
    }
    if let Some(year) = view.year {
        query.push_str(&format!("&year={year}"));
    }
    if let Some(embed) = &view.embed {
        query.push_str(&format!("&embed={}", percent_encode(embed)));
    }
    if let Some(theme) = view.theme {
        query.push_str(&format!("&theme={}", theme.slug()));
    }
    query
}

/// The fields (named as scenario files name them, alphabetically) in which two contracts differ.
pub fn changed_contract_fields(a: &crate::Contract, b: &crate::Contract) -> Vec<&'static str> {
    items::changed_field_names(a, b)
}

/// The fields (named as scenario files name them, alphabetically) in which two funding events differ.
pub fn changed_funding_fields(
    a: &crate::FundingEvent,
    b: &crate::FundingEvent,
) -> Vec<&'static str> {
    items::changed_field_names(a, b)
}

/// `scenario` as link records against today's presets: how the web build's modules hand each other a scenario
/// (compact, and the first module already has the codec). [`scenario_from_records`] reads it back exactly.
pub fn scenario_records(scenario: &Scenario) -> Vec<u8> {
    codec::write_scenario(scenario, frozen::live())
}

/// The scenario [`scenario_records`] wrote, exactly (valid or not: nothing is checked or repaired), or why the
/// records do not read.
pub fn scenario_from_records(records: &[u8]) -> Result<Scenario, String> {
    codec::read_scenario_exactly(records, frozen::live())
        .map_err(|why| format!("the scenario did not arrive whole: {why}"))
}

/// Whether reading `input` needs frozen defaults other than today's presets: a link of an older version (or any
/// link, while [`LATEST_FROZEN_IS_LIVE`] is false). The web build then loads the module that reads frozen
/// files before it reads the link; every other start, and every link it writes, needs none.
pub fn needs_frozen_files(input: &str) -> bool {
    let fields = Fields::parse(input.trim(), &mut Vec::new());
    let Some(version) = fields.version else {
        return fields.payload.is_some() && !LATEST_FROZEN_IS_LIVE;
    };
    match version.trim().parse::<u32>() {
        Ok(n) if (1..LINK_VERSION).contains(&n) => true,
        _ => !LATEST_FROZEN_IS_LIVE,
    }
}

/// Reads a share link: a full URL, a query with or without '?', or a fragment. Never fails and never panics;
/// see [`Decoded`].
pub fn decode(input: &str) -> Decoded {
    let mut warnings = Vec::new();
    let mut input = input.trim();
    if input.len() > MAX_INPUT_CHARS {
        let mut cut = MAX_INPUT_CHARS;
        while !input.is_char_boundary(cut) {
            cut -= 1;
        }
        input = &input[..cut];
        warnings.push(format!(
            "the link is longer than {MAX_INPUT_CHARS} characters; read only the start"
        ));
    }
    let fields = Fields::parse(input, &mut warnings);
    let version = match &fields.version {
        None => {
            if fields.payload.is_some() {
                warnings.push(format!(
                    "the link has no version (v=); read it as version {LINK_VERSION}"
                ));
            }
            LINK_VERSION
        }
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                warnings.push(format!(
                    "link version '{}' is not a version number; read it as version {LINK_VERSION}",
                    shorten(v)
                ));
                LINK_VERSION
            }
        },
    };
    let d = frozen::for_version(version);
    let latest = frozen::latest();
    for f in [d, latest] {
        if let Some(problem) = &f.problem {
            let warning = format!("this build cannot read its frozen defaults of link version {} ({problem}); links are read against today's presets", f.version);
            if !warnings.contains(&warning) {
                warnings.insert(0, warning);
            }
        }
    }
    let (scenario, pinned) = match &fields.payload {
        // No link at all (the app's own address without a query): today's default.
        None if fields.version.is_none() => (Scenario::default(), None),
        // `v=1` alone: the untouched "As reported" of that version.
        None => read_records(&[], d, &mut warnings),
        Some(payload) if version <= LINK_VERSION => read_payload(payload, d, &mut warnings),
        Some(payload) => {
            let mut tried = Vec::new();
            let read = read_payload(payload, d, &mut tried);
            if tried.is_empty() {
                warnings.push(format!("this link was made by a newer Gigawatt (link version {version}); read it as version {LINK_VERSION}, which may differ in details"));
                read
            } else {
                warnings.push(format!("this link was made by a newer Gigawatt (link version {version}) and cannot be read here; showing the default scenario"));
                (Scenario::default(), None)
            }
        }
    };
    if warnings.len() > MAX_WARNINGS {
        let more = warnings.len() - MAX_WARNINGS;
        warnings.truncate(MAX_WARNINGS);
        warnings.push(format!("… and {more} more warning(s)"));
    }
    // Without `v=` the link is read as the latest version, whose economics are this build's.
    let economics_version = economics_of_link(version);
    Decoded {
        state: LinkState {
            scenario,
            pinned,
            view: fields.view,
        },
        economics_version,
        notices: economics_notice(economics_version)
            .or_else(|| defaults_notice(version))
            .into_iter()
            .collect(),
        warnings,
    }
}

/// The scenario and pinned scenario of an `s=` payload.
fn read_payload(
    payload: &str,
    d: &frozen::Defaults,
    warnings: &mut Vec<String>,
) -> (Scenario, Option<Scenario>) {
    let Some(bytes) = unbase64(payload, warnings) else {
        return (Scenario::default(), None);
    };
    let records = match bytes.split_first() {
        None => Vec::new(),
        Some((0, rest)) => rest.to_vec(),
        Some((1, rest)) => {
            match miniz_oxide::inflate::decompress_to_vec_with_limit(rest, MAX_PAYLOAD_BYTES) {
                Ok(records) => records,
                Err(e) => {
                    warnings.push(
                        "the link's data is cut short or damaged; read what came before the damage"
                            .into(),
                    );
                    e.output
                }
            }
        }
        Some((other, _)) => {
            warnings.push(format!(
                "the link's data has an unknown form ({other}); showing the default scenario"
            ));
            return (Scenario::default(), None);
        }
    };
    read_records(&records, d, warnings)
}

/// The scenario and pinned scenario of a payload's records, read against `d` (and migrated if it is older).
fn read_records(
    records: &[u8],
    d: &frozen::Defaults,
    warnings: &mut Vec<String>,
) -> (Scenario, Option<Scenario>) {
    let mut notes = wire::Notes {
        prefix: "",
        warnings,
    };
    let (scenario, pinned) = codec::read_scenario(records, d, &mut notes);
    let pinned = pinned.map(|bytes| {
        let mut notes = wire::Notes {
            prefix: "scenario A: ",
            warnings,
        };
        let (pinned, nested) = codec::read_scenario(bytes, d, &mut notes);
        if nested.is_some() {
            notes
                .warnings
                .push("scenario A: ignored a comparison pinned inside the pinned scenario".into());
        }
        pinned
    });
    (scenario, pinned)
}

/// Base64url (or standard base64, padded or not, with stray whitespace) to bytes. A truncated tail is cut
/// off rather than failing the whole link.
fn unbase64(text: &str, warnings: &mut Vec<String>) -> Option<Vec<u8>> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let engine = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for cut in 0..4.min(clean.len() + 1) {
        let Some(head) = clean.get(..clean.len() - cut) else {
            break;
        };
        if let Ok(bytes) = engine.decode(head) {
            if cut > 0 {
                warnings.push("the link's data is cut short; read what is there".into());
            }
            return Some(bytes);
        }
    }
    warnings.push(format!(
        "the link's data '{}' is not base64url; showing the default scenario",
        shorten(text)
    ));
    None
}

/// The recognised query fields of a link.
#[derive(Default)]
struct Fields {
    version: Option<String>,
    payload: Option<String>,
    view: View,
}

impl Fields {
    fn parse(input: &str, warnings: &mut Vec<String>) -> Fields {
        let (before_fragment, fragment) = match input.split_once('#') {
            Some((a, b)) => (a, Some(b)),
            None => (input, None),
        };
        let mut parts: Vec<&str> = Vec::new();
        match before_fragment.split_once('?') {
            Some((_, query)) => parts.push(query),
            None if before_fragment.contains('=') && !before_fragment.contains("://") => {
                parts.push(before_fragment)
            }
            None => {}
        }
        if let Some(fragment) = fragment {
            parts.push(fragment.split_once('?').map_or(fragment, |(_, q)| q));
        }
        let mut fields = Fields::default();
        let mut seen_any = false;
        for pair in parts.iter().flat_map(|p| p.split(['&', ';'])) {
            if pair.is_empty() {
                continue;
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (percent_decode(key), percent_decode(value));
            seen_any = true;
            match key.as_str() {
                "v" => fields.version = Some(value),
                "s" => fields.payload = Some(value),
                "tab" | "embed" if value.chars().count() > MAX_VIEW_CHARS => warnings.push(
                    format!("ignored '{key}', longer than {MAX_VIEW_CHARS} characters"),
                ),
                "tab" => fields.view.tab = Some(value),
                "embed" => fields.view.embed = Some(value),
                "theme" => match ViewTheme::from_slug(&value) {
                    Some(theme) => fields.view.theme = Some(theme),
                    None => warnings.push(format!(
                        "ignored theme '{}', which is neither 'light' nor 'dark'",
                        shorten(&value)
                    )),
                },
                "year" => match value.trim().parse::<i32>() {
                    Ok(y) if (1900..=2200).contains(&y) => fields.view.year = Some(y),
                    _ => warnings.push(format!(
                        "ignored year '{}', which is not a year from 1900 to 2200",
                        shorten(&value)
                    )),
                },
                _ => warnings.push(format!(
                    "ignored unknown link parameter '{}'",
                    shorten(&key)
                )),
            }
        }
        if !seen_any
            && !input.is_empty()
            && fragment.is_none()
            && !input.contains('?')
            && !input.contains("://")
        {
            warnings.push(format!(
                "'{}' is not a Gigawatt link; showing the default scenario",
                shorten(input)
            ));
        }
        fields
    }
}

/// At most 40 characters of `text`, for quoting bad input in a warning.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

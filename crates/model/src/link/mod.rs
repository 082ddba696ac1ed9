//! Share links: the whole scenario (plus the pinned comparison and what the reader is looking at) in a URL
//! query that lasts.
//!
//! ```text
//! v=1&s=<base64url payload>&tab=<tab>&year=<year>&embed=<chart slug>
//! ```
//!
//! * `v` is the link version. Version 1 is frozen: a link made today decodes to the same scenario forever.
//! * `s` is absent for the untouched "As reported" scenario. Otherwise it is base64url (no padding) of one
//!   header byte (0 = records follow as they are, 1 = the records are raw-deflated, whichever is shorter)
//!   followed by records `tag, length, body` (tags in `codec.rs`). Each record says how the scenario differs
//!   from its preset *as that preset was when version 1 shipped* (`v1_defaults.json`, never edited): the
//!   preset, the name, changed parameters (by their v1 index), contracts, funding events and chips as edit
//!   scripts (keep base items, patch changed fields, add new ones), cap table, marks, Monte Carlo seed, runs
//!   and uncertainty. Numbers are their shortest exact decimals, so every `f64` comes back bit for bit.
//!   Record 20 holds the pinned scenario "A" the same way.
//! * `tab`, `year`, `embed` are the app's view, readable and percent-encoded.
//!
//! Changing a default later never changes old links, because they are read against the frozen copy; a new
//! default means link version 2, whose decoder migrates version-1 links. [`decode`] never fails: whatever it
//! is given, it returns a valid scenario (falling back part by part to the preset, and at worst to "As
//! reported") and says in [`Decoded::warnings`] what it ignored and why.

mod codec;
mod fields;
mod items;
mod repair;
mod v1;
mod wire;

use crate::Scenario;
use base64::Engine as _;

/// The link version [`encode`] writes.
pub const LINK_VERSION: u32 = 1;

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
}

/// Everything a share link carries. The default is the untouched "As reported" scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkState {
    pub scenario: Scenario,
    /// The scenario pinned for comparison ("A"), if any.
    pub pinned: Option<Scenario>,
    pub view: View,
}

/// The result of [`decode`]: always a usable state, plus what could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The scenarios are valid (`validate()` is empty) whatever the input.
    pub state: LinkState,
    /// Human-readable sentences on what was ignored or replaced, and why. Empty for links [`encode`] made.
    pub warnings: Vec<String>,
}

/// The link query for `state`, without a leading '?': `v=1`, then `s=…` unless the scenario is the untouched
/// "As reported" with nothing pinned, then the view.
pub fn encode(state: &LinkState) -> String {
    let d = v1::defaults();
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
    query
}

/// Reads a share link: a full URL, a query with or without '?', or a fragment. Never fails and never panics;
/// see [`Decoded`].
pub fn decode(input: &str) -> Decoded {
    let mut warnings = Vec::new();
    let d = v1::defaults();
    if let Some(problem) = &d.problem {
        warnings.push(format!(
            "this build cannot read its frozen link defaults ({problem}); links are read against today's presets"
        ));
    }
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
                warnings.push("the link has no version (v=); read it as version 1".into());
            }
            LINK_VERSION
        }
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                warnings.push(format!(
                    "link version '{}' is not a version number; read it as version 1",
                    shorten(v)
                ));
                LINK_VERSION
            }
        },
    };
    let (scenario, pinned) = match &fields.payload {
        None => (Scenario::default(), None),
        Some(payload) if version == LINK_VERSION => read_payload(payload, d, &mut warnings),
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
    Decoded {
        state: LinkState {
            scenario,
            pinned,
            view: fields.view,
        },
        warnings,
    }
}

/// The scenario and pinned scenario of an `s=` payload.
fn read_payload(
    payload: &str,
    d: &v1::Defaults,
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
    let mut notes = codec::Notes {
        prefix: "",
        warnings,
    };
    let (scenario, pinned) = codec::read_scenario(&records, d, &mut notes);
    let pinned = pinned.map(|bytes| {
        let mut notes = codec::Notes {
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

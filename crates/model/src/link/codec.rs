//! A scenario as the records in which it differs from its frozen preset, and back. The records are the same in
//! every link version; what changes between versions is the frozen defaults they are read against (and so the
//! parameter indices). Decoding takes what it can: each record stands alone, a damaged record keeps the
//! preset's part, an invalid item or value keeps the preset's item or value, and every such choice is a
//! warning. A link of an older version is migrated to the latest as it is read (`migrate.rs`).

use super::frozen::{self, Defaults};
use super::items::{read_list, read_param, write_list, write_param, Origin, MAX_ITEMS};
use super::migrate;
use super::numbers;
use super::repair::repair;
use super::wire::{Damaged, Notes, Read, Reader, Writer};
use crate::params::{trim_number, ParamKind};
use crate::{PresetId, Scenario};
use std::borrow::Cow;

const TAG_PRESET: u64 = 1;
const TAG_NAME: u64 = 2;
const TAG_PARAMS: u64 = 3;
const TAG_CONTRACTS: u64 = 4;
const TAG_FUNDING: u64 = 5;
const TAG_CHIPS: u64 = 6;
const TAG_CAP_TABLE: u64 = 7;
const TAG_MARKS: u64 = 8;
const TAG_SEED: u64 = 9;
const TAG_RUNS: u64 = 10;
const TAG_UNCERTAIN_PARAMS: u64 = 11;
const TAG_UNCERTAINTY: u64 = 12;
/// The pinned comparison scenario ("A"), itself a list of the records above.
pub(crate) const TAG_PINNED: u64 = 20;

fn body(write: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::default();
    write(&mut w);
    w.bytes
}

/// The records of `s` that differ from its preset in `d` (empty for an untouched "As reported").
pub(crate) fn write_scenario(s: &Scenario, d: &Defaults) -> Vec<u8> {
    // Every field is named, so a field added to the scenario fails to compile here until links carry it.
    let Scenario {
        name: _,
        preset: _,
        params: _,
        contracts: _,
        funding: _,
        chips: _,
        cap_table: _,
        marks: _,
        seed: _,
        mc_runs: _,
        uncertainty:
            crate::Uncertainty {
                params: _,
                loi_probability: _,
                term_sheet_probability: _,
                correlation: _,
            },
    } = s;
    let base = d.preset(s.preset);
    let mut w = Writer::default();
    if s.preset != PresetId::AsReported {
        w.record(
            TAG_PRESET,
            &body(|b| b.index(numbers::preset_index(s.preset))),
        );
    }
    if s.name != base.name {
        w.record(TAG_NAME, s.name.as_bytes());
    }
    if s.params.differences(&base.params).next().is_some() {
        w.record(
            TAG_PARAMS,
            &body(|b| {
                for (id, value) in s.params.differences(&base.params) {
                    write_param(b, id, d);
                    b.f64(value);
                }
            }),
        );
    }
    if s.contracts != base.contracts {
        w.record(
            TAG_CONTRACTS,
            &body(|b| write_list(&base.contracts, &s.contracts, b)),
        );
    }
    if s.funding != base.funding {
        w.record(
            TAG_FUNDING,
            &body(|b| write_list(&base.funding, &s.funding, b)),
        );
    }
    if s.chips != base.chips {
        w.record(TAG_CHIPS, &body(|b| write_list(&base.chips, &s.chips, b)));
    }
    if s.cap_table != base.cap_table {
        w.record(
            TAG_CAP_TABLE,
            &body(|b| {
                b.index(s.cap_table.len());
                for (investor, share) in &s.cap_table {
                    b.index(numbers::investor_index(*investor));
                    b.f64(*share);
                }
            }),
        );
    }
    if s.marks != base.marks {
        w.record(
            TAG_MARKS,
            &body(|b| {
                b.index(s.marks.len());
                for m in &s.marks {
                    b.month(m.month);
                    b.f64(m.post_money_usd_b);
                }
            }),
        );
    }
    if s.seed != base.seed {
        w.record(TAG_SEED, &body(|b| b.varint(s.seed)));
    }
    if s.mc_runs != base.mc_runs {
        w.record(TAG_RUNS, &body(|b| b.varint(u64::from(s.mc_runs))));
    }
    let (u, bu) = (&s.uncertainty, &base.uncertainty);
    if u.params != bu.params {
        w.record(
            TAG_UNCERTAIN_PARAMS,
            &body(|b| write_list(&bu.params, &u.params, b)),
        );
    }
    let scalars = [
        (u.loi_probability, bu.loi_probability),
        (u.term_sheet_probability, bu.term_sheet_probability),
        (u.correlation, bu.correlation),
    ];
    if scalars.iter().any(|(x, y)| x.to_bits() != y.to_bits()) {
        w.record(
            TAG_UNCERTAINTY,
            &body(|b| {
                let changed = |i: usize| scalars[i].0.to_bits() != scalars[i].1.to_bits();
                b.varint((0..3).filter(|&i| changed(i)).fold(0, |m, i| m | 1 << i));
                for (_, (x, _)) in scalars.iter().enumerate().filter(|(i, _)| changed(*i)) {
                    b.f64(*x);
                }
            }),
        );
    }
    w.bytes
}

/// Decodes a scenario's records; returns it (always valid) and the pinned scenario's records, if any.
pub(crate) fn read_scenario<'a>(
    bytes: &'a [u8],
    d: &Defaults,
    notes: &mut Notes,
) -> (Scenario, Option<&'a [u8]>) {
    read(bytes, d, notes, false)
}

/// [`read_scenario`], or with `exact` [`read_scenario_exactly`]: values are taken unchecked and the scenario is
/// not repaired (its caller fails on any warning).
fn read<'a>(
    bytes: &'a [u8],
    d: &Defaults,
    notes: &mut Notes,
    exact: bool,
) -> (Scenario, Option<&'a [u8]>) {
    let mut records = Vec::new();
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        match r.record() {
            Ok(record) => records.push(record),
            Err(Damaged(why)) => {
                notes.warn(format!(
                    "the link is cut short or damaged ({why}); read the {} part(s) before the damage",
                    records.len()
                ));
                break;
            }
        }
    }
    let mut preset = PresetId::AsReported;
    for (_, body) in records.iter().filter(|(tag, _)| *tag == TAG_PRESET) {
        match Reader::new(body).index(usize::MAX) {
            Ok(i) if i < d.known_presets => preset = numbers::PRESETS[i],
            _ => notes.warn("the preset is unknown to this version; started from \"As reported\""),
        }
    }
    // An older link is read against its own frozen preset, brought to the latest version's parameters.
    let migrating = d.version < frozen::latest().version;
    let mut base = if migrating {
        Cow::Owned(migrate::base(d, preset))
    } else {
        Cow::Borrowed(d.preset(preset))
    };
    let mut s = Scenario::clone(&base);
    let mut origins = Origins::default();
    let mut pinned = None;
    for &(tag, body) in &records {
        let r = &mut Reader::new(body);
        let result = match tag {
            TAG_PRESET => Ok(()),
            TAG_NAME => String::from_utf8(body.to_vec())
                .map(|name| s.name = name)
                .map_err(|_| Damaged("the name is not valid UTF-8")),
            TAG_PARAMS => read_params(&mut s, &base, r, d, notes, exact),
            TAG_CONTRACTS => read_list(&base.contracts, r, d)
                .map(|items| origins.contracts = split(items, &mut s.contracts)),
            TAG_FUNDING => read_list(&base.funding, r, d)
                .map(|items| origins.funding = split(items, &mut s.funding)),
            TAG_CHIPS => {
                read_list(&base.chips, r, d).map(|items| origins.chips = split(items, &mut s.chips))
            }
            TAG_UNCERTAIN_PARAMS => read_list(&base.uncertainty.params, r, d).map(|items| {
                split(items, &mut s.uncertainty.params);
            }),
            TAG_CAP_TABLE => read_cap_table(r).map(|table| s.cap_table = table),
            TAG_MARKS => read_marks(r, !exact).map(|marks| s.marks = marks),
            TAG_SEED => whole(r, |r| r.varint()).map(|seed| s.seed = seed),
            TAG_RUNS => whole(r, |r| r.index(u32::MAX as usize)).map(|n| s.mc_runs = n as u32),
            TAG_UNCERTAINTY => read_uncertainty(&mut s, r),
            TAG_PINNED if pinned.is_none() => {
                pinned = Some(body);
                Ok(())
            }
            _ => {
                notes.warn(format!(
                    "ignored a part of the link this version does not know (tag {tag})"
                ));
                Ok(())
            }
        };
        if let Err(Damaged(why)) = result {
            let section = section_name(tag);
            let kept = if tag == TAG_PARAMS {
                "values from the damage on".to_string()
            } else {
                section.to_string()
            };
            notes.warn(format!(
                "the {section} part of the link is damaged ({why}); kept the preset's {kept}"
            ));
        }
    }
    let origins = (origins.contracts, origins.funding, origins.chips);
    if migrating {
        // The migrated scenario is repaired against the migrated preset, uncertainty included.
        migrate::uncertainty(base.to_mut(), d, preset);
        migrate::uncertainty(&mut s, d, preset);
    }
    if exact {
        return (s, pinned);
    }
    (repair(s, &base, origins, notes), pinned)
}

/// Reads records [`write_scenario`] wrote against `d` back to exactly the scenario written, valid or not: no
/// value is checked, nothing is repaired, and anything [`read_scenario`] would warn about fails the whole read.
/// For handing a scenario between the web build's modules, which trust each other; links from outside go
/// through [`read_scenario`]. One reader for both keeps one copy of it in the web build.
pub(crate) fn read_scenario_exactly(bytes: &[u8], d: &Defaults) -> Result<Scenario, String> {
    let mut warnings = Vec::new();
    let mut notes = Notes {
        prefix: "",
        warnings: &mut warnings,
    };
    let (s, pinned) = read(bytes, d, &mut notes, true);
    match warnings.into_iter().next() {
        Some(why) => Err(why),
        None if pinned.is_some() => Err("the records hold a pinned scenario".into()),
        None => Ok(s),
    }
}

fn section_name(tag: u64) -> &'static str {
    match tag {
        TAG_NAME => "name",
        TAG_PARAMS => "parameters",
        TAG_CONTRACTS => "contracts",
        TAG_FUNDING => "funding events",
        TAG_CHIPS => "chip table",
        TAG_CAP_TABLE => "cap table",
        TAG_MARKS => "valuation marks",
        TAG_SEED => "Monte Carlo seed",
        TAG_RUNS => "Monte Carlo runs",
        _ => "uncertainty",
    }
}

/// Where each item of the decoded lists came from (empty: the list is the preset's).
#[derive(Default)]
struct Origins {
    contracts: Vec<Origin>,
    funding: Vec<Origin>,
    chips: Vec<Origin>,
}

fn split<T>(items: Vec<(T, Origin)>, into: &mut Vec<T>) -> Vec<Origin> {
    let (values, origins) = items.into_iter().unzip();
    *into = values;
    origins
}

/// A value that must fill its record exactly.
fn whole<T>(r: &mut Reader, read: impl FnOnce(&mut Reader) -> Read<T>) -> Read<T> {
    let value = read(r)?;
    if r.is_empty() {
        Ok(value)
    } else {
        Err(Damaged("it has trailing bytes"))
    }
}

/// Changed parameters; each is checked against its rule (a value it breaks keeps the preset's) unless `exact`.
fn read_params(
    s: &mut Scenario,
    base: &Scenario,
    r: &mut Reader,
    d: &Defaults,
    notes: &mut Notes,
    exact: bool,
) -> Read<()> {
    while !r.is_empty() {
        let id = read_param(r, d)?;
        let value = r.f64()?;
        let id = match id {
            Ok(id) => id,
            Err(name) => {
                notes.warn(format!(
                    "ignored parameter {name}, which this version does not have"
                ));
                continue;
            }
        };
        if exact {
            s.params[id] = value;
            continue;
        }
        let spec = id.spec();
        let kept = base.params[id];
        match spec.check(value) {
            Ok(()) => s.params[id] = value,
            Err(_) if value.is_finite() && spec.kind == ParamKind::Number => notes.warn(format!(
                "parameter '{}' = {} is outside {}–{}; kept the preset's {}",
                spec.key,
                trim_number(value),
                trim_number(spec.min),
                trim_number(spec.max),
                trim_number(kept)
            )),
            Err(why) => notes.warn(format!(
                "parameter '{}' = {} is not accepted ({why}); kept the preset's {}",
                spec.key,
                trim_number(value),
                trim_number(kept)
            )),
        }
    }
    Ok(())
}

fn read_cap_table(r: &mut Reader) -> Read<Vec<(crate::Investor, f64)>> {
    let n = r.index(MAX_ITEMS)?;
    let mut table = Vec::new();
    for _ in 0..n {
        let i = r.index(usize::MAX)?;
        let investor = *numbers::INVESTORS
            .get(i)
            .ok_or(Damaged("it names an unknown investor"))?;
        table.push((investor, r.f64()?));
    }
    Ok(table)
}

/// Valuation marks; `checked` refuses one outside 2015–2074 or not positive (a link's are checked).
fn read_marks(r: &mut Reader, checked: bool) -> Read<Vec<crate::ValuationMark>> {
    let n = r.index(MAX_ITEMS)?;
    let mut marks = Vec::new();
    for _ in 0..n {
        let month = r.month()?;
        let post_money_usd_b = r.f64()?;
        if checked
            && (!(-120..=600).contains(&month.0)
                || !post_money_usd_b.is_finite()
                || post_money_usd_b <= 0.0)
        {
            return Err(Damaged("a mark is not a positive value in 2015–2074"));
        }
        marks.push(crate::ValuationMark {
            month,
            post_money_usd_b,
        });
    }
    Ok(marks)
}

fn read_uncertainty(s: &mut Scenario, r: &mut Reader) -> Read<()> {
    let mask = r.varint()?;
    if mask >> 3 != 0 {
        return Err(Damaged("it names a setting this version does not have"));
    }
    let u = &mut s.uncertainty;
    for (i, slot) in [
        &mut u.loi_probability,
        &mut u.term_sheet_probability,
        &mut u.correlation,
    ]
    .into_iter()
    .enumerate()
    {
        if mask & 1 << i != 0 {
            *slot = r.f64()?;
        }
    }
    Ok(())
}

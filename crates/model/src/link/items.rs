//! Editable list items (contracts, funding events, chip generations, uncertain parameters) as field-wise
//! patches, and lists as edit scripts against the frozen defaults: "keep base items 0–4, base item 5 with a
//! new ramp, a new contract, keep 7–11". A field is written only when it differs from the item it patches.

use super::frozen::Defaults;
use super::wire::{Damaged, Read, Reader, Writer};
use crate::ParamId;

/// Most items a list may hold after decoding (a link is not a way to feed the model a million contracts).
pub(crate) const MAX_ITEMS: usize = 400;
/// Most points a contract's ramp may hold.
pub(crate) const MAX_RAMP_POINTS: usize = 1000;

/// One kind of list item, field by field. Field numbers are part of the link format since version 1: append,
/// never renumber.
/// Each `template` is a struct literal naming every field, so a field added to an item fails to compile until
/// it gets a field number here.
pub(crate) trait Item: Clone + PartialEq {
    /// Number of fields (bits of the patch mask).
    const FIELDS: u32;
    /// Each field's name as scenario files spell it, by field number (a test checks them against serde's).
    const FIELD_NAMES: &'static [&'static str];
    /// The blank a new item patches (frozen: part of the format).
    fn template() -> Self;
    /// What identifies the item across edits (a contract's id), to choose the base item a patch starts from.
    fn identity(&self) -> String;
    fn write_field(&self, field: u32, w: &mut Writer);
    fn read_field(&mut self, field: u32, r: &mut Reader, defaults: &Defaults) -> Read<()>;
}

/// Where a decoded item came from; an invalid item falls back to its base item, or is dropped if new.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    Base(usize),
    New,
}

pub(super) fn enum_at<T: Copy>(table: &[T], r: &mut Reader) -> Read<T> {
    let i = r.index(usize::MAX)?;
    table
        .get(i)
        .copied()
        .ok_or(Damaged("a choice is unknown to this version"))
}

fn field_bytes<T: Item>(item: &T, field: u32) -> Vec<u8> {
    let mut w = Writer::default();
    item.write_field(field, &mut w);
    w.bytes
}

/// The names (as files spell them) of the fields in which `a` and `b` differ, in alphabetical order: the
/// words "A vs B" uses for a changed item, without a JSON writer in the web build's first module.
pub(crate) fn changed_field_names<T: Item>(a: &T, b: &T) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = (0..T::FIELDS)
        .filter(|&f| field_bytes(a, f) != field_bytes(b, f))
        .map(|f| T::FIELD_NAMES[f as usize])
        .collect();
    names.sort_unstable();
    names
}

/// The patch turning `base` into `item`: a field mask, then the changed fields.
fn write_patch<T: Item>(base: &T, item: &T, w: &mut Writer) {
    let changed: Vec<u32> = (0..T::FIELDS)
        .filter(|&f| field_bytes(base, f) != field_bytes(item, f))
        .collect();
    w.varint(changed.iter().fold(0u64, |mask, f| mask | 1 << f));
    for f in changed {
        item.write_field(f, w);
    }
}

fn read_patch<T: Item>(mut item: T, r: &mut Reader, defaults: &Defaults) -> Read<T> {
    let mask = r.varint()?;
    if mask >> T::FIELDS != 0 {
        return Err(Damaged("an edit names a field this version does not have"));
    }
    for f in (0..T::FIELDS).filter(|f| mask & 1 << f != 0) {
        item.read_field(f, r, defaults)?;
    }
    Ok(item)
}

const OP_KEEP: u64 = 0;
const OP_PATCH: u64 = 1;
const OP_NEW: u64 = 2;

/// `items` as an edit script against `base`.
pub(crate) fn write_list<T: Item>(base: &[T], items: &[T], w: &mut Writer) {
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, w: &mut Writer| {
        if let Some((start, count)) = run.take() {
            w.varint(OP_KEEP);
            w.index(start);
            w.index(count);
        }
    };
    for (j, item) in items.iter().enumerate() {
        let next = run.map(|(start, count)| start + count);
        let same = next
            .filter(|&k| base.get(k) == Some(item))
            .or_else(|| base.iter().position(|b| b == item));
        if let Some(k) = same {
            match &mut run {
                Some((_, count)) if next == Some(k) => *count += 1,
                _ => {
                    flush(&mut run, w);
                    run = Some((k, 1));
                }
            }
            continue;
        }
        flush(&mut run, w);
        let mut best = Writer::default();
        best.varint(OP_NEW);
        write_patch(&T::template(), item, &mut best);
        let identity = item.identity();
        let candidates = base
            .iter()
            .position(|b| b.identity() == identity)
            .into_iter()
            .chain((j < base.len()).then_some(j));
        for k in candidates {
            let mut patch = Writer::default();
            patch.varint(OP_PATCH);
            patch.index(k);
            write_patch(&base[k], item, &mut patch);
            if patch.bytes.len() < best.bytes.len() {
                best = patch;
            }
        }
        w.bytes.extend_from_slice(&best.bytes);
    }
    flush(&mut run, w);
}

/// Reads an edit script; any damage fails the whole list (the caller keeps the base list).
pub(crate) fn read_list<T: Item>(
    base: &[T],
    r: &mut Reader,
    defaults: &Defaults,
) -> Read<Vec<(T, Origin)>> {
    let mut items = Vec::new();
    while !r.is_empty() {
        match r.varint()? {
            OP_KEEP => {
                let start = r.index(base.len())?;
                let count = r.index(base.len() - start)?;
                items.extend((start..start + count).map(|k| (base[k].clone(), Origin::Base(k))));
            }
            OP_PATCH => {
                let k = r.index(base.len().saturating_sub(1))?;
                let b = base.get(k).ok_or(Damaged("an edit names a missing item"))?;
                items.push((read_patch(b.clone(), r, defaults)?, Origin::Base(k)));
            }
            OP_NEW => items.push((read_patch(T::template(), r, defaults)?, Origin::New)),
            _ => return Err(Damaged("an edit has an unknown kind")),
        }
        if items.len() > MAX_ITEMS {
            return Err(Damaged("it lists too many items"));
        }
    }
    Ok(items)
}

/// A parameter named in a link: its index in the version's frozen order plus one, or 0 followed by its key
/// (parameters added after that version was frozen).
pub(crate) fn write_param(w: &mut Writer, id: ParamId, defaults: &Defaults) {
    match defaults.param_index(id) {
        Some(i) => w.index(i + 1),
        None => {
            w.index(0);
            w.string(id.spec().key);
        }
    }
}

/// Reads a parameter name; `Ok(Err(name))` when this version has no such parameter.
pub(crate) fn read_param(r: &mut Reader, defaults: &Defaults) -> Read<Result<ParamId, String>> {
    let key = match r.index(usize::MAX)? {
        0 => r.string()?,
        i => match defaults.param_keys.get(i - 1) {
            Some(key) => key.clone(),
            None => return Ok(Err(format!("#{i}"))),
        },
    };
    Ok(ParamId::from_key(&key).ok_or(key))
}

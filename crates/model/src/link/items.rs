//! Editable list items (contracts, funding events, chip generations, uncertain parameters) as field-wise
//! patches, and lists as edit scripts against the frozen defaults: "keep base items 0–4, base item 5 with a
//! new ramp, a new contract, keep 7–11". A field is written only when it differs from the item it patches.

use super::v1::{self, Defaults};
use super::wire::{Damaged, Read, Reader, Writer};
use crate::deals::{ChipChoice, ChipGen, ChipGenId, Contract, Pricing, RampPoint, Warrant};
use crate::funding::{FundingEvent, FundingTiming};
use crate::uncertainty::Uncertain;
use crate::{ChipVendor, ContractStatus, Counterparty, Investor, Month, ParamId};

/// Most items a list may hold after decoding (a link is not a way to feed the model a million contracts).
pub(crate) const MAX_ITEMS: usize = 400;
/// Most points a contract's ramp may hold.
const MAX_RAMP_POINTS: usize = 1000;

/// One kind of list item, field by field. Field numbers are part of link version 1: append, never renumber.
/// Each `template` is a struct literal naming every field, so a field added to an item fails to compile until
/// it gets a field number here.
pub(crate) trait Item: Clone + PartialEq {
    /// Number of fields (bits of the patch mask).
    const FIELDS: u32;
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

fn enum_at<T: Copy>(table: &[T], r: &mut Reader) -> Read<T> {
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

fn write_option<T>(w: &mut Writer, value: &Option<T>, write: impl FnOnce(&mut Writer, &T)) {
    w.bool(value.is_some());
    if let Some(v) = value {
        write(w, v);
    }
}

fn read_option<T>(r: &mut Reader, read: impl FnOnce(&mut Reader) -> Read<T>) -> Read<Option<T>> {
    Ok(if r.bool()? { Some(read(r)?) } else { None })
}

impl Item for Contract {
    const FIELDS: u32 = 13;
    fn template() -> Contract {
        Contract {
            id: String::new(),
            name: String::new(),
            counterparty: Counterparty::Market,
            chips: ChipChoice::Latest(ChipVendor::Nvidia),
            initial_chips: None,
            status: ContractStatus::Binding,
            signed: Month(0),
            ramp: Vec::new(),
            end: None,
            pricing: Pricing::LeasePerGwYear {
                usd_b_per_gw_year: 0.0,
            },
            warrant: None,
            equity_grant_usd_b: 0.0,
            source: String::new(),
        }
    }
    fn identity(&self) -> String {
        self.id.clone()
    }
    fn write_field(&self, field: u32, w: &mut Writer) {
        match field {
            0 => w.string(&self.id),
            1 => w.string(&self.name),
            2 => w.index(v1::counterparty_index(self.counterparty)),
            3 => match self.chips {
                ChipChoice::Fixed(g) => {
                    w.index(0);
                    w.index(v1::chip_gen_index(g));
                }
                ChipChoice::Latest(v) => {
                    w.index(1);
                    w.index(v1::vendor_index(v));
                }
            },
            4 => write_option(w, &self.initial_chips, |w, g| {
                w.index(v1::chip_gen_index(*g))
            }),
            5 => w.index(v1::status_index(self.status)),
            6 => w.month(self.signed),
            7 => {
                w.index(self.ramp.len());
                for p in &self.ramp {
                    w.month(p.month);
                    w.f64(p.cumulative_gw);
                }
            }
            8 => write_option(w, &self.end, |w, m| w.month(*m)),
            9 => match self.pricing {
                Pricing::LeaseTotal { total_value_usd_b } => {
                    w.index(0);
                    w.f64(total_value_usd_b);
                }
                Pricing::LeasePerGwYear { usd_b_per_gw_year } => {
                    w.index(1);
                    w.f64(usd_b_per_gw_year);
                }
                Pricing::Purchase {
                    financing,
                    vendor_content_usd_b_per_gw,
                    other_it_usd_b_per_gw,
                    self_build,
                } => {
                    w.index(2);
                    w.index(v1::financing_index(financing));
                    w.f64(vendor_content_usd_b_per_gw);
                    w.f64(other_it_usd_b_per_gw);
                    w.bool(self_build);
                }
            },
            10 => write_option(w, &self.warrant, |w, x| {
                w.f64(x.shares_m);
                w.f64(x.shares_m_per_gw);
                w.f64(x.final_tranche_price_usd);
            }),
            11 => w.f64(self.equity_grant_usd_b),
            _ => w.string(&self.source),
        }
    }
    fn read_field(&mut self, field: u32, r: &mut Reader, _: &Defaults) -> Read<()> {
        match field {
            0 => self.id = r.string()?,
            1 => self.name = r.string()?,
            2 => self.counterparty = enum_at(&v1::COUNTERPARTIES, r)?,
            3 => {
                self.chips = match r.index(1)? {
                    0 => ChipChoice::Fixed(enum_at(&v1::CHIP_GENS, r)?),
                    _ => ChipChoice::Latest(enum_at(&v1::VENDORS, r)?),
                }
            }
            4 => self.initial_chips = read_option(r, |r| enum_at(&v1::CHIP_GENS, r))?,
            5 => self.status = enum_at(&v1::STATUSES, r)?,
            6 => self.signed = r.month()?,
            7 => {
                let n = r.index(MAX_RAMP_POINTS)?;
                let mut ramp = Vec::new();
                for _ in 0..n {
                    let month = r.month()?;
                    ramp.push(RampPoint {
                        month,
                        cumulative_gw: r.f64()?,
                    });
                }
                self.ramp = ramp;
            }
            8 => self.end = read_option(r, |r| r.month())?,
            9 => {
                self.pricing = match r.index(2)? {
                    0 => Pricing::LeaseTotal {
                        total_value_usd_b: r.f64()?,
                    },
                    1 => Pricing::LeasePerGwYear {
                        usd_b_per_gw_year: r.f64()?,
                    },
                    _ => Pricing::Purchase {
                        financing: enum_at(&v1::FINANCING, r)?,
                        vendor_content_usd_b_per_gw: r.f64()?,
                        other_it_usd_b_per_gw: r.f64()?,
                        self_build: r.bool()?,
                    },
                }
            }
            10 => {
                self.warrant = read_option(r, |r| {
                    Ok(Warrant {
                        shares_m: r.f64()?,
                        shares_m_per_gw: r.f64()?,
                        final_tranche_price_usd: r.f64()?,
                    })
                })?
            }
            11 => self.equity_grant_usd_b = r.f64()?,
            _ => self.source = r.string()?,
        }
        Ok(())
    }
}

impl Item for FundingEvent {
    const FIELDS: u32 = 7;
    fn template() -> FundingEvent {
        FundingEvent {
            label: String::new(),
            investor: Investor::OtherInvestors,
            amount_usd_b: 0.0,
            timing: FundingTiming::At(Month(0)),
            pre_money_usd_b: None,
            conditional: false,
            source: String::new(),
        }
    }
    fn identity(&self) -> String {
        self.label.clone()
    }
    fn write_field(&self, field: u32, w: &mut Writer) {
        match field {
            0 => w.string(&self.label),
            1 => w.index(v1::investor_index(self.investor)),
            2 => w.f64(self.amount_usd_b),
            3 => match self.timing {
                FundingTiming::At(m) => {
                    w.index(0);
                    w.month(m);
                }
                FundingTiming::OnTrigger {
                    lag_months,
                    expires,
                } => {
                    w.index(1);
                    w.index(usize::from(lag_months));
                    w.month(expires);
                }
            },
            4 => write_option(w, &self.pre_money_usd_b, |w, x| w.f64(*x)),
            5 => w.bool(self.conditional),
            _ => w.string(&self.source),
        }
    }
    fn read_field(&mut self, field: u32, r: &mut Reader, _: &Defaults) -> Read<()> {
        match field {
            0 => self.label = r.string()?,
            1 => self.investor = enum_at(&v1::INVESTORS, r)?,
            2 => self.amount_usd_b = r.f64()?,
            3 => {
                self.timing = match r.index(1)? {
                    0 => FundingTiming::At(r.month()?),
                    _ => FundingTiming::OnTrigger {
                        lag_months: r.index(255)? as u8,
                        expires: r.month()?,
                    },
                }
            }
            4 => self.pre_money_usd_b = read_option(r, |r| r.f64())?,
            5 => self.conditional = r.bool()?,
            _ => self.source = r.string()?,
        }
        Ok(())
    }
}

impl Item for ChipGen {
    const FIELDS: u32 = 7;
    fn template() -> ChipGen {
        ChipGen {
            id: ChipGenId::Legacy,
            name: String::new(),
            vendor: ChipVendor::Nvidia,
            available: Month(0),
            h100e_per_mw: 0.0,
            vendor_content_usd_b_per_gw: 0.0,
            other_it_usd_b_per_gw: 0.0,
        }
    }
    fn identity(&self) -> String {
        format!("{:?}", self.id)
    }
    fn write_field(&self, field: u32, w: &mut Writer) {
        match field {
            0 => w.index(v1::chip_gen_index(self.id)),
            1 => w.string(&self.name),
            2 => w.index(v1::vendor_index(self.vendor)),
            3 => w.month(self.available),
            4 => w.f64(self.h100e_per_mw),
            5 => w.f64(self.vendor_content_usd_b_per_gw),
            _ => w.f64(self.other_it_usd_b_per_gw),
        }
    }
    fn read_field(&mut self, field: u32, r: &mut Reader, _: &Defaults) -> Read<()> {
        match field {
            0 => self.id = enum_at(&v1::CHIP_GENS, r)?,
            1 => self.name = r.string()?,
            2 => self.vendor = enum_at(&v1::VENDORS, r)?,
            3 => self.available = r.month()?,
            4 => self.h100e_per_mw = r.f64()?,
            5 => self.vendor_content_usd_b_per_gw = r.f64()?,
            _ => self.other_it_usd_b_per_gw = r.f64()?,
        }
        Ok(())
    }
}

/// A parameter named in a link: its v1 index plus one, or 0 followed by its key (parameters added after v1).
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

impl Item for Uncertain {
    const FIELDS: u32 = 3;
    fn template() -> Uncertain {
        Uncertain {
            param: ParamId::Wau2030Scale,
            low: 0.0,
            high: 0.0,
        }
    }
    fn identity(&self) -> String {
        self.param.spec().key.to_string()
    }
    fn write_field(&self, field: u32, w: &mut Writer) {
        match field {
            0 => write_param(w, self.param, v1::defaults()),
            1 => w.f64(self.low),
            _ => w.f64(self.high),
        }
    }
    fn read_field(&mut self, field: u32, r: &mut Reader, defaults: &Defaults) -> Read<()> {
        match field {
            0 => {
                self.param = read_param(r, defaults)?
                    .map_err(|_| Damaged("it names an unknown parameter"))?
            }
            1 => self.low = r.f64()?,
            _ => self.high = r.f64()?,
        }
        Ok(())
    }
}

//! The fields of each list item (contract, funding event, chip generation, uncertain parameter), numbered
//! since link version 1 and shared by every version. A field's number and its encoding never change; new
//! fields take the next number.

use super::frozen::{self, Defaults};
use super::items::{enum_at, read_param, write_param, Item, MAX_RAMP_POINTS};
use super::numbers;
use super::wire::{Damaged, Read, Reader, Writer};
use crate::deals::{ChipChoice, ChipGen, ChipGenId, Contract, Pricing, RampPoint, Warrant};
use crate::funding::{FundingEvent, FundingTiming};
use crate::uncertainty::Uncertain;
use crate::{ChipVendor, ContractStatus, Counterparty, Investor, Month, ParamId};

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
    const FIELD_NAMES: &'static [&'static str] = &[
        "id",
        "name",
        "counterparty",
        "chips",
        "initial_chips",
        "status",
        "signed",
        "ramp",
        "end",
        "pricing",
        "warrant",
        "equity_grant_usd_b",
        "source",
    ];
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
            2 => w.index(numbers::counterparty_index(self.counterparty)),
            3 => match self.chips {
                ChipChoice::Fixed(g) => {
                    w.index(0);
                    w.index(numbers::chip_gen_index(g));
                }
                ChipChoice::Latest(v) => {
                    w.index(1);
                    w.index(numbers::vendor_index(v));
                }
            },
            4 => write_option(w, &self.initial_chips, |w, g| {
                w.index(numbers::chip_gen_index(*g))
            }),
            5 => w.index(numbers::status_index(self.status)),
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
                    w.index(numbers::financing_index(financing));
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
            2 => self.counterparty = enum_at(&numbers::COUNTERPARTIES, r)?,
            3 => {
                self.chips = match r.index(1)? {
                    0 => ChipChoice::Fixed(enum_at(&numbers::CHIP_GENS, r)?),
                    _ => ChipChoice::Latest(enum_at(&numbers::VENDORS, r)?),
                }
            }
            4 => self.initial_chips = read_option(r, |r| enum_at(&numbers::CHIP_GENS, r))?,
            5 => self.status = enum_at(&numbers::STATUSES, r)?,
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
                        financing: enum_at(&numbers::FINANCING, r)?,
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
    const FIELD_NAMES: &'static [&'static str] = &[
        "label",
        "investor",
        "amount_usd_b",
        "timing",
        "pre_money_usd_b",
        "conditional",
        "source",
    ];
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
            1 => w.index(numbers::investor_index(self.investor)),
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
            1 => self.investor = enum_at(&numbers::INVESTORS, r)?,
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
    const FIELD_NAMES: &'static [&'static str] = &[
        "id",
        "name",
        "vendor",
        "available",
        "h100e_per_mw",
        "vendor_content_usd_b_per_gw",
        "other_it_usd_b_per_gw",
    ];
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
            0 => w.index(numbers::chip_gen_index(self.id)),
            1 => w.string(&self.name),
            2 => w.index(numbers::vendor_index(self.vendor)),
            3 => w.month(self.available),
            4 => w.f64(self.h100e_per_mw),
            5 => w.f64(self.vendor_content_usd_b_per_gw),
            _ => w.f64(self.other_it_usd_b_per_gw),
        }
    }
    fn read_field(&mut self, field: u32, r: &mut Reader, _: &Defaults) -> Read<()> {
        match field {
            0 => self.id = enum_at(&numbers::CHIP_GENS, r)?,
            1 => self.name = r.string()?,
            2 => self.vendor = enum_at(&numbers::VENDORS, r)?,
            3 => self.available = r.month()?,
            4 => self.h100e_per_mw = r.f64()?,
            5 => self.vendor_content_usd_b_per_gw = r.f64()?,
            _ => self.other_it_usd_b_per_gw = r.f64()?,
        }
        Ok(())
    }
}

impl Item for Uncertain {
    const FIELDS: u32 = 3;
    const FIELD_NAMES: &'static [&'static str] = &["param", "low", "high"];
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
            // Links are always written in the latest version.
            0 => write_param(w, self.param, frozen::latest()),
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

#[cfg(test)]
mod field_name_tests {
    use super::*;

    /// The names, in field order, that serde writes for `item` (no field is skipped when written).
    fn serde_names<T: serde::Serialize>(item: &T) -> Vec<String> {
        // serde_json's map is ordered by key; the struct's field order comes from its text.
        let text = serde_json::to_string(item).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        names.sort_by_key(|k| text.find(&format!("\"{k}\":")).unwrap());
        names
    }

    fn check<T: Item + serde::Serialize>() {
        assert_eq!(T::FIELD_NAMES.len(), T::FIELDS as usize);
        assert_eq!(serde_names(&T::template()), T::FIELD_NAMES);
    }

    #[test]
    fn field_names_are_those_files_write() {
        check::<Contract>();
        check::<FundingEvent>();
        check::<ChipGen>();
        check::<Uncertain>();
    }
}

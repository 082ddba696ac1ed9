//! The deal editor's rows without a browser: contracts and funding events as [`Row`]s. An edit of a row is
//! a modified copy applied as one model action (one undo step); a typed cell parses into a trial copy first,
//! so a typo changes nothing and says why. Row keys survive deleting or inserting other rows.

use gigawatt_model::{
    Action, ChipChoice, ChipVendor, Contract, ContractStatus, Counterparty, FinancingMode,
    FundingEvent, FundingTiming, Investor, Month, Pricing, RampPoint, Scenario, HISTORY_END,
};

/// A row of an editable table of the scenario (a contract, a funding event).
pub trait Row: Clone + PartialEq + 'static {
    /// The scenario's rows of this kind.
    fn rows(scenario: &Scenario) -> &[Self];
    /// The name the row's key is made of (contract id, event label).
    fn key_name(&self) -> &str;
    /// A new row to start editing from.
    fn template(scenario: &Scenario) -> Self;
    fn add(row: Self) -> Action;
    fn update(index: usize, row: Self) -> Action;
    fn remove(index: usize) -> Action;
}

/// A [`Row`] of the scenario's list `$list`, keyed by `$key`, started from `$template`, edited through the
/// three actions named.
macro_rules! row_kind {
    ($row:ty, $list:ident, $key:ident, $template:expr, $add:ident, $update:ident, $remove:ident) => {
        impl Row for $row {
            fn rows(scenario: &Scenario) -> &[Self] {
                &scenario.$list
            }
            fn key_name(&self) -> &str {
                &self.$key
            }
            fn template(scenario: &Scenario) -> Self {
                $template(scenario)
            }
            fn add(row: Self) -> Action {
                Action::$add(row)
            }
            fn update(index: usize, row: Self) -> Action {
                Action::$update(index, row)
            }
            fn remove(index: usize) -> Action {
                Action::$remove(index)
            }
        }
    };
}

row_kind!(
    Contract,
    contracts,
    id,
    new_contract,
    AddContract,
    UpdateContract,
    RemoveContract
);
row_kind!(
    FundingEvent,
    funding,
    label,
    |_| new_funding(),
    AddFunding,
    UpdateFunding,
    RemoveFunding
);

/// The action that applies `edit` to a copy of `row` (at `index`).
pub fn edited<R: Row>(row: &R, index: usize, edit: impl FnOnce(&mut R)) -> Action {
    let mut next = row.clone();
    edit(&mut next);
    R::update(index, next)
}

/// The action that applies typed `text` to a copy of `row` through `parse`, or why the text means nothing.
pub fn committed<R: Row>(
    row: &R,
    index: usize,
    text: &str,
    parse: fn(&str, &mut R) -> Result<(), String>,
) -> Result<Action, String> {
    let mut trial = row.clone();
    parse(text, &mut trial)?;
    Ok(R::update(index, trial))
}

/// A row key that survives deleting or inserting other rows (so a half-typed cell elsewhere keeps its text):
/// the row's name plus how many earlier rows share it.
pub fn stable_key<'a>(names: impl Iterator<Item = &'a str>, index: usize) -> String {
    let names: Vec<&str> = names.take(index + 1).collect();
    let name = names.get(index).copied().unwrap_or_default();
    let earlier = names[..index.min(names.len())]
        .iter()
        .filter(|n| **n == name)
        .count();
    format!("{name}#{earlier}")
}

/// The key of row `index` of `rows` (see [`stable_key`]).
pub fn row_key<R: Row>(rows: &[R], index: usize) -> String {
    stable_key(rows.iter().map(Row::key_name), index)
}

/// A new contract to start editing from: the next free id, a one-gigawatt lease starting after history.
pub fn new_contract(scenario: &Scenario) -> Contract {
    let mut n = scenario.contracts.len() + 1;
    while scenario.contracts.iter().any(|c| c.id == format!("U{n}")) {
        n += 1;
    }
    let start = HISTORY_END.plus(8);
    let template = scenario.contracts.iter().find(|c| !c.pricing.is_purchase());
    Contract {
        id: format!("U{n}"),
        name: "New contract".to_string(),
        source: "Added in Gigawatt".to_string(),
        counterparty: Counterparty::Aws,
        chips: ChipChoice::Latest(ChipVendor::Nvidia),
        initial_chips: None,
        status: ContractStatus::Binding,
        signed: HISTORY_END.plus(1),
        ramp: vec![
            RampPoint {
                month: start,
                cumulative_gw: 0.0,
            },
            RampPoint {
                month: start.plus(12),
                cumulative_gw: 1.0,
            },
        ],
        end: Some(start.plus(72)),
        pricing: template
            .map(|c| c.pricing)
            .filter(|p| matches!(p, Pricing::LeasePerGwYear { .. }))
            .unwrap_or(Pricing::LeasePerGwYear {
                usd_b_per_gw_year: 14.0,
            }),
        warrant: None,
        equity_grant_usd_b: 0.0,
    }
}

/// A new event to edit from: $10B from other investors three months after history, at the model's price.
pub fn new_funding() -> FundingEvent {
    FundingEvent {
        label: "New round".to_string(),
        investor: Investor::OtherInvestors,
        amount_usd_b: 10.0,
        timing: FundingTiming::At(HISTORY_END.plus(3)),
        pre_money_usd_b: None,
        conditional: false,
        source: "Added in Gigawatt".to_string(),
    }
}

/// Every chip choice of a contract: "latest of a vendor", or one generation of the scenario's chip table.
pub fn chip_choices(scenario: &Scenario) -> Vec<(ChipChoice, String)> {
    let latest = ChipVendor::ALL
        .iter()
        .map(|v| (ChipChoice::Latest(*v), format!("Latest {}", v.label())));
    let fixed = scenario
        .chips
        .iter()
        .map(|g| (ChipChoice::Fixed(g.id), g.name.clone()));
    latest.chain(fixed).collect()
}

/// The pricing kinds a contract can have: (slug, label).
pub const PRICING_KINDS: [(&str, &str); 3] = [
    ("total", "Lease: total value"),
    ("per-gw-year", "Lease: per GW-yr"),
    ("purchase", "Purchase"),
];

pub fn pricing_kind(p: &Pricing) -> &'static str {
    match p {
        Pricing::LeaseTotal { .. } => "total",
        Pricing::LeasePerGwYear { .. } => "per-gw-year",
        Pricing::Purchase { .. } => "purchase",
    }
}

/// The number shown in the "Value" column and its unit.
pub fn pricing_amount(p: &Pricing) -> (f64, &'static str) {
    match *p {
        Pricing::LeaseTotal { total_value_usd_b } => (total_value_usd_b, "$B total"),
        Pricing::LeasePerGwYear { usd_b_per_gw_year } => (usd_b_per_gw_year, "$B/GW-yr"),
        Pricing::Purchase {
            vendor_content_usd_b_per_gw,
            ..
        } => (vendor_content_usd_b_per_gw, "$B/GW chips"),
    }
}

/// Sets the amount of whatever pricing kind `p` is.
pub fn set_pricing_amount(p: &mut Pricing, amount: f64) {
    match p {
        Pricing::LeaseTotal { total_value_usd_b } => *total_value_usd_b = amount,
        Pricing::LeasePerGwYear { usd_b_per_gw_year } => *usd_b_per_gw_year = amount,
        Pricing::Purchase {
            vendor_content_usd_b_per_gw,
            ..
        } => *vendor_content_usd_b_per_gw = amount,
    }
}

/// Switching the pricing kind keeps what can be kept; the new amount starts at zero only when nothing maps.
/// The number is then edited by the person; no price is computed here.
pub fn convert_pricing(current: &Pricing, kind: &str) -> Pricing {
    let (amount, _) = pricing_amount(current);
    match kind {
        "total" => Pricing::LeaseTotal {
            total_value_usd_b: amount,
        },
        "per-gw-year" => Pricing::LeasePerGwYear {
            usd_b_per_gw_year: amount,
        },
        _ => match *current {
            p @ Pricing::Purchase { .. } => p,
            _ => Pricing::Purchase {
                financing: FinancingMode::PartnerLease,
                vendor_content_usd_b_per_gw: amount,
                other_it_usd_b_per_gw: 0.0,
                self_build: false,
            },
        },
    }
}

/// The month a funding event's timing names: when it pays, or when its trigger expires.
pub fn timing_month(t: FundingTiming) -> Month {
    match t {
        FundingTiming::At(m) => m,
        FundingTiming::OnTrigger { expires, .. } => expires,
    }
}

/// "at" or "trigger": the timing select's value.
pub fn timing_kind(t: FundingTiming) -> &'static str {
    match t {
        FundingTiming::At(_) => "at",
        FundingTiming::OnTrigger { .. } => "trigger",
    }
}

/// The timing of kind `kind` ("at" or "trigger") at the month `t` names.
pub fn with_timing_kind(t: FundingTiming, kind: &str) -> FundingTiming {
    let month = timing_month(t);
    if kind == "trigger" {
        FundingTiming::OnTrigger {
            lag_months: 1,
            expires: month,
        }
    } else {
        FundingTiming::At(month)
    }
}

/// The same kind of timing at `month`.
pub fn with_timing_month(t: FundingTiming, month: Month) -> FundingTiming {
    match t {
        FundingTiming::At(_) => FundingTiming::At(month),
        FundingTiming::OnTrigger { lag_months, .. } => FundingTiming::OnTrigger {
            lag_months,
            expires: month,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_survive_deleting_other_rows_and_tell_duplicates_apart() {
        let ids = ["L1", "L2", "L2", "L3"];
        let keys: Vec<String> = (0..ids.len())
            .map(|i| stable_key(ids.iter().copied(), i))
            .collect();
        assert_eq!(keys, ["L1#0", "L2#0", "L2#1", "L3#0"]);
        let after_delete = ["L2", "L2", "L3"];
        assert_eq!(stable_key(after_delete.iter().copied(), 2), "L3#0");
    }

    #[test]
    fn a_typo_changes_nothing_and_a_good_edit_is_one_update() {
        let scenario = Scenario::default();
        let first = &scenario.contracts[0];
        let bad = committed(first, 0, "", |t, c: &mut Contract| {
            if t.is_empty() {
                return Err("Give the contract an ID.".into());
            }
            c.id = t.to_string();
            Ok(())
        });
        assert_eq!(bad.unwrap_err(), "Give the contract an ID.");
        let action = edited(first, 0, |c| c.status = ContractStatus::Loi);
        let mut after = scenario.clone();
        after.apply(action).expect("a valid edit");
        assert_eq!(after.contracts[0].status, ContractStatus::Loi);
        assert_eq!(after.contracts.len(), scenario.contracts.len());
    }

    #[test]
    fn templates_are_valid_rows_with_a_free_id() {
        let mut scenario = Scenario::default();
        let contract = Contract::template(&scenario);
        assert!(scenario.contracts.iter().all(|c| c.id != contract.id));
        scenario
            .apply(Contract::add(contract))
            .expect("the new contract is valid");
        scenario
            .apply(FundingEvent::add(FundingEvent::template(&scenario)))
            .expect("the new event is valid");
        assert!(scenario.validate().is_empty(), "{:?}", scenario.validate());
    }

    #[test]
    fn switching_pricing_keeps_the_amount_and_timing_keeps_the_month() {
        let lease = Pricing::LeaseTotal {
            total_value_usd_b: 30.0,
        };
        let per_year = convert_pricing(&lease, "per-gw-year");
        assert_eq!(pricing_amount(&per_year).0, 30.0);
        let mut bought = convert_pricing(&per_year, "purchase");
        assert_eq!(pricing_kind(&bought), "purchase");
        set_pricing_amount(&mut bought, 12.0);
        assert_eq!(pricing_amount(&bought), (12.0, "$B/GW chips"));
        let at = FundingTiming::At(HISTORY_END);
        let trigger = with_timing_kind(at, "trigger");
        assert_eq!(timing_kind(trigger), "trigger");
        assert_eq!(timing_month(trigger), HISTORY_END);
        let moved = with_timing_month(trigger, HISTORY_END.plus(2));
        assert_eq!(timing_month(moved), HISTORY_END.plus(2));
        assert_eq!(timing_kind(moved), "trigger");
    }
}

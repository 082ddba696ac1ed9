//! The numbering of every enumeration a link names: presets, counterparties, chip vendors and generations,
//! contract statuses, financing modes, investors. Shared by every link version, so nothing here may change
//! meaning, ever: a link written today must decode to the same scenario in ten years.
//!
//! Decoding uses the tables below; encoding uses exhaustive `match`es, so a new variant fails to compile until
//! it is given the next unused number (appending is safe: old links never contain it). A link version knows
//! the numbers that existed when it shipped; see [`super::frozen::Defaults::known_presets`].
//!
//! The tables repeat the enums' `ALL` lists on purpose: `ALL` is the model's own order, free to change,
//! while these are the numbers issued links carry, frozen. Today they coincide; reordering an `ALL` (or an
//! enum) must not renumber links, so never replace a table by `ALL`. The tests check that every variant of
//! today's `ALL` has a number, that the tables and the `match`es agree, and the link corpora pin the meaning.

use crate::deals::{ChipGenId, ChipVendor, ContractStatus, Counterparty, FinancingMode};
use crate::funding::Investor;
use crate::PresetId;

/// Presets by their number. 0–12 are version 1's; a preset added later takes the next number (and must
/// also be added here, which a test checks against `PresetId::ALL`). Not `PresetId::ALL` itself: see the
/// module docs.
pub(crate) const PRESETS: [PresetId; 15] = [
    PresetId::AsReported,
    PresetId::CompanyPlan,
    PresetId::Bull,
    PresetId::Bear,
    PresetId::NvidiaOnly,
    PresetId::AsicHeavy,
    PresetId::NoMilestone,
    PresetId::GrowthStalls,
    PresetId::LoisLapse,
    PresetId::PowerConstrained,
    PresetId::NvidiaLoiFinancing,
    PresetId::CreditCrunch,
    PresetId::Ipo2026,
    PresetId::CompanyPlan2026,
    PresetId::Hsbc2025,
];

pub(crate) fn preset_index(id: PresetId) -> usize {
    match id {
        PresetId::AsReported => 0,
        PresetId::CompanyPlan => 1,
        PresetId::Bull => 2,
        PresetId::Bear => 3,
        PresetId::NvidiaOnly => 4,
        PresetId::AsicHeavy => 5,
        PresetId::NoMilestone => 6,
        PresetId::GrowthStalls => 7,
        PresetId::LoisLapse => 8,
        PresetId::PowerConstrained => 9,
        PresetId::NvidiaLoiFinancing => 10,
        PresetId::CreditCrunch => 11,
        PresetId::Ipo2026 => 12,
        PresetId::CompanyPlan2026 => 13,
        PresetId::Hsbc2025 => 14,
    }
}

pub(crate) const COUNTERPARTIES: [Counterparty; 11] = [
    Counterparty::Azure,
    Counterparty::Oracle,
    Counterparty::Aws,
    Counterparty::CoreWeave,
    Counterparty::GoogleCloud,
    Counterparty::Cerebras,
    Counterparty::Nvidia,
    Counterparty::Amd,
    Counterparty::Broadcom,
    Counterparty::PartnerShell,
    Counterparty::Market,
];

pub(crate) fn counterparty_index(c: Counterparty) -> usize {
    match c {
        Counterparty::Azure => 0,
        Counterparty::Oracle => 1,
        Counterparty::Aws => 2,
        Counterparty::CoreWeave => 3,
        Counterparty::GoogleCloud => 4,
        Counterparty::Cerebras => 5,
        Counterparty::Nvidia => 6,
        Counterparty::Amd => 7,
        Counterparty::Broadcom => 8,
        Counterparty::PartnerShell => 9,
        Counterparty::Market => 10,
    }
}

pub(crate) const VENDORS: [ChipVendor; 6] = [
    ChipVendor::Nvidia,
    ChipVendor::Amd,
    ChipVendor::Broadcom,
    ChipVendor::AwsTrainium,
    ChipVendor::Cerebras,
    ChipVendor::Google,
];

pub(crate) fn vendor_index(v: ChipVendor) -> usize {
    match v {
        ChipVendor::Nvidia => 0,
        ChipVendor::Amd => 1,
        ChipVendor::Broadcom => 2,
        ChipVendor::AwsTrainium => 3,
        ChipVendor::Cerebras => 4,
        ChipVendor::Google => 5,
    }
}

pub(crate) const CHIP_GENS: [ChipGenId; 16] = [
    ChipGenId::Legacy,
    ChipGenId::Mix2025,
    ChipGenId::Gb200,
    ChipGenId::Gb300,
    ChipGenId::VeraRubin,
    ChipGenId::RubinUltra,
    ChipGenId::Feynman,
    ChipGenId::Mi450,
    ChipGenId::Mi500,
    ChipGenId::XpuV1,
    ChipGenId::XpuV2,
    ChipGenId::Trainium2,
    ChipGenId::Trainium3,
    ChipGenId::Trainium4,
    ChipGenId::CerebrasCs3,
    ChipGenId::Tpu,
];

pub(crate) fn chip_gen_index(g: ChipGenId) -> usize {
    match g {
        ChipGenId::Legacy => 0,
        ChipGenId::Mix2025 => 1,
        ChipGenId::Gb200 => 2,
        ChipGenId::Gb300 => 3,
        ChipGenId::VeraRubin => 4,
        ChipGenId::RubinUltra => 5,
        ChipGenId::Feynman => 6,
        ChipGenId::Mi450 => 7,
        ChipGenId::Mi500 => 8,
        ChipGenId::XpuV1 => 9,
        ChipGenId::XpuV2 => 10,
        ChipGenId::Trainium2 => 11,
        ChipGenId::Trainium3 => 12,
        ChipGenId::Trainium4 => 13,
        ChipGenId::CerebrasCs3 => 14,
        ChipGenId::Tpu => 15,
    }
}

pub(crate) const STATUSES: [ContractStatus; 3] = [
    ContractStatus::Binding,
    ContractStatus::TermSheet,
    ContractStatus::Loi,
];

pub(crate) fn status_index(s: ContractStatus) -> usize {
    match s {
        ContractStatus::Binding => 0,
        ContractStatus::TermSheet => 1,
        ContractStatus::Loi => 2,
    }
}

pub(crate) const FINANCING: [FinancingMode; 3] = [
    FinancingMode::Cash,
    FinancingMode::Debt,
    FinancingMode::PartnerLease,
];

pub(crate) fn financing_index(f: FinancingMode) -> usize {
    match f {
        FinancingMode::Cash => 0,
        FinancingMode::Debt => 1,
        FinancingMode::PartnerLease => 2,
    }
}

pub(crate) const INVESTORS: [Investor; 8] = [
    Investor::Foundation,
    Investor::Microsoft,
    Investor::SoftBank,
    Investor::Amazon,
    Investor::Nvidia,
    Investor::OtherInvestors,
    Investor::Employees,
    Investor::Public,
];

pub(crate) fn investor_index(i: Investor) -> usize {
    match i {
        Investor::Foundation => 0,
        Investor::Microsoft => 1,
        Investor::SoftBank => 2,
        Investor::Amazon => 3,
        Investor::Nvidia => 4,
        Investor::OtherInvestors => 5,
        Investor::Employees => 6,
        Investor::Public => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Debug;

    /// `table` and `index` give each value the same number.
    fn inverts<T: Copy + PartialEq + Debug>(table: &[T], index: fn(T) -> usize) {
        for (i, x) in table.iter().enumerate() {
            assert_eq!(index(*x), i, "{x:?}");
        }
    }

    /// Every variant of today's `all` has a number that `table` reads back (and the table holds no more).
    fn numbers_all<T: Copy + PartialEq + Debug>(table: &[T], index: fn(T) -> usize, all: &[T]) {
        for x in all {
            assert_eq!(table[index(*x)], *x, "{x:?}");
        }
        assert_eq!(table.len(), all.len());
    }

    #[test]
    fn enumeration_numbers_invert() {
        inverts(&PRESETS, preset_index);
        inverts(&COUNTERPARTIES, counterparty_index);
        inverts(&VENDORS, vendor_index);
        inverts(&CHIP_GENS, chip_gen_index);
        inverts(&STATUSES, status_index);
        inverts(&FINANCING, financing_index);
        inverts(&INVESTORS, investor_index);
    }

    #[test]
    fn every_variant_has_a_number() {
        numbers_all(&PRESETS, preset_index, &PresetId::ALL);
        numbers_all(&COUNTERPARTIES, counterparty_index, &Counterparty::ALL);
        numbers_all(&VENDORS, vendor_index, &ChipVendor::ALL);
        numbers_all(&STATUSES, status_index, &ContractStatus::ALL);
        numbers_all(&FINANCING, financing_index, &FinancingMode::ALL);
        numbers_all(&INVESTORS, investor_index, &Investor::ALL);
    }
}

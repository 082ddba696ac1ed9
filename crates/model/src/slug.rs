//! Stable slugs of the model's enums, for form values, CSS classes and anything else that names a value in
//! text. `Debug` names are for developers and may change with a rename; these strings are written out once,
//! here, next to the enums they name, and never change. (Preset slugs live on `PresetId`.)

use crate::deals::{ContractStatus, Counterparty, FinancingMode};
use crate::funding::Investor;
use crate::params::Grade;

/// An enum whose values have stable, unique slugs.
pub trait Slug: Copy + PartialEq + 'static {
    /// Every value, in the order a picker lists them.
    const ALL: &'static [Self];

    fn slug(self) -> &'static str;

    /// The value whose slug is `slug`.
    fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.slug() == slug)
    }
}

impl Slug for Counterparty {
    const ALL: &'static [Self] = &Counterparty::ALL;

    fn slug(self) -> &'static str {
        match self {
            Counterparty::Azure => "azure",
            Counterparty::Oracle => "oracle",
            Counterparty::Aws => "aws",
            Counterparty::CoreWeave => "coreweave",
            Counterparty::GoogleCloud => "google-cloud",
            Counterparty::Cerebras => "cerebras",
            Counterparty::Nvidia => "nvidia",
            Counterparty::Amd => "amd",
            Counterparty::Broadcom => "broadcom",
            Counterparty::PartnerShell => "partner-shell",
            Counterparty::Market => "market",
        }
    }
}

impl Slug for ContractStatus {
    const ALL: &'static [Self] = &ContractStatus::ALL;

    fn slug(self) -> &'static str {
        match self {
            ContractStatus::Binding => "binding",
            ContractStatus::TermSheet => "term-sheet",
            ContractStatus::Loi => "loi",
        }
    }
}

impl Slug for FinancingMode {
    const ALL: &'static [Self] = &FinancingMode::ALL;

    fn slug(self) -> &'static str {
        match self {
            FinancingMode::Cash => "cash",
            FinancingMode::Debt => "debt",
            FinancingMode::PartnerLease => "partner-lease",
        }
    }
}

/// The model's own keys (used in files), reused as slugs.
impl Slug for Investor {
    const ALL: &'static [Self] = &Investor::ALL;

    fn slug(self) -> &'static str {
        self.key()
    }
}

/// Evidence grades are single letters in the spec ("P", "R", …); the letter is the slug.
impl Slug for Grade {
    const ALL: &'static [Self] = &[Grade::P, Grade::R, Grade::E, Grade::S, Grade::D, Grade::A];

    fn slug(self) -> &'static str {
        match self {
            Grade::P => "P",
            Grade::R => "R",
            Grade::E => "E",
            Grade::S => "S",
            Grade::D => "D",
            Grade::A => "A",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Slug + std::fmt::Debug>() {
        let mut slugs: Vec<&str> = T::ALL.iter().map(|v| v.slug()).collect();
        for v in T::ALL {
            assert_eq!(T::from_slug(v.slug()), Some(*v));
        }
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), T::ALL.len(), "slugs are unique");
        assert_eq!(T::from_slug("no such thing"), None);
    }

    #[test]
    fn every_slug_round_trips_and_is_unique() {
        round_trip::<Counterparty>();
        round_trip::<ContractStatus>();
        round_trip::<FinancingMode>();
        round_trip::<Investor>();
        round_trip::<Grade>();
    }
}

//! The page's sections (tabs): their ids (used in links and DOM ids), labels, introductions and charts.

use gigawatt_charts::ChartId;

/// A section of the page (one tab).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tab {
    #[default]
    Overview,
    Capacity,
    Money,
    Ownership,
    /// Monte Carlo: fans, chance of running out of cash, tornados (src/risk).
    Risk,
    Deals,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Capacity,
        Tab::Money,
        Tab::Ownership,
        Tab::Risk,
        Tab::Deals,
    ];

    /// DOM id suffix: `tab-<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Capacity => "capacity",
            Tab::Money => "money",
            Tab::Ownership => "ownership",
            Tab::Risk => "risk",
            Tab::Deals => "deals",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Capacity => "Compute",
            Tab::Money => "Money",
            Tab::Ownership => "Ownership",
            Tab::Risk => "Risk",
            Tab::Deals => "Deals",
        }
    }

    /// One paragraph that says what the section answers.
    pub fn intro(self) -> &'static str {
        match self {
            Tab::Overview => "The lab has signed for far more computing power than it runs today. These three \
                charts show the build-out, what it has promised to pay against what it earns, and how long the cash lasts.",
            Tab::Capacity => "How much computing power arrives, from whom, what it costs per token served, and how \
                much electricity it draws.",
            Tab::Money => "Where the money comes from and where it goes: revenue and users, obligations, cash, who is left exposed \
                when the lab cannot pay, margins, the year's profit and loss, and how much vendor money flows back \
                to the vendor.",
            Tab::Ownership => "Every funding round sells part of the company. Who owns what, and what it is valued at.",
            Tab::Risk => "The inputs are uncertain. Thousands of runs draw them from their ranges (seeded, so \
                everyone with the same link sees the same result) and show what is likely, not just what is set.",
            Tab::Deals => "The contracts and funding events behind the charts. Edit, add or delete them; every chart \
                and KPI follows. (The assumption sliders are on the other tabs.)",
        }
    }

    /// The charts in this section, in reading order.
    pub fn charts(self) -> &'static [ChartId] {
        match self {
            Tab::Overview => &[ChartId::Capacity, ChartId::Obligations, ChartId::Cash],
            Tab::Capacity => &[ChartId::Capacity, ChartId::UnitCost, ChartId::Power],
            Tab::Money => &[
                ChartId::Revenue,
                ChartId::Obligations,
                ChartId::Cash,
                ChartId::Exposure,
                ChartId::Margin,
                ChartId::Waterfall,
                ChartId::Circularity,
                ChartId::Sankey,
            ],
            Tab::Ownership => &[ChartId::Ownership, ChartId::Valuation],
            Tab::Risk | Tab::Deals => &[],
        }
    }

    /// The tab whose [`Tab::id`] is `id`.
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for tab in Tab::ALL {
            assert_eq!(Tab::from_id(tab.id()), Some(tab));
        }
        assert_eq!(Tab::from_id("nope"), None);
    }
}

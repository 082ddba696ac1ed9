//! One contract's monthly schedule: its capacity, payments, capex and depreciation, stored as columns of one
//! allocation (a run builds a dozen schedules; one allocation each instead of ten keeps the allocator out of
//! the hot path).

use super::scratch::Scratch;
use crate::deals::{ChipVendor, ContractStatus, Counterparty};
use crate::Month;
use std::ops::Range;

/// How a contract's capacity is paid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Lease,
    PartnerLease,
    Owned { debt: bool },
}

/// The monthly columns of a schedule, in storage order (the order of [`ColumnsMut`]'s fields).
#[derive(Clone, Copy)]
enum Column {
    Gw,
    H100e,
    AddedGw,
    Payment,
    HardwareContent,
    HardwareOther,
    FacilityCapex,
    Depreciation,
    Colo,
    PartnerCapex,
}
const COLUMNS: usize = 10;

/// Who the contract is with and how it is paid: what a schedule carries besides its columns.
pub struct Terms {
    pub contract: usize,
    pub counterparty: Counterparty,
    pub vendor: ChipVendor,
    pub status: ContractStatus,
    pub signed: Month,
    pub kind: Kind,
    /// Owned capacity in a self-built facility (facility capex instead of colocation fees).
    pub self_build: bool,
}

/// One contract's monthly schedule. Index `t` = month `t` (0 = Jan 2025).
pub struct Schedule {
    pub contract: usize,
    pub counterparty: Counterparty,
    pub vendor: ChipVendor,
    pub status: ContractStatus,
    pub signed: Month,
    pub kind: Kind,
    /// Months outside this range have no capacity, payments, capex or depreciation (only `added_gw` may be
    /// nonzero there, for deliveries after a lease's end): loops over a schedule can skip them. Set with
    /// [`Schedule::set_active`].
    active: Range<usize>,
    /// The columns one after another; a column the contract's kind doesn't use is empty.
    data: Scratch,
    columns: [Range<usize>; COLUMNS],
    /// Whether every column but `added_gw` is known to be zero outside `active` (set by
    /// [`Schedule::set_active`], cleared by [`Schedule::columns_mut`]): then a dropped schedule clears only
    /// those months and its buffer skips the next zeroing.
    zero_outside_active: bool,
}

/// The columns of a schedule, writable (what [`Schedule::columns_mut`] hands the capacity module).
pub struct ColumnsMut<'a> {
    /// Active delivered IT GW.
    pub gw: &'a mut [f64],
    pub h100e: &'a mut [f64],
    /// GW delivered this month.
    pub added_gw: &'a mut [f64],
    /// Lease or partner-lease payment, $B.
    pub payment: &'a mut [f64],
    /// Hardware bought by the lab (owned) or by the partner SPV (partner lease), $B: vendor content.
    pub hardware_content: &'a mut [f64],
    /// The same: other IT (networking, storage, servers).
    pub hardware_other: &'a mut [f64],
    /// Self-build facility capex, $B (owned only).
    pub facility_capex: &'a mut [f64],
    /// Depreciation of owned IT and facilities, $B.
    pub depreciation: &'a mut [f64],
    /// Colocation fees, $B (owned, not self-built).
    pub colo: &'a mut [f64],
    /// All-in capex of the partner's SPV per GW delivered (for the estimated partner-debt flows), $B.
    pub partner_capex: &'a mut [f64],
}

impl Schedule {
    /// A zero schedule of `len` months with the columns its kind uses.
    pub fn new(terms: Terms, len: usize) -> Schedule {
        let owned = matches!(terms.kind, Kind::Owned { .. });
        let hardware = terms.kind != Kind::Lease;
        let used = [
            true,
            true,
            true,
            true,
            hardware,
            hardware,
            owned && terms.self_build,
            owned,
            owned && !terms.self_build,
            terms.kind == Kind::PartnerLease,
        ];
        let mut next = 0;
        let columns = used.map(|u| {
            let n = if u { len } else { 0 };
            next += n;
            next - n..next
        });
        Schedule {
            contract: terms.contract,
            counterparty: terms.counterparty,
            vendor: terms.vendor,
            status: terms.status,
            signed: terms.signed,
            kind: terms.kind,
            active: 0..0,
            data: Scratch::zeros(next),
            columns,
            zero_outside_active: false,
        }
    }

    /// The months with capacity, payments, capex or depreciation (see the field).
    pub fn active(&self) -> Range<usize> {
        self.active.clone()
    }

    /// Declares that every column but `added_gw` is zero outside `active`, once the columns are written.
    pub fn set_active(&mut self, active: Range<usize>) {
        debug_assert!(self.columns.iter().enumerate().all(|(i, c)| {
            i == Column::AddedGw as usize
                || self.data[c.clone()]
                    .iter()
                    .enumerate()
                    .all(|(t, x)| active.contains(&t) || x.to_bits() == 0)
        }));
        self.active = active;
        self.zero_outside_active = true;
    }

    /// Every column, writable at once (until [`Schedule::set_active`] again, any month may become nonzero).
    pub fn columns_mut(&mut self) -> ColumnsMut<'_> {
        self.zero_outside_active = false;
        let mut rest = self.data.as_mut_slice();
        let [gw, h100e, added_gw, payment, hardware_content, hardware_other, facility_capex, depreciation, colo, partner_capex] =
            self.columns.clone().map(|c| {
                let (column, tail) = std::mem::take(&mut rest).split_at_mut(c.len());
                rest = tail;
                column
            });
        ColumnsMut {
            gw,
            h100e,
            added_gw,
            payment,
            hardware_content,
            hardware_other,
            facility_capex,
            depreciation,
            colo,
            partner_capex,
        }
    }

    fn column(&self, c: Column) -> &[f64] {
        &self.data[self.columns[c as usize].clone()]
    }

    /// Active delivered IT GW per month.
    pub fn gw(&self) -> &[f64] {
        self.column(Column::Gw)
    }
    /// H100-equivalents in service per month.
    pub fn h100e(&self) -> &[f64] {
        self.column(Column::H100e)
    }
    /// GW delivered per month.
    pub fn added_gw(&self) -> &[f64] {
        self.column(Column::AddedGw)
    }
    /// Lease or partner-lease payment per month, $B.
    pub fn payment(&self) -> &[f64] {
        self.column(Column::Payment)
    }
    /// Hardware delivered per month, $B: vendor content (empty for leases).
    pub fn hardware_content(&self) -> &[f64] {
        self.column(Column::HardwareContent)
    }
    /// Hardware delivered per month, $B: other IT (empty for leases).
    pub fn hardware_other(&self) -> &[f64] {
        self.column(Column::HardwareOther)
    }
    /// Self-build facility capex per month, $B (empty unless owned and self-built).
    pub fn facility_capex(&self) -> &[f64] {
        self.column(Column::FacilityCapex)
    }
    /// Depreciation per month, $B (empty unless owned).
    pub fn depreciation(&self) -> &[f64] {
        self.column(Column::Depreciation)
    }
    /// Colocation fees per month, $B (empty unless owned in a rented facility).
    pub fn colo(&self) -> &[f64] {
        self.column(Column::Colo)
    }

    /// What the lab owes in month t under this schedule, $B: lease or partner-lease payments, or for owned
    /// capacity the hardware, facility capex and colocation fees.
    pub fn owed_at(&self, t: usize) -> f64 {
        self.at(Column::Payment, t)
            + self.at(Column::HardwareContent, t)
            + self.at(Column::HardwareOther, t)
            + self.at(Column::FacilityCapex, t)
            + self.at(Column::Colo, t)
    }

    /// [`Schedule::owed_at`] of each month in `months`, in order: the same sums of the same values, read from
    /// slices of the columns taken once rather than looked up column by column every month (the affordability
    /// test, defaults and renegotiations sum a schedule's payments over many months).
    pub fn owed_over(&self, months: Range<usize>) -> impl Iterator<Item = f64> + '_ {
        // A month past a column's end reads 0, as in `owed_at`.
        let part = |c: Column| {
            let column = self.column(c);
            let end = months.end.min(column.len());
            column.get(months.start.min(end)..end).unwrap_or_default()
        };
        let [payment, content, other, facility, colo] = [
            Column::Payment,
            Column::HardwareContent,
            Column::HardwareOther,
            Column::FacilityCapex,
            Column::Colo,
        ]
        .map(part);
        let at = |column: &[f64], i: usize| column.get(i).copied().unwrap_or(0.0);
        (0..months.len()).map(move |i| {
            at(payment, i) + at(content, i) + at(other, i) + at(facility, i) + at(colo, i)
        })
    }

    /// Ends the schedule before month `t`: the supplier withdraws the capacity (a default) and nothing more is
    /// owed or delivered. Every column is zero from `t` on.
    pub fn truncate_from(&mut self, t: usize) {
        for c in self.columns.clone() {
            let from = (c.start + t).min(c.end);
            self.data[from..c.end].fill(0.0);
        }
        self.active = self.active.start.min(t)..self.active.end.min(t);
    }

    /// The months of each column that may be nonzero: `active`, and the whole of `added_gw`.
    fn written(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.columns.iter().enumerate().map(|(i, c)| {
            if i == Column::AddedGw as usize {
                c.clone()
            } else {
                let at = |t: usize| (c.start + t).min(c.end);
                at(self.active.start)..at(self.active.end)
            }
        })
    }

    fn at(&self, column: Column, t: usize) -> f64 {
        self.column(column).get(t).copied().unwrap_or(0.0)
    }
    /// Hardware (vendor content, other IT) delivered in month t, $B; zero for leases.
    pub fn hardware_at(&self, t: usize) -> (f64, f64) {
        (
            self.at(Column::HardwareContent, t),
            self.at(Column::HardwareOther, t),
        )
    }
    /// Self-build facility capex in month t, $B.
    pub fn facility_capex_at(&self, t: usize) -> f64 {
        self.at(Column::FacilityCapex, t)
    }
    /// The partner SPV's all-in capex in month t, $B.
    pub fn partner_capex_at(&self, t: usize) -> f64 {
        self.at(Column::PartnerCapex, t)
    }
}

impl Drop for Schedule {
    fn drop(&mut self) {
        if self.zero_outside_active {
            let data = std::mem::take(&mut self.data);
            data.recycle_zeroed(self.written());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(kind: Kind, self_build: bool) -> Terms {
        Terms {
            contract: 0,
            counterparty: Counterparty::Oracle,
            vendor: ChipVendor::Nvidia,
            status: ContractStatus::Binding,
            signed: Month(0),
            kind,
            self_build,
        }
    }

    #[test]
    fn columns_are_separate_and_sized_by_kind() {
        let mut lease = Schedule::new(terms(Kind::Lease, false), 5);
        {
            let c = lease.columns_mut();
            assert_eq!(c.hardware_content.len(), 0);
            assert_eq!(c.depreciation.len(), 0);
            c.gw[4] = 1.0;
            c.payment[0] = 2.0;
        }
        assert_eq!(lease.gw(), &[0.0, 0.0, 0.0, 0.0, 1.0]);
        assert_eq!(lease.payment()[0], 2.0);
        assert_eq!(lease.h100e(), &[0.0; 5]);
        assert_eq!(lease.hardware_at(3), (0.0, 0.0));

        let mut owned = Schedule::new(terms(Kind::Owned { debt: false }, true), 3);
        {
            let c = owned.columns_mut();
            assert_eq!(c.colo.len(), 0);
            assert_eq!(c.partner_capex.len(), 0);
            c.hardware_content[1] = 3.0;
            c.hardware_other[1] = 4.0;
            c.facility_capex[2] = 5.0;
            c.depreciation[2] = 6.0;
        }
        assert_eq!(owned.hardware_at(1), (3.0, 4.0));
        assert_eq!(owned.facility_capex_at(2), 5.0);
        assert_eq!(owned.depreciation(), &[0.0, 0.0, 6.0]);
        assert!(owned.colo().is_empty());
        assert_eq!(owned.gw(), &[0.0; 3]);
    }
}

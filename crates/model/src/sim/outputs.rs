//! What a run computes: everything, or only what Monte Carlo's fans need.

/// What a run computes: everything, or only what Monte Carlo's fans need (`FanSeries`). The loop and the fan
/// series are the same either way; `Fans` skips what only a single run shows (the announced ramp, renewed GW,
/// option steps by status, decision and equity events, ownership, equity capacity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outputs {
    All,
    Fans,
}

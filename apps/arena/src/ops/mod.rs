//! The arena's opcodes, one file each (docs/arena.md: "The rules", and "How the VM plays a tick"
//! for the rows). The commands (`Hold` and `Stop` share `Halt`) and `Tick` are inputs; a tick
//! continues into one `Act` row per live unit, one `Reap` row per unit killed (plus one that ends
//! the death list) and one `EndTick` row.

mod act;
mod attack;
mod end_tick;
mod halt;
mod move_to;
mod reap;
mod tick;
mod unit;

pub use act::Act;
pub use attack::Attack;
pub use end_tick::EndTick;
pub use halt::Halt;
pub use move_to::MoveTo;
pub use reap::Reap;
pub use tick::Tick;

/// Reason codes of `Rejected` events (docs/arena.md, "Orders").
pub mod reason {
    /// The unit's hit points are 0.
    pub const NOT_ALIVE: u64 = 1;
    /// A `Move` point outside `[0, 32)`.
    pub const BAD_POINT: u64 = 2;
    /// The target's hit points are 0.
    pub const TARGET_NOT_ALIVE: u64 = 3;
    /// The target is on the unit's team.
    pub const TARGET_FRIENDLY: u64 = 4;
    /// A tick after the match ended.
    pub const MATCH_OVER: u64 = 5;
}

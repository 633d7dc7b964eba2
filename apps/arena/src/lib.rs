//! A deterministic real-time arena game whose replays are proven (docs/arena.md).
//!
//! The rules are written once, as the VM's opcodes ([`ops`]); the bevy game calls them for every
//! tick. A plain-Rust [`reference`] simulation, written separately from the opcodes, is what the
//! tests compare them with.

pub mod fx;
pub mod layout;
pub mod render;
pub mod replay;
pub mod scenario;
pub mod state;

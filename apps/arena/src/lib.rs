//! A deterministic real-time arena game whose replays are proven (docs/arena.md).
//!
//! The rules are written once, as the VM's opcodes ([`ops`]); the bevy game calls them for every
//! tick. A plain-Rust [`reference`](mod@reference) simulation, written separately from the
//! opcodes, is what the tests compare them with.

pub mod bot;
pub mod events;
pub mod fx;
pub mod game;
pub mod generate;
pub mod genesis;
pub mod layout;
pub mod ops;
pub mod reference;
pub mod render;
pub mod replay;
pub mod scenario;
pub mod session;
pub mod state;
pub mod vm;
pub mod wire;

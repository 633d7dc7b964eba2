//! The arena's integration tests, one binary (each test binary links the whole prover):
//! - `game`: the bevy game mirrors the VM and is deterministic (in-process, cross-process,
//!   rollback);
//! - `differential`: the VM and the reference simulation agree tick by tick;
//! - `invariants`: generated matches keep the game's invariants;
//! - `soundness`: constraints, a mutation sweep, and re-proven cheats;
//! - `statement`: a statement is a replay's whole match; the rules at the grid's bounds.

mod common;
mod differential;
mod game;
mod invariants;
mod soundness;
mod statement;

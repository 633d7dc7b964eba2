//! A central-limit order book as an app-specific provable VM.
//!
//! The semantics are specified once, in `docs/orderbook.md`, and implemented twice, independently:
//! the provable VM and the plain-Rust [`reference`](mod@reference) engine. Differential tests feed
//! both the same [`workload`] streams and compare their output events record for record, so the
//! two share only the vocabulary of [`types`]: inputs, events, reasons, the market table and the
//! bounds.

pub mod layout;
pub mod ops;
pub mod reference;
pub mod types;
pub mod vm;
pub mod wire;
pub mod workload;

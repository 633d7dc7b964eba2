//! A token ledger as an app-specific provable VM: deposits, transfers and withdrawals over 1,024
//! accounts, each emitting its outcome code as a proven output (the smallest real appvm VM).
//!
//! - [`vm`]: the VM, its memory and output records, outcome codes;
//! - [`ops`]: its three opcodes, one file each, written once against the DSL;
//! - [`reference`](mod@reference): the same rules in plain Rust, against which the tests and
//!   every `appvm run ledger` check the VM's outputs and final memory;
//! - [`workload`]: batch generators (`appvm gen ledger:<name>`).
//!
//! `cargo run --release --example ledger` proves and verifies a random batch and prints its cost.

pub mod ops;
pub mod reference;
pub mod vm;
pub mod workload;

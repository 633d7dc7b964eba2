//! The hand-written baseline AIR behind the benchmarks, importable by them. The VMs the examples
//! prove are crates of their own (`appvm-ledger`, `appvm-orderbook`).

pub mod baseline;

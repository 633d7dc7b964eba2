//! appvm's measurements that are not tests: `cargo bench -p appvm-bench --bench overhead`
//! (criterion, the derived ledger VM against the hand-written AIR) and
//! `cargo run --release -p appvm-bench --bin ledger_overhead` (the same comparison as a table of
//! cells, times and proof sizes). See docs/BENCHMARKS.md.

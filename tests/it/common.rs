//! Helpers shared by the integration tests.

use appvm::{Machine, Memory, Params};
use appvm_ledger::vm::Ledger;
use appvm_ledger::workload::mixed;
use appvm_orderbook::vm::Orderbook;
use rand::SeedableRng;

/// A ledger machine with the fast (test-only) parameters.
pub fn ledger_machine() -> Machine<Ledger> {
    Machine::new(Params::Fast).expect("the ledger VM lays out")
}

/// A funded genesis and `n` random ops from `seed`.
pub fn ledger_batch(seed: u64, n: usize) -> (Memory, Vec<Ledger>) {
    let genesis = Ledger::with_balances(&[1_000_000; 64]);
    (genesis, mixed(&mut rand::rngs::StdRng::seed_from_u64(seed), n))
}

/// The order-book machine with the fast (test-only) parameters, set up once per test binary
/// (laying out its chips takes a while).
pub fn orderbook_machine() -> &'static Machine<Orderbook> {
    static MACHINE: std::sync::OnceLock<Machine<Orderbook>> = std::sync::OnceLock::new();
    MACHINE.get_or_init(|| Machine::new(Params::Fast).expect("the order-book VM lays out"))
}

//! Shared by the VM's tests: run a stream of inputs through the VM (and through the reference
//! engine) from the initial state.

#![allow(dead_code)]

use std::sync::OnceLock;

use appvm::{Machine, Memory, Params};
use appvm_orderbook::reference::Engine;
use appvm_orderbook::types::{Event, Input, ACCOUNTS, ASSETS};
use appvm_orderbook::vm::{balance_of, events_per_input, genesis, to_vm, Orderbook};

/// One machine for every test of a binary (setting one up lays out every chip).
pub fn machine() -> &'static Machine<Orderbook> {
    static MACHINE: OnceLock<Machine<Orderbook>> = OnceLock::new();
    MACHINE.get_or_init(|| Machine::new(Params::Fast).expect("the order-book VM lays out"))
}

/// The VM's events per input and its final state.
#[derive(Debug)]
pub struct Run {
    /// `events[seq]`: the events of input `seq`.
    pub events: Vec<Vec<Event>>,
    /// The final state.
    pub memory: Memory,
}

impl Run {
    /// `(available, locked)` of an account's asset.
    pub fn balance(&self, account: u32, asset: u32) -> (u64, u64) {
        balance_of(&self.memory, account, asset).expect("account and asset exist")
    }
}

/// Executes `inputs` from the initial state.
pub fn run(inputs: &[Input]) -> Run {
    let ops: Vec<Orderbook> = inputs.iter().map(to_vm).collect();
    let exec = machine().execute(&genesis(), &ops).expect("every input executes");
    let events = events_per_input(&exec.outputs, inputs.len()).expect("the outputs decode");
    Run { events, memory: exec.final_memory }
}

/// The reference engine's events per input, and the engine.
pub fn reference(inputs: &[Input]) -> (Vec<Vec<Event>>, Engine) {
    let mut engine = Engine::new();
    let events = inputs.iter().map(|input| engine.apply(input)).collect();
    (events, engine)
}

/// Runs both and requires identical events per input and identical balances.
pub fn agree(inputs: &[Input]) -> Run {
    let vm = run(inputs);
    let (expected, engine) = reference(inputs);
    for (seq, (got, want)) in vm.events.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "input #{seq} {:?}: VM events differ from the reference", inputs[seq]);
    }
    for account in 0..ACCOUNTS {
        for asset in 0..ASSETS {
            let b = engine.balance(account, asset).expect("exists");
            assert_eq!(
                vm.balance(account, asset),
                (b.available, b.locked),
                "balance of account {account}, asset {asset} after {} inputs",
                inputs.len()
            );
        }
    }
    vm
}

/// A short stream that takes every path of the VM at least once: every rejection reason the
/// market table can produce, every time in force, every STP mode, FOK walks that succeed and
/// fail, cancels of heads, middles and tails that empty best and non-best levels, amends.
pub fn every_path() -> Vec<Input> {
    use Input::{Amend, Cancel, Deposit, PlaceLimit, PlaceMarket, Withdraw};
    let lim = |account, market, side, price, qty, tif, stp| PlaceLimit { account, market, side, price, qty, tif, stp };
    vec![
        Deposit { account: 0, asset: 0, amount: 100_000 },
        Deposit { account: 1, asset: 0, amount: 100_000 },
        Deposit { account: 1, asset: 1, amount: 10_000_000 },
        Deposit { account: 1, asset: 2, amount: 10_000 },
        Deposit { account: 2, asset: 1, amount: 10_000_000 },
        Deposit { account: 2, asset: 2, amount: 10_000 },
        Deposit { account: 300, asset: 1, amount: 1 },
        Deposit { account: 1, asset: 9, amount: 1 },
        Withdraw { account: 1, asset: 1, amount: 1 << 31 },
        Withdraw { account: 2, asset: 1, amount: 5 },
        lim(1, 7, 0, 100, 1, 0, 0),
        lim(999, 1, 0, 100, 1, 0, 0),
        lim(1, 1, 5, 100, 1, 0, 0),
        lim(1, 1, 0, 100, 1, 9, 0),
        lim(1, 1, 0, 100, 1, 0, 7),
        lim(1, 1, 0, 0, 1, 0, 0),
        lim(1, 1, 0, 1 << 24, 1, 0, 0),
        lim(1, 0, 0, 1_003, 10, 0, 0),
        lim(1, 1, 0, 100, 0, 0, 0),
        lim(1, 0, 0, 1_000, 15, 0, 0),
        lim(1, 1, 0, 100, 1 << 30, 0, 0),
        // Asks on market 1 from accounts 1 and 2, bids on market 0.
        lim(1, 1, 1, 100, 10, 0, 0),
        lim(2, 1, 1, 100, 10, 0, 0),
        lim(1, 1, 1, 101, 10, 0, 0),
        lim(2, 1, 1, 103, 10, 0, 0),
        lim(1, 1, 1, 102, 10, 3, 0),
        lim(1, 0, 0, 1_000, 50, 0, 0),
        lim(0, 0, 0, 995, 50, 0, 0),
        lim(1, 0, 1, 990, 20, 0, 0),
        lim(0, 0, 1, 1_000, 30, 1, 2),
        lim(2, 1, 0, 100, 1, 3, 0),
        lim(2, 1, 0, 102, 100, 2, 0),
        lim(2, 1, 0, 101, 15, 2, 1),
        lim(1, 1, 0, 102, 5, 0, 0),
        lim(1, 1, 0, 102, 5, 0, 1),
        lim(1, 1, 0, 103, 30, 0, 2),
        PlaceMarket { account: 2, market: 1, side: 0, qty: 5, worst_price: 1 << 23, stp: 0 },
        PlaceMarket { account: 2, market: 1, side: 1, qty: 5, worst_price: 1, stp: 0 },
        lim(2, 1, 0, 90, 5, 1, 0),
        lim(2, 1, 0, 90, 5, 0, 0),
        lim(2, 1, 0, 91, 5, 0, 0),
        lim(2, 1, 0, 91, 5, 0, 0),
        lim(2, 1, 0, 91, 5, 0, 0),
        lim(2, 1, 0, 89, 5, 0, 0),
        // A FOK that walks two levels (102, then 103) and fills.
        Deposit { account: 0, asset: 1, amount: 1_000_000 },
        lim(0, 1, 0, 103, 15, 2, 0),
        Cancel { account: 2, order: 3 },
        Cancel { account: 1, order: 1 << 20 },
        Cancel { account: 300, order: 16 },
        Cancel { account: 1, order: 16 },
        Cancel { account: 2, order: 17 },
        Cancel { account: 2, order: 19 },
        Amend { account: 2, order: 15, qty: 2 },
        Amend { account: 2, order: 15, qty: 9 },
        Amend { account: 2, order: 15, qty: 0 },
        Amend { account: 1, order: 15, qty: 1 },
        Amend { account: 300, order: 15, qty: 1 },
        Amend { account: 2, order: 1 << 22, qty: 1 },
        Cancel { account: 2, order: 16 },
        Cancel { account: 2, order: 18 },
        Cancel { account: 2, order: 15 },
        Cancel { account: 2, order: 15 },
    ]
}

//! Shared by the VM's tests: run a stream of inputs through the VM (and through the reference
//! engine) from the initial state.

use std::sync::OnceLock;

use appvm::{Machine, Memory, Params, Record};
use appvm_orderbook::layout::{self, place, Counters, Level, Order};
use appvm_orderbook::reference::Engine;
use appvm_orderbook::types::{
    order_generation, order_id, order_slot, Event, Input, OrderId, ACCOUNTS, ASSETS, MAX_GENERATION, ORDER_ID_BOUND,
    SLOTS,
};
use appvm_orderbook::vm::{balance_of, events_per_input, genesis, to_vm, Orderbook};
use p3_field::PrimeField64;

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

/// The instructions for `inputs` (all well-formed).
pub fn ops(inputs: &[Input]) -> Vec<Orderbook> {
    inputs.iter().map(|input| to_vm(input).expect("a well-formed input")).collect()
}

/// Executes `inputs` from the initial state.
pub fn run(inputs: &[Input]) -> Run {
    let exec = machine().execute(&genesis(), &ops(inputs)).expect("every input executes");
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
    check_state(&vm.memory, &engine);
    vm
}

/// The record in the word at `addr`.
pub fn word<R: Record<u64>>(memory: &Memory, addr: u64) -> R {
    let word = memory.word(addr as usize).expect("inside memory");
    R::from_lanes(|lane| word[lane].as_canonical_u64())
}

/// Checks the VM's order slots and level records against the reference engine's state: every
/// live slot holds exactly a resting order of the engine (id, owner, book, remaining); the free
/// slot list holds every other slot once, each with the engine's generation for it, and its top
/// gives the engine's next id; the free level list holds every real level record that is not
/// live, once, and the rest are as many as the engine's levels.
pub fn check_state(memory: &Memory, engine: &Engine) {
    let free: Counters<u64> = word(memory, layout::COUNTERS);
    let mut seen = vec![false; SLOTS as usize];
    let mut live = 0;
    for slot in 1..SLOTS {
        let Order { remaining, place: place_lane, generation, .. } = word(memory, layout::ORDERS + slot);
        if remaining == 0 {
            continue;
        }
        live += 1;
        seen[slot as usize] = true;
        let id = order_id(slot, generation);
        let resting = engine.order(id).unwrap_or_else(|| panic!("slot {slot} holds order {id}, not resting"));
        let book = 2 * u64::from(resting.market) + u64::from(resting.side.code());
        let expected = place(resting.account.into(), book, (place_lane >> 10) & 0x1fff);
        assert_eq!((remaining, place_lane), (resting.remaining.into(), expected), "slot {slot}, order {id}");
    }
    assert_eq!(live, engine.orders().count(), "live slots and resting orders");
    let mut slot = free.free_slot;
    let mut listed = 0;
    while slot != 0 {
        assert!(!seen[slot as usize], "free slot {slot} is live or listed twice");
        seen[slot as usize] = true;
        listed += 1;
        let Order { remaining, generation, next, .. } = word(memory, layout::ORDERS + slot);
        assert_eq!(remaining, 0, "free slot {slot}");
        assert_eq!(Some(generation), engine.slot_generation(slot), "generation of free slot {slot}");
        slot = next;
    }
    assert_eq!(listed, engine.free_slots(), "free slots");
    let top = free.free_slot;
    let generation = word::<Order<u64>>(memory, layout::ORDERS + top).generation;
    let next = (generation < MAX_GENERATION).then(|| order_id(top, generation + 1));
    assert_eq!(next, engine.next_order_id(), "the next id");

    let records = layout::LEVEL_RECORDS - layout::FIRST_LEVEL;
    let mut record = free.free_level;
    let mut listed = 0;
    let mut seen = vec![false; layout::LEVEL_RECORDS as usize];
    while record != 0 {
        assert!(record >= layout::FIRST_LEVEL && !seen[record as usize], "free level {record}");
        seen[record as usize] = true;
        listed += 1;
        let Level { total, next, .. } = word(memory, layout::LEVELS + record);
        assert_eq!(total, 0, "free level {record}");
        record = next;
    }
    let live = (layout::FIRST_LEVEL..layout::LEVEL_RECORDS)
        .filter(|&l| word::<Level<u64>>(memory, layout::LEVELS + l).total != 0)
        .count() as u64;
    assert_eq!(live + listed, records, "live and free level records");
    assert_eq!(live, u64::from(engine.live_levels()), "live levels");
}

/// A short stream that takes every path of the VM at least once: every rejection reason the
/// market table can produce, every time in force, every STP mode, FOK walks that succeed and
/// fail, cancels of heads, middles and tails that empty best and non-best levels, amends, and
/// cancels and amends of ids of every wrong kind (stale and future generations, slot 0).
pub fn every_path() -> Vec<Input> {
    use Input::{Amend, Cancel, Deposit, PlaceLimit, PlaceMarket, Withdraw};
    let lim = |account, market, side, price, qty, tif, stp| PlaceLimit { account, market, side, price, qty, tif, stp };
    let mut inputs = vec![
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
    ];
    // Cancels and amends name orders by the order of their acceptance: `id(n)` is the n-th
    // accepted order's id (several of them share a slot: slots are reused).
    let (events, _) = reference(&inputs);
    let accepted: Vec<OrderId> = events
        .iter()
        .flatten()
        .filter_map(|e| match *e {
            Event::Accepted { order, .. } => Some(order),
            _ => None,
        })
        .collect();
    let id = |n: usize| accepted[n - 1];
    inputs.extend([
        Cancel { account: 2, order: id(3) },
        Cancel { account: 1, order: 1 << 20 },
        Cancel { account: 300, order: id(16) },
        Cancel { account: 1, order: id(16) },
        Cancel { account: 2, order: id(17) },
        Cancel { account: 2, order: id(19) },
        Amend { account: 2, order: id(15), qty: 2 },
        Amend { account: 2, order: id(15), qty: 9 },
        Amend { account: 2, order: id(15), qty: 0 },
        Amend { account: 1, order: id(15), qty: 1 },
        Amend { account: 300, order: id(15), qty: 1 },
        Amend { account: 2, order: 1 << 22, qty: 1 },
        Cancel { account: 2, order: id(16) },
        Cancel { account: 2, order: id(18) },
        Cancel { account: 2, order: id(15) },
        Cancel { account: 2, order: id(15) },
        // Ids of every wrong kind: 0, the next id, a stale generation of a reused slot, a future
        // generation, a slot-0 id, the largest well-formed operand.
        Cancel { account: 2, order: 0 },
        Cancel { account: 2, order: order_id(order_slot(id(15)), order_generation(id(15)) + 1) },
        Cancel { account: 2, order: order_id(1, 1) },
        Amend { account: 1, order: order_id(2, 7), qty: 1 },
        Cancel { account: 1, order: order_id(0, 1) },
        Cancel { account: 1, order: ORDER_ID_BOUND - 1 },
        Amend { account: 1, order: ORDER_ID_BOUND - 1 - SLOTS, qty: 1 },
    ]);
    inputs
}

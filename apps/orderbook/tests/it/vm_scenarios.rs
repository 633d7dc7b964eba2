//! Hand-written scenarios: the VM's events and balances are checked against values worked out by
//! hand from `docs/orderbook.md`, and (where the reference engine can start from the same state)
//! against the reference engine too.

use crate::vm_support::{agree, machine, ops};
use appvm::{Memory, Record, F};
use appvm_orderbook::layout::{self, Counters, Order, WORD};
use appvm_orderbook::types::{
    order_id, order_slot, Event, Input, OrderId, Reason, Side, MAX_GENERATION, MAX_LEVELS, MAX_ORDERS,
};
use appvm_orderbook::vm::{balance_of, events_per_input, genesis_with};
use p3_field::PrimeCharacteristicRing;

use Event::*;

const BASE0: u32 = 0;
const QUOTE: u32 = 1;
const BASE1: u32 = 2;

fn deposit(account: u32, asset: u32, amount: u32) -> Input {
    Input::Deposit { account, asset, amount }
}

fn limit(account: u32, market: u32, side: u32, price: u32, qty: u32, tif: u32, stp: u32) -> Input {
    Input::PlaceLimit { account, market, side, price, qty, tif, stp }
}

fn gtc(account: u32, market: u32, side: u32, price: u32, qty: u32) -> Input {
    limit(account, market, side, price, qty, 0, 0)
}

fn rejected(reason: Reason) -> Vec<Event> {
    vec![Rejected { reason }]
}

fn accepted(order: OrderId, side: Side, price: u32, qty: u32) -> Event {
    Accepted { order, side, price, qty }
}

/// The id of the order in `slot` at `generation` (`order_id`, shorter).
fn id(slot: u64, generation: u64) -> OrderId {
    order_id(slot, generation)
}

/// Runs `inputs` from `memory` in the VM alone (for states the reference cannot start from).
fn run_from(memory: &Memory, inputs: &[Input]) -> (Vec<Vec<Event>>, Memory) {
    let exec = machine().execute(memory, &ops(inputs)).expect("executes");
    (events_per_input(&exec.outputs, inputs.len()).expect("decodes"), exec.final_memory)
}

#[test]
fn a_resting_order_locks_its_collateral() {
    let inputs = [deposit(1, BASE1, 50), gtc(1, 1, 1, 100, 5), deposit(2, QUOTE, 1_000), gtc(2, 1, 0, 99, 10)];
    let run = agree(&inputs);
    assert_eq!(run.events[1], vec![accepted(id(1, 1), Side::Sell, 100, 5), Rested { order: id(1, 1), remaining: 5 }]);
    assert_eq!(run.events[3], vec![accepted(id(2, 1), Side::Buy, 99, 10), Rested { order: id(2, 1), remaining: 10 }]);
    assert_eq!(run.balance(1, BASE1), (45, 5));
    assert_eq!(run.balance(2, QUOTE), (10, 990));
}

#[test]
fn a_cross_fills_across_two_levels_with_fees() {
    // Market 0: tick 5, lot 10, maker 2 bps, taker 5 bps.
    let inputs = [
        deposit(1, BASE0, 10_000),
        deposit(2, BASE0, 10_000),
        deposit(3, QUOTE, 10_000_000),
        gtc(1, 0, 1, 1_000, 3_000),
        gtc(2, 0, 1, 1_005, 5_000),
        gtc(3, 0, 0, 1_010, 6_000),
    ];
    let run = agree(&inputs);
    assert_eq!(
        run.events[5],
        vec![
            accepted(id(3, 1), Side::Buy, 1_010, 6_000),
            // Buyer (taker) fee: floor(3000 * 5 / 10000) = 1 base; seller (maker) fee:
            // floor(3_000_000 * 2 / 10000) = 600 quote, then floor(3_015_000 * 2 / 10000) = 603.
            Trade {
                maker_order: id(1, 1),
                taker_order: id(3, 1),
                price: 1_000,
                qty: 3_000,
                maker_fee: 600,
                taker_fee: 1
            },
            Filled { order: id(1, 1) },
            Trade {
                maker_order: id(2, 1),
                taker_order: id(3, 1),
                price: 1_005,
                qty: 3_000,
                maker_fee: 603,
                taker_fee: 1
            },
            Filled { order: id(3, 1) },
        ]
    );
    // The buyer locked 1010 * 6000 and gets (1010 - 1000) * 3000 + (1010 - 1005) * 3000 back.
    assert_eq!(run.balance(3, QUOTE), (10_000_000 - 6_060_000 + 45_000, 0));
    assert_eq!(run.balance(3, BASE0), (5_998, 0));
    assert_eq!(run.balance(1, BASE0), (7_000, 0));
    assert_eq!(run.balance(1, QUOTE), (2_999_400, 0));
    assert_eq!(run.balance(2, BASE0), (5_000, 2_000));
    assert_eq!(run.balance(2, QUOTE), (3_014_397, 0));
    assert_eq!(run.balance(0, BASE0), (2, 0));
    assert_eq!(run.balance(0, QUOTE), (1_203, 0));
}

#[test]
fn a_partial_fill_rests_its_remainder_and_a_later_sell_walks_the_bids() {
    let inputs = [
        deposit(1, BASE1, 100),
        deposit(2, QUOTE, 100_000),
        gtc(1, 1, 1, 100, 30),
        gtc(1, 1, 1, 102, 30),
        // Buys 50 up to 101: 30 at 100, the 20 left rest at 101 (the ask at 102 does not cross).
        gtc(2, 1, 0, 101, 50),
        // Sells 25 down to 95: takes 20 at 101, the bid level empties, nothing else crosses.
        gtc(1, 1, 1, 95, 25),
    ];
    let run = agree(&inputs);
    assert_eq!(
        run.events[4],
        vec![
            accepted(id(3, 1), Side::Buy, 101, 50),
            Trade { maker_order: id(1, 1), taker_order: id(3, 1), price: 100, qty: 30, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(1, 1) },
            Rested { order: id(3, 1), remaining: 20 },
        ]
    );
    assert_eq!(
        run.events[5],
        vec![
            // Slot 1 was freed by the fill, and is on top of the free list: generation 2.
            accepted(id(1, 2), Side::Sell, 95, 25),
            // Seller (taker) pays 10 bps on 2020: 2.
            Trade { maker_order: id(3, 1), taker_order: id(1, 2), price: 101, qty: 20, maker_fee: 0, taker_fee: 2 },
            Filled { order: id(3, 1) },
            Rested { order: id(1, 2), remaining: 5 },
        ]
    );
    // The sell now rests at 95, in front of the ask at 102.
    assert_eq!(run.balance(1, BASE1), (100 - 30 - 30 - 25, 30 + 5));
}

#[test]
fn orders_at_one_price_fill_oldest_first() {
    let inputs = [
        deposit(1, BASE1, 10),
        deposit(2, BASE1, 10),
        deposit(3, QUOTE, 10_000),
        gtc(1, 1, 1, 100, 10),
        gtc(2, 1, 1, 100, 10),
        gtc(3, 1, 0, 100, 15),
    ];
    let run = agree(&inputs);
    assert_eq!(
        run.events[5],
        vec![
            accepted(id(3, 1), Side::Buy, 100, 15),
            Trade { maker_order: id(1, 1), taker_order: id(3, 1), price: 100, qty: 10, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(1, 1) },
            Trade { maker_order: id(2, 1), taker_order: id(3, 1), price: 100, qty: 5, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(3, 1) },
        ]
    );
    assert_eq!(run.balance(2, BASE1), (0, 5));
}

#[test]
fn every_reachable_rejection_reason() {
    let inputs = [
        deposit(1, QUOTE, 2_000),
        deposit(1, BASE1, 100),
        gtc(1, 2, 0, 100, 1),                                        // BadMarket
        gtc(256, 1, 0, 100, 1),                                      // BadAccount
        deposit(1, 4, 1),                                            // BadAsset
        gtc(1, 1, 2, 100, 1),                                        // BadParameter: side
        limit(1, 1, 0, 100, 1, 4, 0),                                // BadParameter: tif
        limit(1, 1, 0, 100, 1, 0, 3),                                // BadParameter: stp
        gtc(1, 1, 0, 0, 1),                                          // TickViolation: 0
        gtc(1, 1, 0, 1 << 24, 1),                                    // TickViolation: 2^24
        gtc(1, 0, 0, 7, 10),                                         // TickViolation: off the grid of 5
        gtc(1, 1, 0, 100, 0),                                        // LotViolation: 0
        gtc(1, 0, 0, 100, 15),                                       // LotViolation: off the lot of 10
        gtc(1, 1, 0, 100, 21),                                       // InsufficientBalance: 2100 quote
        Input::Withdraw { account: 1, asset: QUOTE, amount: 2_001 }, // InsufficientBalance
        gtc(1, 1, 1, 100, 10),                                       // order 1 rests (ask at 100)
        limit(1, 1, 0, 100, 1, 3, 0),                                // PostOnlyWouldCross
        limit(1, 1, 0, 100, 11, 2, 0),                               // FokNotFillable: 10 < 11
        Input::Cancel { account: 1, order: id(2, 1) },               // UnknownOrder: never assigned
        Input::Cancel { account: 1, order: 1 << 20 },                // UnknownOrder: slot 0
        Input::Cancel { account: 2, order: id(1, 1) },               // NotOwner
        Input::Cancel { account: 300, order: id(1, 1) },             // BadAccount
        Input::Amend { account: 1, order: id(1, 1), qty: 0 },        // BadAmend
        Input::Amend { account: 1, order: id(1, 1), qty: 10 },       // BadAmend: not below remaining
        Input::Amend { account: 2, order: id(1, 1), qty: 5 },        // NotOwner
        Input::Amend { account: 1, order: 7, qty: 5 },               // UnknownOrder: generation 0
    ];
    let run = agree(&inputs);
    let expect = [
        (2, Reason::BadMarket),
        (3, Reason::BadAccount),
        (4, Reason::BadAsset),
        (5, Reason::BadParameter),
        (6, Reason::BadParameter),
        (7, Reason::BadParameter),
        (8, Reason::TickViolation),
        (9, Reason::TickViolation),
        (10, Reason::TickViolation),
        (11, Reason::LotViolation),
        (12, Reason::LotViolation),
        (13, Reason::InsufficientBalance),
        (14, Reason::InsufficientBalance),
        (16, Reason::PostOnlyWouldCross),
        (17, Reason::FokNotFillable),
        (18, Reason::UnknownOrder),
        (19, Reason::UnknownOrder),
        (20, Reason::NotOwner),
        (21, Reason::BadAccount),
        (22, Reason::BadAmend),
        (23, Reason::BadAmend),
        (24, Reason::NotOwner),
        (25, Reason::UnknownOrder),
    ];
    for (seq, reason) in expect {
        assert_eq!(run.events[seq], rejected(reason), "input #{seq} {:?}", inputs[seq]);
    }
    // Rejections change nothing: only order 1's lock.
    assert_eq!(run.balance(1, QUOTE), (2_000, 0));
    assert_eq!(run.balance(1, BASE1), (90, 10));
}

#[test]
fn an_off_lot_amend_and_a_below_minimum_order_on_market_0() {
    // Market 0's minimum (10) is one lot: a quantity on the lot grid is never below it, so
    // `BelowMinimum` cannot be the first failure with this market table; 5 is a lot violation.
    let inputs = [
        deposit(1, BASE0, 100),
        gtc(1, 0, 1, 100, 30),
        gtc(1, 0, 1, 100, 5),
        Input::Amend { account: 1, order: id(1, 1), qty: 15 },
    ];
    let run = agree(&inputs);
    assert_eq!(run.events[2], rejected(Reason::LotViolation));
    assert_eq!(run.events[3], rejected(Reason::BadAmend));
}

#[test]
fn the_book_is_full_when_no_slot_is_free_or_the_top_slot_is_at_its_last_generation() {
    let memory = genesis_with(&[(1, QUOTE, 1_000)]).expect("genesis");
    // No free slot.
    let mut empty = memory.clone();
    edit(&mut empty, layout::COUNTERS, |c: Counters<u64>| Counters { free_slot: 0, ..c });
    let (events, _) = run_from(&empty, &[gtc(1, 1, 0, 10, 1)]);
    assert_eq!(events[0], rejected(Reason::BookFull));
    // Slot 1, on top, at its last generation.
    let mut worn = memory.clone();
    edit(&mut worn, layout::ORDERS + 1, |o: Order<u64>| Order { generation: MAX_GENERATION, ..o });
    let (events, _) = run_from(&worn, &[gtc(1, 1, 0, 10, 1)]);
    assert_eq!(events[0], rejected(Reason::BookFull));
    // One generation before: the last id of slot 1, the largest id there is but for its slot.
    let mut old = memory;
    edit(&mut old, layout::ORDERS + 1, |o: Order<u64>| Order { generation: MAX_GENERATION - 1, ..o });
    let inputs = [gtc(1, 1, 0, 10, 1), Input::Cancel { account: 1, order: id(1, MAX_GENERATION) }, gtc(1, 1, 0, 10, 1)];
    let (events, _) = run_from(&old, &inputs);
    let last = id(1, MAX_GENERATION);
    assert_eq!(events[0], vec![accepted(last, Side::Buy, 10, 1), Rested { order: last, remaining: 1 }]);
    assert_eq!(events[1], vec![Cancelled { order: last, remaining: 1 }]);
    // Slot 1 is back on top, worn out: nothing more is accepted.
    assert_eq!(events[2], rejected(Reason::BookFull));
}

#[test]
fn without_a_level_record_the_remainder_is_cancelled_after_its_trades() {
    let mut memory = genesis_with(&[(1, BASE1, 100), (2, QUOTE, 10_000)]).expect("genesis");
    // One level record left (the last, whose `next` is 0).
    edit(&mut memory, layout::COUNTERS, |c: Counters<u64>| Counters { free_level: layout::LEVEL_RECORDS - 1, ..c });
    let inputs = [
        gtc(1, 1, 1, 100, 10), // takes the record
        gtc(2, 1, 0, 99, 5),   // no record: cancelled, its slot pushed back
        gtc(2, 1, 0, 101, 15), // empties the ask's level, then rests on the record it freed
        gtc(2, 1, 0, 98, 5),   // no record again
    ];
    let (events, memory) = run_from(&memory, &inputs);
    assert_eq!(events[0], vec![accepted(id(1, 1), Side::Sell, 100, 10), Rested { order: id(1, 1), remaining: 10 }]);
    assert_eq!(events[1], vec![accepted(id(2, 1), Side::Buy, 99, 5), Cancelled { order: id(2, 1), remaining: 5 }]);
    assert_eq!(
        events[2],
        vec![
            accepted(id(2, 2), Side::Buy, 101, 15),
            Trade { maker_order: id(1, 1), taker_order: id(2, 2), price: 100, qty: 10, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(1, 1) },
            Rested { order: id(2, 2), remaining: 5 },
        ]
    );
    assert_eq!(events[3], vec![accepted(id(1, 2), Side::Buy, 98, 5), Cancelled { order: id(1, 2), remaining: 5 }]);
    // The buyer paid 1000 for 10 (its 10 bps fee rounds down to 0) and has 505 locked.
    assert_eq!(balance_of(&memory, 2, QUOTE), Some((10_000 - 1_000 - 505, 505)));
    assert_eq!(balance_of(&memory, 2, BASE1), Some((10, 0)));
}

#[test]
fn a_deposit_that_would_reach_2_60_overflows() {
    let memory = genesis_with(&[(1, QUOTE, (1 << 60) - 10)]).expect("genesis");
    let inputs = [deposit(1, QUOTE, 9), deposit(1, QUOTE, 1)];
    let (events, memory) = run_from(&memory, &inputs);
    assert_eq!(events[0], vec![Ok]);
    assert_eq!(events[1], rejected(Reason::Overflow));
    assert_eq!(balance_of(&memory, 1, QUOTE), Some(((1 << 60) - 1, 0)));
}

#[test]
fn self_trade_prevention_modes() {
    let setup =
        || vec![deposit(1, BASE1, 100), deposit(1, QUOTE, 10_000), gtc(1, 1, 1, 100, 10), gtc(1, 1, 1, 100, 10)];
    // 0: cancel resting: both own asks go, the taker rests.
    let mut inputs = setup();
    inputs.push(limit(1, 1, 0, 100, 15, 0, 0));
    let run = agree(&inputs);
    assert_eq!(
        run.events[4],
        vec![
            accepted(id(3, 1), Side::Buy, 100, 15),
            StpCancelled { order: id(1, 1), remaining: 10 },
            StpCancelled { order: id(2, 1), remaining: 10 },
            Rested { order: id(3, 1), remaining: 15 },
        ]
    );
    assert_eq!(run.balance(1, BASE1), (100, 0));
    // 1: cancel taker: the asks stay.
    let mut inputs = setup();
    inputs.push(limit(1, 1, 0, 100, 15, 0, 1));
    let run = agree(&inputs);
    assert_eq!(
        run.events[4],
        vec![accepted(id(3, 1), Side::Buy, 100, 15), StpCancelled { order: id(3, 1), remaining: 15 }]
    );
    assert_eq!(run.balance(1, QUOTE), (10_000, 0));
    assert_eq!(run.balance(1, BASE1), (80, 20));
    // 2: cancel both: the first ask and the taker.
    let mut inputs = setup();
    inputs.push(limit(1, 1, 0, 100, 15, 0, 2));
    let run = agree(&inputs);
    assert_eq!(
        run.events[4],
        vec![
            accepted(id(3, 1), Side::Buy, 100, 15),
            StpCancelled { order: id(1, 1), remaining: 10 },
            StpCancelled { order: id(3, 1), remaining: 15 },
        ]
    );
    assert_eq!(run.balance(1, BASE1), (90, 10));
}

#[test]
fn ioc_fok_post_only_and_market_orders() {
    let inputs = [
        deposit(1, BASE1, 100),
        deposit(2, QUOTE, 100_000),
        gtc(1, 1, 1, 100, 10),
        gtc(1, 1, 1, 101, 10),
        limit(2, 1, 0, 99, 5, 1, 0),   // IOC that does not cross
        limit(2, 1, 0, 101, 25, 1, 0), // IOC: fills 20, cancels 5
        gtc(1, 1, 1, 100, 10),
        limit(2, 1, 0, 100, 10, 2, 0), // FOK, exactly fillable
        gtc(1, 1, 1, 105, 10),
        limit(2, 1, 0, 104, 10, 3, 0), // PostOnly below the ask: rests
        Input::PlaceMarket { account: 2, market: 1, side: 0, qty: 20, worst_price: 200, stp: 0 },
    ];
    let run = agree(&inputs);
    // Slots: the asks take 1 and 2; the IOC takes 3 and gives it back at once, so the next order
    // takes 3 again, one generation on; every order that ends pushes its slot on top.
    assert_eq!(run.events[4], vec![accepted(id(3, 1), Side::Buy, 99, 5), Cancelled { order: id(3, 1), remaining: 5 }]);
    assert_eq!(run.events[5].first(), Some(&accepted(id(3, 2), Side::Buy, 101, 25)));
    // Its makers were filled (slots 1, then 2, pushed), then it was cancelled (3 pushed).
    assert_eq!(run.events[5].last(), Some(&Cancelled { order: id(3, 2), remaining: 5 }));
    assert_eq!(run.events[6], vec![accepted(id(3, 3), Side::Sell, 100, 10), Rested { order: id(3, 3), remaining: 10 }]);
    assert_eq!(run.events[7].first(), Some(&accepted(id(2, 2), Side::Buy, 100, 10)));
    assert_eq!(run.events[7].last(), Some(&Filled { order: id(2, 2) }));
    assert_eq!(run.events[8].first(), Some(&accepted(id(2, 3), Side::Sell, 105, 10)));
    assert_eq!(run.events[9], vec![accepted(id(3, 4), Side::Buy, 104, 10), Rested { order: id(3, 4), remaining: 10 }]);
    assert_eq!(
        run.events[10],
        vec![
            accepted(id(1, 2), Side::Buy, 200, 20),
            Trade { maker_order: id(2, 3), taker_order: id(1, 2), price: 105, qty: 10, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(2, 3) },
            Cancelled { order: id(1, 2), remaining: 10 },
        ]
    );
}

#[test]
fn cancels_unlink_orders_and_levels_and_amends_keep_priority() {
    let inputs = [
        deposit(1, BASE1, 1_000),
        deposit(2, BASE1, 1_000),
        deposit(3, QUOTE, 1_000_000),
        gtc(1, 1, 1, 100, 10),                         // slot 1: head of 100
        gtc(2, 1, 1, 100, 10),                         // slot 2: middle
        gtc(1, 1, 1, 100, 10),                         // slot 3: tail
        gtc(2, 1, 1, 101, 10),                         // slot 4: alone at 101
        gtc(1, 1, 1, 102, 10),                         // slot 5: alone at 102
        Input::Cancel { account: 2, order: id(2, 1) }, // middle
        Input::Cancel { account: 2, order: id(4, 1) }, // empties a non-best level
        Input::Amend { account: 1, order: id(3, 1), qty: 4 },
        Input::Cancel { account: 1, order: id(1, 1) }, // head; free slots now 1, 4, 2, 6, …
        // Now 100: [3 (4)], 102: [5]. Buy 10 up to 102: 4 from 3, then 6 from 5.
        gtc(3, 1, 0, 102, 10),
        Input::Cancel { account: 1, order: id(5, 1) }, // empties the best level
        gtc(3, 1, 0, 102, 1),                          // rests in slot 5: nothing left to cross
        Input::Cancel { account: 1, order: id(5, 1) }, // gone: slot 5 holds generation 2 now
    ];
    let run = agree(&inputs);
    assert_eq!(run.events[8], vec![Cancelled { order: id(2, 1), remaining: 10 }]);
    assert_eq!(run.events[9], vec![Cancelled { order: id(4, 1), remaining: 10 }]);
    assert_eq!(run.events[10], vec![Amended { order: id(3, 1), qty: 4 }]);
    assert_eq!(run.events[11], vec![Cancelled { order: id(1, 1), remaining: 10 }]);
    assert_eq!(
        run.events[12],
        vec![
            accepted(id(1, 2), Side::Buy, 102, 10),
            Trade { maker_order: id(3, 1), taker_order: id(1, 2), price: 100, qty: 4, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(3, 1) },
            Trade { maker_order: id(5, 1), taker_order: id(1, 2), price: 102, qty: 6, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(1, 2) },
        ]
    );
    assert_eq!(run.events[13], vec![Cancelled { order: id(5, 1), remaining: 4 }]);
    assert_eq!(run.events[14], vec![accepted(id(5, 2), Side::Buy, 102, 1), Rested { order: id(5, 2), remaining: 1 }]);
    assert_eq!(run.events[15], rejected(Reason::UnknownOrder));
    assert_eq!(run.balance(1, BASE1), (1_000 - 10, 0));
    assert_eq!(run.balance(2, BASE1), (1_000, 0));
}

/// Edits the record in the word at `addr` (a state the stream would take too long to reach).
fn edit<R: Record<u64>>(memory: &mut Memory, addr: u64, f: impl FnOnce(R) -> R) {
    let record = f(crate::vm_support::word(memory, addr));
    let mut values = memory.values().to_vec();
    for (lane, value) in record.into_lanes().into_iter().enumerate() {
        values[addr as usize * WORD + lane] = F::from_u64(value);
    }
    *memory = Memory::words(WORD, values);
}

#[test]
fn a_taker_that_does_not_rest_gives_its_slot_to_the_next_order() {
    let inputs = [
        deposit(1, BASE1, 100),
        deposit(2, QUOTE, 100_000),
        gtc(1, 1, 1, 100, 10),                         // slot 1
        limit(2, 1, 0, 100, 4, 1, 0),                  // slot 2, generation 1: fills, does not rest
        gtc(2, 1, 0, 90, 1),                           // slot 2 again, generation 2
        limit(2, 1, 0, 100, 6, 1, 0),                  // slot 3: fills the rest of slot 1's order
        gtc(2, 1, 0, 90, 1),                           // slot 3 (the taker's, pushed last), generation 2
        gtc(2, 1, 0, 90, 1),                           // slot 1 (the maker's, pushed before), generation 2
        Input::Cancel { account: 2, order: id(2, 1) }, // ended long ago: unknown
        Input::Cancel { account: 2, order: id(2, 2) },
        gtc(2, 1, 0, 90, 1), // slot 2, generation 3
    ];
    let run = agree(&inputs);
    assert_eq!(run.events[3].last(), Some(&Filled { order: id(2, 1) }));
    assert_eq!(run.events[4].first(), Some(&accepted(id(2, 2), Side::Buy, 90, 1)));
    assert_eq!(
        run.events[5][1..],
        [
            Trade { maker_order: id(1, 1), taker_order: id(3, 1), price: 100, qty: 6, maker_fee: 0, taker_fee: 0 },
            Filled { order: id(1, 1) },
            Filled { order: id(3, 1) },
        ]
    );
    assert_eq!(run.events[6].first(), Some(&accepted(id(3, 2), Side::Buy, 90, 1)));
    assert_eq!(run.events[7].first(), Some(&accepted(id(1, 2), Side::Buy, 90, 1)));
    assert_eq!(run.events[8], rejected(Reason::UnknownOrder));
    assert_eq!(run.events[9], vec![Cancelled { order: id(2, 2), remaining: 1 }]);
    assert_eq!(run.events[10].first(), Some(&accepted(id(2, 3), Side::Buy, 90, 1)));
}

/// Each round opens a level and empties it, so level records are reused far beyond their
/// number, and the same few slots go round many times; bids resting for a while and cancelled
/// later keep both free lists from being trivial.
#[test]
fn slots_and_level_records_are_reused_far_beyond_their_number() {
    const ROUNDS: u32 = 2 * MAX_LEVELS + 500;
    let mut inputs = vec![deposit(1, BASE1, 1 << 30), deposit(2, QUOTE, 1 << 31), deposit(3, QUOTE, 1 << 31)];
    let mut shadow = appvm_orderbook::reference::Engine::new();
    for input in &inputs {
        shadow.apply(input);
    }
    let mut resting_bids = std::collections::VecDeque::new();
    let mut step = |input: Input, inputs: &mut Vec<Input>| {
        inputs.push(input);
        shadow.apply(&input)
    };
    for round in 0..ROUNDS {
        // An ask at a price no level has: a new level record.
        let price = 1_000 + round % 700;
        step(gtc(1, 1, 1, price, 10), &mut inputs);
        // An IOC buy that fills it, empties the level and does not rest.
        let events = step(limit(2, 1, 0, price, 10, 1, 0), &mut inputs);
        assert_eq!(events.len(), 4, "round {round}: {events:?}");
        // A bid far below, cancelled 40 rounds later (a level of its own, most of the time).
        let events = step(gtc(3, 1, 0, 1 + round % 300, 1), &mut inputs);
        if let Some(Rested { order, .. }) = events.last() {
            resting_bids.push_back(*order);
        }
        if resting_bids.len() > 40 {
            let order = resting_bids.pop_front().expect("non-empty");
            let events = step(Input::Cancel { account: 3, order }, &mut inputs);
            assert!(matches!(events[..], [Cancelled { .. }]), "round {round}: {events:?}");
        }
    }
    let run = agree(&inputs);
    let ids: Vec<OrderId> = run
        .events
        .iter()
        .flatten()
        .filter_map(|e| match *e {
            Accepted { order, .. } => Some(order),
            _ => None,
        })
        .collect();
    let slots: std::collections::BTreeSet<u64> = ids.iter().map(|&id| order_slot(id)).collect();
    assert_eq!(ids.len(), 3 * ROUNDS as usize);
    assert!(slots.len() < 50, "{} slots for {} orders", slots.len(), ids.len());
}

/// With every slot holding a resting order, a new order is `BookFull`; a cancel frees one slot,
/// which the next order takes one generation on.
#[test]
fn the_book_is_full_when_every_slot_holds_a_resting_order() {
    let mut inputs = vec![deposit(1, BASE1, 1 << 20), deposit(2, BASE1, 10)];
    // Asks of one unit, 17 to a level (4095 level records would not hold 16 to a level), placed
    // best first so that each finds its place at the top of the book.
    let per_level = MAX_ORDERS.div_ceil(u64::from(MAX_LEVELS));
    assert!(per_level <= 17);
    for n in 0..MAX_ORDERS {
        let price = 2_000_000 - (n / 17) as u32;
        inputs.push(gtc(1, 1, 1, price, 1));
    }
    let last = inputs.len();
    inputs.extend([
        gtc(2, 1, 1, 3_000_000, 1),
        Input::Cancel { account: 1, order: id(1_000, 1) },
        gtc(2, 1, 1, 3_000_000, 1),
        gtc(2, 1, 1, 3_000_000, 1),
    ]);
    let run = agree(&inputs);
    assert_eq!(run.events[last - 1].last(), Some(&Rested { order: id(MAX_ORDERS, 1), remaining: 1 }));
    assert_eq!(run.events[last], rejected(Reason::BookFull));
    assert_eq!(run.events[last + 1], vec![Cancelled { order: id(1_000, 1), remaining: 1 }]);
    assert_eq!(run.events[last + 2].first(), Some(&accepted(id(1_000, 2), Side::Sell, 3_000_000, 1)));
    assert_eq!(run.events[last + 3], rejected(Reason::BookFull));
}

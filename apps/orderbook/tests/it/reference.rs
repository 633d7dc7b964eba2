//! The reference engine against hand-computed scenarios, one group per rule of
//! `docs/orderbook.md`, and property tests that generated streams never panic and keep every
//! invariant.

use appvm_orderbook::reference::Engine;
use appvm_orderbook::types::{
    order_generation, order_id, order_slot, Event, EventKind, Input, MarketConfig, OrderId, Reason, RecordError, Side,
    Stp, Tif, FEE_ACCOUNT, MARKET_TABLE, MAX_GENERATION, MAX_LEVELS, MAX_ORDERS, ORDER_ID_BOUND, PRICE_BOUND, SLOTS,
};
use appvm_orderbook::workload::{adversarial, mixed};
use proptest::prelude::*;

mod cancel_amend;
mod fees;
mod funds;
mod ids;
mod matching;
mod stp;
mod validation;
mod workloads;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const M0: u32 = 0;
const M1: u32 = 1;
const BUY: u32 = 0;
const SELL: u32 = 1;
/// Market 0 trades asset 0 for asset 1; market 1 trades asset 2 for asset 1.
const BASE0: u32 = 0;
const QUOTE: u32 = 1;
const BASE1: u32 = 2;
const FUNDS: u32 = 1_000_000_000;

fn limit(account: u32, market: u32, side: u32, price: u32, qty: u32, tif: Tif, stp: Stp) -> Input {
    Input::PlaceLimit { account, market, side, price, qty, tif: tif.code(), stp: stp.code() }
}

fn gtc(account: u32, market: u32, side: u32, price: u32, qty: u32) -> Input {
    limit(account, market, side, price, qty, Tif::Gtc, Stp::CancelResting)
}

fn ioc(account: u32, market: u32, side: u32, price: u32, qty: u32) -> Input {
    limit(account, market, side, price, qty, Tif::Ioc, Stp::CancelResting)
}

fn deposit(account: u32, asset: u32, amount: u32) -> Input {
    Input::Deposit { account, asset, amount }
}

/// Applies `input`, checks every invariant, and checks that a rejection changed nothing.
fn step(engine: &mut Engine, input: Input) -> Vec<Event> {
    let before = engine.clone();
    let events = engine.apply(&input);
    if let Err(violation) = engine.check_invariants() {
        panic!("after {input:?} -> {events:?}: {violation}");
    }
    if matches!(events.first(), Some(Event::Rejected { .. })) {
        assert_eq!(events.len(), 1, "a rejection is the only event: {events:?}");
        assert!(before == *engine, "rejected {input:?} changed the state");
    }
    events
}

/// Panics with the violation if an invariant does not hold.
fn assert_invariants(e: &Engine) {
    if let Err(violation) = e.check_invariants() {
        panic!("invariant violated: {violation}");
    }
}

fn rejected(reason: Reason) -> Vec<Event> {
    vec![Event::Rejected { reason }]
}

/// Accounts 1..=4 hold `FUNDS` of assets 0, 1 and 2.
fn funded() -> Engine {
    let mut e = Engine::new();
    for account in 1..=4 {
        for asset in [BASE0, QUOTE, BASE1] {
            assert_eq!(step(&mut e, deposit(account, asset, FUNDS)), vec![Event::Ok]);
        }
    }
    e
}

fn available(e: &Engine, account: u32, asset: u32) -> u64 {
    e.balance(account, asset).map(|b| b.available).unwrap_or_default()
}

fn locked(e: &Engine, account: u32, asset: u32) -> u64 {
    e.balance(account, asset).map(|b| b.locked).unwrap_or_default()
}

/// The id of the first order a slot holds (generation 1). In a fresh engine whose orders have not
/// ended yet, the `n`th accepted order is `first(n)`: the free list hands out slots 1, 2, 3, …
const fn first(slot: u64) -> OrderId {
    order_id(slot, 1)
}

fn accepted(order: OrderId, side: Side, price: u32, qty: u32) -> Event {
    Event::Accepted { order, side, price, qty }
}

fn trade(maker_order: OrderId, taker_order: OrderId, price: u32, qty: u32, maker_fee: u64, taker_fee: u64) -> Event {
    Event::Trade { maker_order, taker_order, price, qty, maker_fee, taker_fee }
}

/// The id an `Accepted` event among `events` gave, if any.
fn accepted_id(events: &[Event]) -> Option<OrderId> {
    events.iter().find_map(|e| match e {
        Event::Accepted { order, .. } => Some(*order),
        _ => None,
    })
}

/// (price, [(order, remaining)]) per level, best first.
fn levels(e: &Engine, market: u32, side: Side) -> Vec<(u32, Vec<(OrderId, u32)>)> {
    let book = e.book(market, side).expect("market exists");
    book.levels()
        .map(|(price, queue)| {
            let orders = queue.iter().map(|&id| (id, e.order(id).map_or(0, |o| o.remaining))).collect();
            (price, orders)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

#[test]
fn market_table_is_the_spec_table() {
    let m0 = MarketConfig { base: 0, quote: 1, tick: 5, lot: 10, min_qty: 10, maker_fee_bps: 2, taker_fee_bps: 5 };
    let m1 = MarketConfig { base: 2, quote: 1, tick: 1, lot: 1, min_qty: 1, maker_fee_bps: 0, taker_fee_bps: 10 };
    assert_eq!(MARKET_TABLE, [m0, m1]);
    assert_eq!(MarketConfig::get(2), None);
    assert_eq!((MAX_LEVELS, PRICE_BOUND, FEE_ACCOUNT), (4095, 1 << 24, 0));
    assert_eq!((SLOTS, MAX_ORDERS, MAX_GENERATION, ORDER_ID_BOUND), (65_536, 65_535, (1 << 47) - 1, 1 << 63));
}

#[test]
fn order_ids_are_slot_plus_slots_times_generation() {
    assert_eq!(order_id(1, 1), 65_537);
    assert_eq!(order_id(7, 3), 7 + 3 * 65_536);
    // The largest id: the last slot at the last generation, just below 2^63.
    assert_eq!(order_id(SLOTS - 1, MAX_GENERATION), ORDER_ID_BOUND - 1);
    for id in [0, 1, SLOTS, order_id(SLOTS - 1, 2), ORDER_ID_BOUND - 1] {
        assert_eq!(order_id(order_slot(id), order_generation(id)), id);
        assert!(order_slot(id) < SLOTS);
    }
}

#[test]
fn code_enums_convert_checked() {
    assert_eq!(Side::try_from(1), Ok(Side::Sell));
    assert!(Side::try_from(2).is_err());
    assert_eq!(Tif::try_from(3), Ok(Tif::PostOnly));
    assert!(Tif::try_from(4).is_err());
    assert_eq!(Stp::try_from(2), Ok(Stp::CancelBoth));
    assert!(Stp::try_from(3).is_err());
    for (i, reason) in Reason::ALL.iter().enumerate() {
        assert_eq!(reason.code() as usize, i + 1);
        assert_eq!(Reason::try_from(reason.code()), Ok(*reason));
    }
    assert!(Reason::try_from(0).is_err() && Reason::try_from(16).is_err());
}

#[test]
fn records_round_trip_and_malformed_records_are_refused() {
    let events = [
        Event::Ok,
        Event::Rejected { reason: Reason::Overflow },
        accepted(7, Side::Sell, 16_777_215, u32::MAX),
        trade(1, 2, 3, 4, 1 << 50, 6),
        Event::Filled { order: ORDER_ID_BOUND - 1 },
        Event::Cancelled { order: 9, remaining: 10 },
        Event::StpCancelled { order: 9, remaining: 11 },
        Event::Rested { order: 9, remaining: 12 },
        Event::Amended { order: 9, qty: 13 },
    ];
    for (kind, event) in events.iter().enumerate() {
        let record = event.to_record();
        assert_eq!(record[0], kind as u64);
        assert_eq!(Event::from_record(&record), Ok(*event));
    }
    assert_eq!(trade(1, 2, 3, 4, 5, 6).to_record(), [3, 1, 2, 3, 4, 5, 6]);
    assert_eq!(accepted(7, Side::Sell, 100, 20).to_record(), [2, 7, 1, 100, 20, 0, 0]);

    assert!(matches!(Event::from_record(&[9, 0, 0, 0, 0, 0, 0]), Err(RecordError::InvalidCode(_))));
    assert!(matches!(Event::from_record(&[1, 16, 0, 0, 0, 0, 0]), Err(RecordError::InvalidCode(_))));
    assert!(matches!(Event::from_record(&[2, 1, 2, 5, 5, 0, 0]), Err(RecordError::InvalidCode(_))));
    assert_eq!(
        Event::from_record(&[4, 1, 0, 0, 0, 0, 1]),
        Err(RecordError::UnusedFieldSet { kind: EventKind::Filled, field: 6, value: 1 })
    );
    // Order ids are u64 below 2^63; the other fields u32.
    assert_eq!(Event::from_record(&[5, 1 << 32, 3, 0, 0, 0, 0]), Ok(Event::Cancelled { order: 1 << 32, remaining: 3 }));
    assert_eq!(
        Event::from_record(&[5, 1, 1 << 32, 0, 0, 0, 0]),
        Err(RecordError::FieldTooWide { kind: EventKind::Cancelled, field: 2, value: 1 << 32 })
    );
    assert_eq!(
        Event::from_record(&[5, 1 << 63, 0, 0, 0, 0, 0]),
        Err(RecordError::FieldTooWide { kind: EventKind::Cancelled, field: 1, value: 1 << 63 })
    );
    assert_eq!(
        Event::from_record(&[3, 1, u64::MAX, 1, 1, 0, 0]),
        Err(RecordError::FieldTooWide { kind: EventKind::Trade, field: 2, value: u64::MAX })
    );
    assert_eq!(
        Event::from_record(&[2, ORDER_ID_BOUND - 1, 0, 1, 1 << 32, 0, 0]),
        Err(RecordError::FieldTooWide { kind: EventKind::Accepted, field: 4, value: 1 << 32 })
    );
}

#[test]
fn inputs_and_events_serialize() -> Result<(), serde_json::Error> {
    let inputs = adversarial(9, 300);
    let json = serde_json::to_string(&inputs)?;
    assert_eq!(serde_json::from_str::<Vec<Input>>(&json)?, inputs);
    let event = trade(1, 2, 3, 4, 5, 6);
    assert_eq!(serde_json::from_str::<Event>(&serde_json::to_string(&event)?)?, event);
    Ok(())
}

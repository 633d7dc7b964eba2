//! Validation of new orders, in the order of the rejection table, and the capacity limits.

use super::*;

#[test]
fn place_rejections_in_table_order() {
    let mut e = funded();
    let mut lim = |account, market, side, price, qty, tif, stp| {
        step(&mut e, Input::PlaceLimit { account, market, side, price, qty, tif, stp })
    };
    // Every operand wrong: the market is checked first, then the account, then the codes.
    assert_eq!(lim(999, 2, 9, 0, 0, 9, 9), rejected(Reason::BadMarket));
    assert_eq!(lim(256, 1, 9, 0, 0, 9, 9), rejected(Reason::BadAccount));
    assert_eq!(lim(1, 1, 2, 0, 0, 0, 0), rejected(Reason::BadParameter));
    assert_eq!(lim(1, 1, 0, 0, 0, 4, 0), rejected(Reason::BadParameter));
    assert_eq!(lim(1, 1, 0, 0, 0, 0, 3), rejected(Reason::BadParameter));
    assert_eq!(lim(1, 1, 0, 0, 0, 0, 0), rejected(Reason::TickViolation));
    assert_eq!(lim(1, 1, 0, PRICE_BOUND, 1, 0, 0), rejected(Reason::TickViolation));
    assert_eq!(lim(1, 0, 0, 1002, 10, 0, 0), rejected(Reason::TickViolation));
    assert_eq!(lim(1, 0, 0, 1000, 0, 0, 0), rejected(Reason::LotViolation));
    assert_eq!(lim(1, 0, 0, 1000, 15, 0, 0), rejected(Reason::LotViolation));
    assert_eq!(lim(1, 1, 0, 1, 0, 0, 0), rejected(Reason::LotViolation));
    // The largest valid price and quantity pass every check but the balance check.
    assert_eq!(lim(1, 1, 0, PRICE_BOUND - 1, u32::MAX, 0, 0), rejected(Reason::InsufficientBalance));
    assert_eq!(lim(1, 0, 1, PRICE_BOUND - 1, 4_294_967_290, 0, 0), rejected(Reason::InsufficientBalance));
    // Market orders validate `worst_price` as the price.
    let mut market = |account, side, qty, worst_price, stp| {
        step(&mut e, Input::PlaceMarket { account, market: M1, side, qty, worst_price, stp })
    };
    assert_eq!(market(1, 0, 1, 0, 0), rejected(Reason::TickViolation));
    assert_eq!(market(1, 0, 1, 1, 3), rejected(Reason::BadParameter));
    assert_eq!(market(1, 0, 0, 1, 0), rejected(Reason::LotViolation));
    assert_eq!(market(1, 0, 2, FUNDS / 2 + 1, 0), rejected(Reason::TickViolation));
    assert_eq!(market(1, 0, FUNDS / 1000 + 1, 1000, 0), rejected(Reason::InsufficientBalance));
    assert_eq!(market(1, 1, FUNDS + 1, 1, 0), rejected(Reason::InsufficientBalance));
    // Nothing was accepted: the next order still gets slot 1, generation 1.
    assert_eq!(e.next_order_id(), Some(first(1)));
    assert_eq!(e.accepted_orders(), 0);
}

/// With the spec's table `min qty = lot` in both markets, so every quantity that passes the lot
/// check also passes the minimum: `BelowMinimum` cannot be produced (see the spec's
/// clarifications). This test pins that down so a table change makes it visible.
#[test]
fn below_minimum_is_subsumed_by_the_lot_check_for_this_table() {
    for config in MARKET_TABLE {
        assert_eq!(config.min_qty, config.lot);
    }
}

#[test]
fn collateral_is_exactly_what_is_needed() {
    let mut e = Engine::new();
    step(&mut e, deposit(1, QUOTE, 1_000));
    step(&mut e, deposit(1, BASE0, 20));
    // A buy of 10 at 100 needs 1_000 quote; at 105, 1_050.
    assert_eq!(step(&mut e, gtc(1, M0, BUY, 105, 10)), rejected(Reason::InsufficientBalance));
    assert_eq!(step(&mut e, gtc(1, M0, BUY, 100, 10))[0], accepted(first(1), Side::Buy, 100, 10));
    assert_eq!((available(&e, 1, QUOTE), locked(&e, 1, QUOTE)), (0, 1_000));
    // A sell locks base quantity, whatever its price.
    assert_eq!(step(&mut e, gtc(1, M0, SELL, 500_000, 30)), rejected(Reason::InsufficientBalance));
    assert_eq!(step(&mut e, gtc(1, M0, SELL, 500_000, 20))[0], accepted(first(2), Side::Sell, 500_000, 20));
    assert_eq!((available(&e, 1, BASE0), locked(&e, 1, BASE0)), (0, 20));
}

/// Fills every slot with a resting order without checking invariants at each step (a clone of
/// the engine per step would be slow): account 1 bids 1 unit at prices 1..=16 on market 1,
/// round-robin. The order in slot `s` rests at price `(s - 1) % 16 + 1`.
fn full_book() -> Engine {
    let mut e = funded();
    for slot in 1..=MAX_ORDERS {
        let price = u32::try_from((slot - 1) % 16 + 1).unwrap_or(1);
        let events = e.apply(&gtc(1, M1, BUY, price, 1));
        assert_eq!(
            events,
            vec![accepted(first(slot), Side::Buy, price, 1), Event::Rested { order: first(slot), remaining: 1 }]
        );
    }
    assert_invariants(&e);
    assert_eq!((e.orders().count() as u64, e.free_slots(), e.live_levels()), (MAX_ORDERS, 0, 16));
    e
}

/// `BookFull` iff every slot holds a resting order (no order ids run out: an order that ends
/// returns its slot).
#[test]
fn book_full_when_every_slot_holds_a_resting_order() {
    let mut e = full_book();
    assert_eq!(e.next_order_id(), None);
    assert_eq!(step(&mut e, ioc(2, M1, SELL, 100, 1)), rejected(Reason::BookFull));
    // Even an order that would fill at once needs a slot first.
    assert_eq!(step(&mut e, ioc(2, M1, SELL, 16, 1)), rejected(Reason::BookFull));
    assert_eq!(
        step(&mut e, Input::PlaceMarket { account: 2, market: M1, side: SELL, qty: 1, worst_price: 1, stp: 0 }),
        rejected(Reason::BookFull)
    );
    // Earlier checks still come first, later ones after.
    assert_eq!(step(&mut e, ioc(2, M1, BUY, 0, 1)), rejected(Reason::TickViolation));
    assert_eq!(step(&mut e, ioc(2, M1, BUY, 1, FUNDS + 1)), rejected(Reason::InsufficientBalance));
    assert_eq!(step(&mut e, limit(2, M1, SELL, 16, 1, Tif::PostOnly, Stp::CancelResting)), rejected(Reason::BookFull));
    assert_eq!(step(&mut e, limit(2, M1, SELL, 16, 2, Tif::Fok, Stp::CancelResting)), rejected(Reason::BookFull));
    // Deposits, withdrawals, amends and cancels are unaffected; an amend frees nothing.
    assert_eq!(step(&mut e, deposit(1, QUOTE, 1)), vec![Event::Ok]);
    assert_eq!(step(&mut e, Input::Amend { account: 1, order: first(5), qty: 1 }), rejected(Reason::BadAmend));
    assert_eq!(step(&mut e, Input::Cancel { account: 1, order: order_id(5, 2) }), rejected(Reason::UnknownOrder));
    // A cancel frees its slot: the next order takes it with the next generation, and the book is
    // full again.
    assert_eq!(
        step(&mut e, Input::Cancel { account: 1, order: first(5) }),
        vec![Event::Cancelled { order: first(5), remaining: 1 }]
    );
    assert_eq!(e.next_order_id(), Some(order_id(5, 2)));
    assert_eq!(
        step(&mut e, ioc(2, M1, SELL, 16, 1)),
        vec![
            accepted(order_id(5, 2), Side::Sell, 16, 1),
            trade(first(16), order_id(5, 2), 16, 1, 0, 0),
            Event::Filled { order: first(16) },
            Event::Filled { order: order_id(5, 2) },
        ]
    );
    // The filled maker's slot, then the taker's: two free slots, slot 5 on top.
    assert_eq!((e.free_slots(), e.next_order_id()), (2, Some(order_id(5, 3))));
    assert_eq!(step(&mut e, gtc(2, M1, SELL, 100, 1))[1], Event::Rested { order: order_id(5, 3), remaining: 1 });
    assert_eq!(step(&mut e, gtc(2, M1, SELL, 100, 1))[1], Event::Rested { order: order_id(16, 2), remaining: 1 });
    assert_eq!(step(&mut e, gtc(2, M1, SELL, 100, 1)), rejected(Reason::BookFull));
}

/// An order that does not rest returns its slot in the same input: a stream of IOC orders on an
/// empty book runs through one slot's generations, far past `MAX_ORDERS` orders, and never
/// meets `BookFull`.
#[test]
fn orders_that_end_return_their_slot_for_ever() {
    let mut e = funded();
    let count = 2 * SLOTS;
    for generation in 1..=count {
        let id = order_id(1, generation);
        let events = e.apply(&ioc(1, M1, BUY, 1, 1));
        assert_eq!(events, vec![accepted(id, Side::Buy, 1, 1), Event::Cancelled { order: id, remaining: 1 }]);
    }
    assert_invariants(&e);
    assert_eq!((e.accepted_orders(), e.slot_generation(1), e.slot_generation(2)), (count, Some(count), Some(0)));
    assert_eq!(e.free_slots(), MAX_ORDERS);
}

/// Level records: at most `MAX_LEVELS` levels live at once, across all markets and sides. A new
/// level needs a free record; when none is free the order does not rest: its remainder is
/// cancelled and its slot freed. A level that leaves the book frees its record at once, even
/// during the matching of the order that then needs one.
#[test]
fn level_records_run_out_and_are_reused() {
    let mut e = funded();
    // One order per price 1..=MAX_LEVELS uses every level record; the order at price `p` is in
    // slot `p`.
    for price in 1..=MAX_LEVELS {
        let events = e.apply(&gtc(1, M1, BUY, price, 1));
        assert_eq!(events[1], Event::Rested { order: first(price.into()), remaining: 1 });
    }
    assert_invariants(&e);
    assert_eq!(e.live_levels(), MAX_LEVELS);
    let next = u64::from(MAX_LEVELS) + 1;
    // A new price needs a new level: accepted, then the remainder is cancelled, not rested; the
    // slot goes back and the collateral is unlocked.
    let before = available(&e, 2, QUOTE);
    assert_eq!(
        step(&mut e, gtc(2, M1, BUY, MAX_LEVELS + 1, 3)),
        vec![
            accepted(first(next), Side::Buy, MAX_LEVELS + 1, 3),
            Event::Cancelled { order: first(next), remaining: 3 }
        ]
    );
    assert_eq!(available(&e, 2, QUOTE), before);
    assert_eq!(e.next_order_id(), Some(order_id(next, 2)));
    // One budget for the whole state: market 0 has no level, and cannot get one either.
    assert_eq!(
        step(&mut e, gtc(2, M0, SELL, 1_000, 10)),
        vec![
            accepted(order_id(next, 2), Side::Sell, 1_000, 10),
            Event::Cancelled { order: order_id(next, 2), remaining: 10 }
        ]
    );
    // An existing level still takes orders.
    let joined = order_id(next, 3);
    assert_eq!(step(&mut e, gtc(2, M1, BUY, MAX_LEVELS, 3))[1], Event::Rested { order: joined, remaining: 3 });
    // A sell through the level at MAX_LEVELS empties it; its record is free again before the
    // sell's remainder needs one for a new ask level, so the remainder rests.
    let sell = first(next + 1);
    assert_eq!(
        step(&mut e, gtc(3, M1, SELL, MAX_LEVELS, 5)),
        vec![
            accepted(sell, Side::Sell, MAX_LEVELS, 5),
            trade(first(MAX_LEVELS.into()), sell, MAX_LEVELS, 1, 0, 4),
            Event::Filled { order: first(MAX_LEVELS.into()) },
            trade(joined, sell, MAX_LEVELS, 3, 0, 12),
            Event::Filled { order: joined },
            Event::Rested { order: sell, remaining: 1 },
        ]
    );
    assert_eq!(e.live_levels(), MAX_LEVELS);
    // PostOnly orders fail to rest the same way (in slot `next`, freed last).
    assert_eq!(
        step(&mut e, limit(3, M1, SELL, 9_000, 2, Tif::PostOnly, Stp::CancelResting))[1],
        Event::Cancelled { order: order_id(next, 4), remaining: 2 }
    );
    // Emptying a level frees its record: a new level anywhere can take it.
    assert_eq!(
        step(&mut e, Input::Cancel { account: 1, order: first(1) })[0],
        Event::Cancelled { order: first(1), remaining: 1 }
    );
    assert_eq!(e.live_levels(), MAX_LEVELS - 1);
    assert_eq!(
        step(&mut e, gtc(2, M0, SELL, 1_000, 10)),
        vec![accepted(order_id(1, 2), Side::Sell, 1_000, 10), Event::Rested { order: order_id(1, 2), remaining: 10 }]
    );
    assert_eq!(e.live_levels(), MAX_LEVELS);
    assert_eq!(step(&mut e, gtc(2, M1, BUY, 1, 1))[1], Event::Cancelled { order: order_id(next, 5), remaining: 1 });
}

/// Far more levels than `MAX_LEVELS` are created over time when levels also leave the book: a
/// level opened and cancelled at a new price each time, `3 * MAX_LEVELS` times.
#[test]
fn level_records_are_reused_without_limit() {
    let mut e = funded();
    for i in 0..3 * MAX_LEVELS {
        let price = 100 + i;
        let id = order_id(1, u64::from(i) + 1);
        assert_eq!(
            e.apply(&gtc(1, M1, SELL, price, 1)),
            vec![accepted(id, Side::Sell, price, 1), Event::Rested { order: id, remaining: 1 }]
        );
        assert_eq!(e.live_levels(), 1);
        assert_eq!(
            e.apply(&Input::Cancel { account: 1, order: id }),
            vec![Event::Cancelled { order: id, remaining: 1 }]
        );
    }
    assert_invariants(&e);
    assert_eq!(e.live_levels(), 0);
}

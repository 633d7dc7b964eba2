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
    assert_eq!(e.next_order_id(), 1);
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
    assert_eq!(step(&mut e, gtc(1, M0, BUY, 100, 10))[0], accepted(1, Side::Buy, 100, 10));
    assert_eq!((available(&e, 1, QUOTE), locked(&e, 1, QUOTE)), (0, 1_000));
    // A sell locks base quantity, whatever its price.
    assert_eq!(step(&mut e, gtc(1, M0, SELL, 500_000, 30)), rejected(Reason::InsufficientBalance));
    assert_eq!(step(&mut e, gtc(1, M0, SELL, 500_000, 20))[0], accepted(2, Side::Sell, 500_000, 20));
    assert_eq!((available(&e, 1, BASE0), locked(&e, 1, BASE0)), (0, 20));
}

#[test]
fn order_ids_run_out_after_max_orders() {
    let mut e = funded();
    // IOC orders on an empty book are accepted (taking an id) and cancelled.
    for id in 1..=MAX_ORDERS {
        let events = e.apply(&ioc(1, M1, BUY, 1, 1));
        assert_eq!(events, vec![accepted(id, Side::Buy, 1, 1), Event::Cancelled { order: id, remaining: 1 }]);
    }
    assert_invariants(&e);
    assert_eq!(step(&mut e, ioc(1, M1, BUY, 1, 1)), rejected(Reason::BookFull));
    // Earlier checks still come first.
    assert_eq!(step(&mut e, ioc(1, M1, BUY, 0, 1)), rejected(Reason::TickViolation));
    assert_eq!(step(&mut e, ioc(1, M1, BUY, 1, FUNDS + 1)), rejected(Reason::InsufficientBalance));
    // Deposits, withdrawals and cancels are unaffected.
    assert_eq!(step(&mut e, deposit(1, QUOTE, 1)), vec![Event::Ok]);
    assert_eq!(step(&mut e, Input::Cancel { account: 1, order: MAX_ORDERS }), rejected(Reason::UnknownOrder));
}

#[test]
fn level_records_run_out_and_are_not_reused() {
    let mut e = funded();
    // One order per price 1..=MAX_LEVELS uses every level record.
    for price in 1..=MAX_LEVELS {
        let events = e.apply(&gtc(1, M1, BUY, price, 1));
        assert_eq!(events[1], Event::Rested { order: price, remaining: 1 });
    }
    assert_invariants(&e);
    assert_eq!(e.levels_created(), MAX_LEVELS);
    let next = MAX_LEVELS + 1;
    // A new price needs a new level: accepted, then the remainder is cancelled, not rested.
    let before = available(&e, 2, QUOTE);
    assert_eq!(
        step(&mut e, gtc(2, M1, BUY, MAX_LEVELS + 1, 3)),
        vec![accepted(next, Side::Buy, MAX_LEVELS + 1, 3), Event::Cancelled { order: next, remaining: 3 }]
    );
    assert_eq!(available(&e, 2, QUOTE), before);
    // An existing level still takes orders.
    assert_eq!(step(&mut e, gtc(2, M1, BUY, 7, 3))[1], Event::Rested { order: next + 1, remaining: 3 });
    // Emptying a level frees no record: the price now needs a new one.
    assert_eq!(step(&mut e, Input::Cancel { account: 1, order: 1 })[0], Event::Cancelled { order: 1, remaining: 1 });
    assert_eq!(step(&mut e, gtc(2, M1, BUY, 1, 1))[1], Event::Cancelled { order: next + 2, remaining: 1 });
    // Trades before the failed rest stand: a sell of 4 at 4095 takes one unit there, the rest
    // (3) would need a new ask level.
    assert_eq!(
        step(&mut e, gtc(3, M1, SELL, MAX_LEVELS, 4)),
        vec![
            accepted(next + 3, Side::Sell, MAX_LEVELS, 4),
            trade(MAX_LEVELS, next + 3, MAX_LEVELS, 1, 0, 4),
            Event::Filled { order: MAX_LEVELS },
            Event::Cancelled { order: next + 3, remaining: 3 },
        ]
    );
    // PostOnly orders fail to rest the same way.
    assert_eq!(
        step(&mut e, limit(3, M1, SELL, 9_000, 2, Tif::PostOnly, Stp::CancelResting))[1],
        Event::Cancelled { order: next + 4, remaining: 2 }
    );
}

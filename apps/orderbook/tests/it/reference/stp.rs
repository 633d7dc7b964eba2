//! Self-trade prevention under each mode, alone and after partial fills.

use super::*;

/// Account 1 rests 10 at 100 (`first(1)`), account 2 rests 5 at 100 behind it (`first(2)`); the
/// tests then have account 1 buy 10 at 100 (`first(3)`).
fn stp_setup() -> Engine {
    let mut e = funded();
    step(&mut e, gtc(1, M1, SELL, 100, 10));
    step(&mut e, gtc(2, M1, SELL, 100, 5));
    e
}

#[test]
fn stp_cancel_resting_removes_the_maker_and_continues() {
    let mut e = stp_setup();
    assert_eq!(
        step(&mut e, limit(1, M1, BUY, 100, 10, Tif::Gtc, Stp::CancelResting)),
        vec![
            accepted(first(3), Side::Buy, 100, 10),
            Event::StpCancelled { order: first(1), remaining: 10 },
            trade(first(2), first(3), 100, 5, 0, 0),
            Event::Filled { order: first(2) },
            Event::Rested { order: first(3), remaining: 5 },
        ]
    );
    assert_eq!((locked(&e, 1, BASE1), available(&e, 1, BASE1)), (0, u64::from(FUNDS) + 5));
    assert_eq!(locked(&e, 1, QUOTE), 500);
}

#[test]
fn stp_cancel_taker_ends_the_order() {
    let mut e = stp_setup();
    assert_eq!(
        step(&mut e, limit(1, M1, BUY, 100, 10, Tif::Gtc, Stp::CancelTaker)),
        vec![accepted(first(3), Side::Buy, 100, 10), Event::StpCancelled { order: first(3), remaining: 10 }]
    );
    assert_eq!(levels(&e, M1, Side::Sell), vec![(100, vec![(first(1), 10), (first(2), 5)])]);
    assert_eq!(e.next_order_id(), Some(order_id(3, 2)));
    assert_eq!((locked(&e, 1, QUOTE), available(&e, 1, QUOTE)), (0, u64::from(FUNDS)));
}

#[test]
fn stp_cancel_both() {
    let mut e = stp_setup();
    assert_eq!(
        step(&mut e, limit(1, M1, BUY, 100, 10, Tif::Ioc, Stp::CancelBoth)),
        vec![
            accepted(first(3), Side::Buy, 100, 10),
            Event::StpCancelled { order: first(1), remaining: 10 },
            Event::StpCancelled { order: first(3), remaining: 10 },
        ]
    );
    assert_eq!(levels(&e, M1, Side::Sell), vec![(100, vec![(first(2), 5)])]);
    // The maker's slot was pushed first, the taker's on top of it.
    assert_eq!(accepted_id(&step(&mut e, gtc(3, M1, BUY, 1, 1))), Some(order_id(3, 2)));
    assert_eq!(accepted_id(&step(&mut e, gtc(3, M1, BUY, 1, 1))), Some(order_id(1, 2)));
    assert_eq!((locked(&e, 1, QUOTE), locked(&e, 1, BASE1)), (0, 0));
}

#[test]
fn stp_after_partial_fills_cancels_only_the_remainder() {
    let mut e = funded();
    let [o1, o2, o3, o4] = [1, 2, 3, 4].map(first);
    step(&mut e, gtc(2, M0, BUY, 1_000, 30));
    step(&mut e, gtc(1, M0, BUY, 995, 20));
    step(&mut e, gtc(3, M0, BUY, 990, 20));
    let base_before = available(&e, 1, BASE0);
    assert_eq!(
        step(&mut e, limit(1, M0, SELL, 990, 60, Tif::Gtc, Stp::CancelTaker)),
        vec![
            accepted(o4, Side::Sell, 990, 60),
            trade(o1, o4, 1_000, 30, 0, 15),
            Event::Filled { order: o1 },
            Event::StpCancelled { order: o4, remaining: 30 },
        ]
    );
    assert_eq!(base_before - available(&e, 1, BASE0), 30);
    assert_eq!(levels(&e, M0, Side::Buy), vec![(995, vec![(o2, 20)]), (990, vec![(o3, 20)])]);
    // The FOK check counted own liquidity; STP then cancels the taker with the rest unfilled.
    // It reuses slot 4 (freed last).
    let fok = order_id(4, 2);
    assert_eq!(
        step(&mut e, limit(1, M0, SELL, 990, 30, Tif::Fok, Stp::CancelBoth)),
        vec![
            accepted(fok, Side::Sell, 990, 30),
            Event::StpCancelled { order: o2, remaining: 20 },
            Event::StpCancelled { order: fok, remaining: 30 },
        ]
    );
    // A market order under CancelResting sweeps through its own order (slot 4 again, then 2).
    let own = order_id(4, 3);
    assert_eq!(step(&mut e, gtc(1, M0, BUY, 990, 10))[1], Event::Rested { order: own, remaining: 10 });
    let market = order_id(2, 2);
    assert_eq!(
        step(&mut e, Input::PlaceMarket { account: 1, market: M0, side: SELL, qty: 40, worst_price: 5, stp: 0 }),
        vec![
            accepted(market, Side::Sell, 5, 40),
            trade(o3, market, 990, 20, 0, 9),
            Event::Filled { order: o3 },
            Event::StpCancelled { order: own, remaining: 10 },
            Event::Cancelled { order: market, remaining: 20 },
        ]
    );
}

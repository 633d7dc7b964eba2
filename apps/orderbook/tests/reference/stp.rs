//! Self-trade prevention under each mode, alone and after partial fills.

use super::*;

/// Account 1 rests 10 at 100, account 2 rests 5 at 100 behind it; account 1 buys 10 at 100.
fn stp_setup() -> Engine {
    let mut e = funded();
    step(&mut e, gtc(1, M1, SELL, 100, 10)); // 1
    step(&mut e, gtc(2, M1, SELL, 100, 5)); // 2
    e
}

#[test]
fn stp_cancel_resting_removes_the_maker_and_continues() {
    let mut e = stp_setup();
    assert_eq!(
        step(&mut e, limit(1, M1, BUY, 100, 10, Tif::Gtc, Stp::CancelResting)),
        vec![
            accepted(3, Side::Buy, 100, 10),
            Event::StpCancelled { order: 1, remaining: 10 },
            trade(2, 3, 100, 5, 0, 0),
            Event::Filled { order: 2 },
            Event::Rested { order: 3, remaining: 5 },
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
        vec![accepted(3, Side::Buy, 100, 10), Event::StpCancelled { order: 3, remaining: 10 }]
    );
    assert_eq!(levels(&e, M1, Side::Sell), vec![(100, vec![(1, 10), (2, 5)])]);
    assert_eq!((locked(&e, 1, QUOTE), available(&e, 1, QUOTE)), (0, u64::from(FUNDS)));
}

#[test]
fn stp_cancel_both() {
    let mut e = stp_setup();
    assert_eq!(
        step(&mut e, limit(1, M1, BUY, 100, 10, Tif::Ioc, Stp::CancelBoth)),
        vec![
            accepted(3, Side::Buy, 100, 10),
            Event::StpCancelled { order: 1, remaining: 10 },
            Event::StpCancelled { order: 3, remaining: 10 },
        ]
    );
    assert_eq!(levels(&e, M1, Side::Sell), vec![(100, vec![(2, 5)])]);
    assert_eq!((locked(&e, 1, QUOTE), locked(&e, 1, BASE1)), (0, 0));
}

#[test]
fn stp_after_partial_fills_cancels_only_the_remainder() {
    let mut e = funded();
    step(&mut e, gtc(2, M0, BUY, 1_000, 30)); // 1
    step(&mut e, gtc(1, M0, BUY, 995, 20)); // 2
    step(&mut e, gtc(3, M0, BUY, 990, 20)); // 3
    let base_before = available(&e, 1, BASE0);
    assert_eq!(
        step(&mut e, limit(1, M0, SELL, 990, 60, Tif::Gtc, Stp::CancelTaker)),
        vec![
            accepted(4, Side::Sell, 990, 60),
            trade(1, 4, 1_000, 30, 0, 15),
            Event::Filled { order: 1 },
            Event::StpCancelled { order: 4, remaining: 30 },
        ]
    );
    assert_eq!(base_before - available(&e, 1, BASE0), 30);
    assert_eq!(levels(&e, M0, Side::Buy), vec![(995, vec![(2, 20)]), (990, vec![(3, 20)])]);
    // The FOK check counted own liquidity; STP then cancels the taker with the rest unfilled.
    assert_eq!(
        step(&mut e, limit(1, M0, SELL, 990, 30, Tif::Fok, Stp::CancelBoth)),
        vec![
            accepted(5, Side::Sell, 990, 30),
            Event::StpCancelled { order: 2, remaining: 20 },
            Event::StpCancelled { order: 5, remaining: 30 },
        ]
    );
    // A market order under CancelResting sweeps through its own order.
    step(&mut e, gtc(1, M0, BUY, 990, 10)); // 6, behind 3
    assert_eq!(
        step(&mut e, Input::PlaceMarket { account: 1, market: M0, side: SELL, qty: 40, worst_price: 5, stp: 0 }),
        vec![
            accepted(7, Side::Sell, 5, 40),
            trade(3, 7, 990, 20, 0, 9),
            Event::Filled { order: 3 },
            Event::StpCancelled { order: 6, remaining: 10 },
            Event::Cancelled { order: 7, remaining: 20 },
        ]
    );
}

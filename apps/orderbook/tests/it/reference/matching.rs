//! Matching: price-time priority, partial fills across levels, and what happens to the taker's
//! remainder (rest, IOC/market cancel, FOK, PostOnly).

use super::*;

#[test]
fn resting_and_a_full_cross() {
    let mut e = funded();
    assert_eq!(
        step(&mut e, gtc(1, M1, SELL, 100, 5)),
        vec![accepted(first(1), Side::Sell, 100, 5), Event::Rested { order: first(1), remaining: 5 }]
    );
    assert_eq!(levels(&e, M1, Side::Sell), vec![(100, vec![(first(1), 5)])]);
    assert_eq!(
        step(&mut e, gtc(2, M1, BUY, 100, 5)),
        vec![
            accepted(first(2), Side::Buy, 100, 5),
            trade(first(1), first(2), 100, 5, 0, 0),
            Event::Filled { order: first(1) },
            Event::Filled { order: first(2) }
        ]
    );
    assert!(e.order(first(1)).is_none() && e.order(first(2)).is_none());
    assert_eq!(levels(&e, M1, Side::Sell), vec![]);
    // Both slots are free again, the taker's (pushed last) on top.
    assert_eq!(e.next_order_id(), Some(order_id(2, 2)));
}

#[test]
fn better_price_first_then_oldest_first_across_levels() {
    let mut e = funded();
    step(&mut e, gtc(1, M1, SELL, 101, 5)); // 1
    step(&mut e, gtc(2, M1, SELL, 100, 3)); // 2
    step(&mut e, gtc(3, M1, SELL, 100, 4)); // 3
    step(&mut e, gtc(1, M1, SELL, 102, 2)); // 4
    let [o1, o2, o3, o4, o5] = [1, 2, 3, 4, 5].map(first);
    assert_eq!(
        levels(&e, M1, Side::Sell),
        vec![(100, vec![(o2, 3), (o3, 4)]), (101, vec![(o1, 5)]), (102, vec![(o4, 2)])]
    );
    let quote_before = available(&e, 4, QUOTE);
    assert_eq!(
        step(&mut e, gtc(4, M1, BUY, 101, 10)),
        vec![
            accepted(o5, Side::Buy, 101, 10),
            trade(o2, o5, 100, 3, 0, 0),
            Event::Filled { order: o2 },
            trade(o3, o5, 100, 4, 0, 0),
            Event::Filled { order: o3 },
            trade(o1, o5, 101, 3, 0, 0),
            Event::Filled { order: o5 },
        ]
    );
    assert_eq!(levels(&e, M1, Side::Sell), vec![(101, vec![(o1, 2)]), (102, vec![(o4, 2)])]);
    // It locked 1_010 and paid 300 + 400 + 303: 7 came back.
    assert_eq!(quote_before - available(&e, 4, QUOTE), 1_003);
    assert_eq!(locked(&e, 4, QUOTE), 0);
    assert_eq!(available(&e, 4, BASE1), u64::from(FUNDS) + 10);
}

#[test]
fn a_sell_takes_the_highest_bids_first_at_their_prices() {
    let mut e = funded();
    step(&mut e, gtc(1, M1, BUY, 99, 5)); // 1
    step(&mut e, gtc(2, M1, BUY, 100, 5)); // 2
    step(&mut e, gtc(3, M1, BUY, 100, 5)); // 3
    let [o1, o2, o3, o4] = [1, 2, 3, 4].map(first);
    assert_eq!(levels(&e, M1, Side::Buy), vec![(100, vec![(o2, 5), (o3, 5)]), (99, vec![(o1, 5)])]);
    assert_eq!(
        step(&mut e, gtc(4, M1, SELL, 99, 12)),
        vec![
            accepted(o4, Side::Sell, 99, 12),
            trade(o2, o4, 100, 5, 0, 0),
            Event::Filled { order: o2 },
            trade(o3, o4, 100, 5, 0, 0),
            Event::Filled { order: o3 },
            trade(o1, o4, 99, 2, 0, 0),
            Event::Filled { order: o4 },
        ]
    );
    assert_eq!(available(&e, 4, QUOTE), u64::from(FUNDS) + 1_198);
    assert_eq!(levels(&e, M1, Side::Buy), vec![(99, vec![(o1, 3)])]);
}

#[test]
fn a_partially_filled_gtc_rests_at_its_own_price() {
    let mut e = funded();
    step(&mut e, gtc(1, M1, SELL, 100, 3));
    assert_eq!(
        step(&mut e, gtc(2, M1, BUY, 101, 5)),
        vec![
            accepted(first(2), Side::Buy, 101, 5),
            trade(first(1), first(2), 100, 3, 0, 0),
            Event::Filled { order: first(1) },
            Event::Rested { order: first(2), remaining: 2 }
        ]
    );
    assert_eq!(levels(&e, M1, Side::Buy), vec![(101, vec![(first(2), 2)])]);
    // Locked 505, spent 303 at its own price, 3 refunded: 202 still locked for the rest.
    assert_eq!(locked(&e, 2, QUOTE), 202);
    assert_eq!(available(&e, 2, QUOTE), u64::from(FUNDS) - 502);
    // Joining the tail of an existing level, in slot 1 (freed by the filled maker), generation 2.
    step(&mut e, gtc(3, M1, BUY, 101, 4));
    assert_eq!(levels(&e, M1, Side::Buy), vec![(101, vec![(first(2), 2), (order_id(1, 2), 4)])]);
}

#[test]
fn ioc_and_market_remainders_are_cancelled() {
    let mut e = funded();
    step(&mut e, gtc(1, M1, SELL, 100, 3)); // 1
    step(&mut e, gtc(1, M1, SELL, 105, 2)); // 2
    assert_eq!(
        step(&mut e, ioc(2, M1, BUY, 104, 10)),
        vec![
            accepted(first(3), Side::Buy, 104, 10),
            trade(first(1), first(3), 100, 3, 0, 0),
            Event::Filled { order: first(1) },
            Event::Cancelled { order: first(3), remaining: 7 }
        ]
    );
    assert_eq!((locked(&e, 2, QUOTE), available(&e, 2, QUOTE)), (0, u64::from(FUNDS) - 300));
    // A market order is an IOC limit at its worst price. It reuses the slot of the IOC order
    // (pushed after the filled maker's, so on top).
    assert_eq!(
        step(&mut e, Input::PlaceMarket { account: 3, market: M1, side: BUY, qty: 4, worst_price: 200, stp: 0 }),
        vec![
            accepted(order_id(3, 2), Side::Buy, 200, 4),
            trade(first(2), order_id(3, 2), 105, 2, 0, 0),
            Event::Filled { order: first(2) },
            Event::Cancelled { order: order_id(3, 2), remaining: 2 }
        ]
    );
    assert_eq!(available(&e, 3, QUOTE), u64::from(FUNDS) - 210);
    // Nothing crosses: all of it is cancelled.
    assert_eq!(
        step(&mut e, Input::PlaceMarket { account: 3, market: M1, side: SELL, qty: 4, worst_price: 1, stp: 0 }),
        vec![accepted(order_id(3, 3), Side::Sell, 1, 4), Event::Cancelled { order: order_id(3, 3), remaining: 4 }]
    );
}

#[test]
fn fok_counts_all_crossing_liquidity_including_own_orders() {
    let mut e = funded();
    step(&mut e, gtc(1, M1, SELL, 100, 5)); // 1
    step(&mut e, gtc(2, M1, SELL, 100, 5)); // 2
    step(&mut e, gtc(3, M1, SELL, 101, 5)); // 3
    let fok = |qty, price, stp| limit(1, M1, BUY, price, qty, Tif::Fok, stp);
    // 10 crosses at 100, 15 at 101.
    assert_eq!(step(&mut e, fok(11, 100, Stp::CancelResting)), rejected(Reason::FokNotFillable));
    assert_eq!(step(&mut e, fok(16, 101, Stp::CancelResting)), rejected(Reason::FokNotFillable));
    // Fillable counting its own order, which STP then removes: the remainder is cancelled.
    assert_eq!(
        step(&mut e, fok(10, 100, Stp::CancelResting)),
        vec![
            accepted(first(4), Side::Buy, 100, 10),
            Event::StpCancelled { order: first(1), remaining: 5 },
            trade(first(2), first(4), 100, 5, 0, 0),
            Event::Filled { order: first(2) },
            Event::Cancelled { order: first(4), remaining: 5 },
        ]
    );
    // Just fillable: fills completely across two levels. Slots 1, 2 and 4 were freed in that
    // order, so the next orders take 4, then 2.
    let maker = order_id(4, 2);
    assert_eq!(step(&mut e, gtc(2, M1, SELL, 100, 1))[0], accepted(maker, Side::Sell, 100, 1));
    assert_eq!(step(&mut e, fok(7, 101, Stp::CancelResting)), rejected(Reason::FokNotFillable));
    let taker = order_id(2, 2);
    assert_eq!(
        step(&mut e, fok(6, 101, Stp::CancelResting)),
        vec![
            accepted(taker, Side::Buy, 101, 6),
            trade(maker, taker, 100, 1, 0, 0),
            Event::Filled { order: maker },
            trade(first(3), taker, 101, 5, 0, 0),
            Event::Filled { order: first(3) },
            Event::Filled { order: taker },
        ]
    );
    // A FOK sell on market 0.
    step(&mut e, gtc(2, M0, BUY, 1_000, 20));
    assert_eq!(
        step(&mut e, limit(3, M0, SELL, 1_000, 30, Tif::Fok, Stp::CancelResting)),
        rejected(Reason::FokNotFillable)
    );
    assert_eq!(
        step(&mut e, limit(3, M0, SELL, 1_005, 20, Tif::Fok, Stp::CancelResting)),
        rejected(Reason::FokNotFillable)
    );
    assert_eq!(step(&mut e, limit(3, M0, SELL, 995, 20, Tif::Fok, Stp::CancelResting)).len(), 4);
}

#[test]
fn post_only_rests_or_is_rejected_if_it_would_cross() {
    let mut e = funded();
    let post = |account, side, price| limit(account, M1, side, price, 2, Tif::PostOnly, Stp::CancelResting);
    // Empty book: rests.
    assert_eq!(
        step(&mut e, post(1, SELL, 100)),
        vec![accepted(first(1), Side::Sell, 100, 2), Event::Rested { order: first(1), remaining: 2 }]
    );
    // At or through the best ask: rejected, even for the ask's owner (no STP exemption).
    assert_eq!(step(&mut e, post(2, BUY, 100)), rejected(Reason::PostOnlyWouldCross));
    assert_eq!(step(&mut e, post(1, BUY, 150)), rejected(Reason::PostOnlyWouldCross));
    assert_eq!(
        step(&mut e, post(2, BUY, 99)),
        vec![accepted(first(2), Side::Buy, 99, 2), Event::Rested { order: first(2), remaining: 2 }]
    );
    assert_eq!(step(&mut e, post(3, SELL, 99)), rejected(Reason::PostOnlyWouldCross));
    // The balance check comes first: an empty account gets InsufficientBalance.
    assert_eq!(step(&mut e, post(9, BUY, 100)), rejected(Reason::InsufficientBalance));
}

//! Fees: who pays what in which asset, the buyer's price-improvement refund, and `floor` at the
//! boundaries.

use super::*;

#[test]
fn fees_refund_and_settlement_on_market_0() {
    let mut e = funded();
    let f = u64::from(FUNDS);
    step(&mut e, gtc(1, M0, SELL, 1_000, 100));
    assert_eq!((available(&e, 1, BASE0), locked(&e, 1, BASE0)), (f - 100, 100));
    // Notional 100_000. The maker sells: 2 bps of quote = 20. The taker buys: 5 bps of 100 base = 0.
    assert_eq!(
        step(&mut e, gtc(2, M0, BUY, 1_005, 100)),
        vec![
            accepted(first(2), Side::Buy, 1_005, 100),
            trade(first(1), first(2), 1_000, 100, 20, 0),
            Event::Filled { order: first(1) },
            Event::Filled { order: first(2) }
        ]
    );
    assert_eq!((available(&e, 1, BASE0), locked(&e, 1, BASE0)), (f - 100, 0));
    assert_eq!(available(&e, 1, QUOTE), f + 99_980);
    assert_eq!((available(&e, 2, QUOTE), locked(&e, 2, QUOTE)), (f - 100_000, 0));
    assert_eq!(available(&e, 2, BASE0), f + 100);
    assert_eq!((available(&e, FEE_ACCOUNT, QUOTE), available(&e, FEE_ACCOUNT, BASE0)), (20, 0));

    // A taker sell of 2_000 at 5 into a bid: the maker buyer pays 2 bps of 2_000 base = 0.4 -> 0,
    // the taker seller 5 bps of 10_000 quote = 5.
    // (Slots 2 then 1 were freed by the fill: the maker is in slot 2, the taker in slot 1.)
    step(&mut e, gtc(3, M0, BUY, 5, 2_000));
    assert_eq!(step(&mut e, ioc(4, M0, SELL, 5, 2_000))[1], trade(order_id(2, 2), order_id(1, 2), 5, 2_000, 0, 5));
    assert_eq!(available(&e, 4, QUOTE), f + 9_995);
    assert_eq!(available(&e, 3, BASE0), f + 2_000);
    assert_eq!(available(&e, FEE_ACCOUNT, QUOTE), 25);
}

/// Fills whose fee base (`qty * bps` for the buyer, `notional * bps` for the seller) is just
/// below, on, or above a multiple of 10000.
#[test]
fn fee_rounding_boundaries() {
    // (market, maker side, price, qty, maker fee, taker fee)
    let cases: &[(u32, u32, u32, u32, u64, u64)] = &[
        // Market 1: maker 0 bps, taker 10 bps.
        (M1, SELL, 1, 999, 0, 0),   // taker buys: 999 * 10 = 9_990
        (M1, SELL, 1, 1_000, 0, 1), // 10_000
        (M1, SELL, 1, 1_999, 0, 1), // 19_990
        (M1, SELL, 1, 2_000, 0, 2), // 20_000
        (M1, BUY, 1, 999, 0, 0),    // taker sells: notional 999 * 10 = 9_990
        (M1, BUY, 1, 1_000, 0, 1),  // 10_000
        (M1, BUY, 3, 333, 0, 0),    // notional 999
        (M1, BUY, 3, 334, 0, 1),    // notional 1_002: 10_020
        // Market 0: maker 2 bps, taker 5 bps.
        (M0, BUY, 5, 4_990, 0, 12), // maker buys: 4_990 * 2 = 9_980; taker: 24_950 * 5 = 124_750
        (M0, BUY, 5, 5_000, 1, 12), // 10_000; 125_000
        (M0, SELL, 5, 390, 0, 0),   // maker sells: 1_950 * 2 = 3_900; taker buys: 390 * 5 = 1_950
        (M0, SELL, 5, 1_990, 1, 0), // 9_950 * 2 = 19_900; 1_990 * 5 = 9_950
        (M0, SELL, 5, 2_000, 2, 1), // 20_000; 10_000
        (M0, SELL, 25, 190, 0, 0),  // 4_750 * 2 = 9_500; 950
        (M0, SELL, 25, 200, 1, 0),  // 5_000 * 2 = 10_000; 1_000
    ];
    for &(market, maker_side, price, qty, maker_fee, taker_fee) in cases {
        let mut e = funded();
        let config = MARKET_TABLE[market as usize];
        step(&mut e, gtc(1, market, maker_side, price, qty));
        let events = step(&mut e, ioc(2, market, 1 - maker_side, price, qty));
        assert_eq!(
            events[1],
            trade(first(1), first(2), price, qty, maker_fee, taker_fee),
            "case {market} {maker_side} {price} {qty}"
        );
        let (buyer_fee, seller_fee) = if maker_side == BUY { (maker_fee, taker_fee) } else { (taker_fee, maker_fee) };
        let (buyer, seller) = if maker_side == BUY { (1, 2) } else { (2, 1) };
        let notional = u64::from(price) * u64::from(qty);
        let f = u64::from(FUNDS);
        assert_eq!(available(&e, FEE_ACCOUNT, config.base), buyer_fee);
        assert_eq!(available(&e, FEE_ACCOUNT, config.quote), seller_fee);
        assert_eq!(available(&e, buyer, config.base), f + u64::from(qty) - buyer_fee);
        assert_eq!(available(&e, seller, config.quote), f + notional - seller_fee);
    }
}

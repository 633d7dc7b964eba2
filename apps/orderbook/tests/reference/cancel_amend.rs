//! Cancel and amend: checks in order, collateral release, priority kept.

use super::*;

#[test]
fn cancel_unlocks_and_removes_empty_levels() {
    let mut e = funded();
    step(&mut e, gtc(1, M0, BUY, 1_000, 50)); // 1
    step(&mut e, gtc(2, M0, BUY, 1_000, 20)); // 2
    step(&mut e, ioc(3, M0, SELL, 1_000, 30)); // 3 fills 30 of order 1
    assert_eq!(locked(&e, 1, QUOTE), 20_000);
    assert_eq!(
        step(&mut e, Input::Cancel { account: 1, order: 1 }),
        vec![Event::Cancelled { order: 1, remaining: 20 }]
    );
    assert_eq!(locked(&e, 1, QUOTE), 0);
    assert_eq!(levels(&e, M0, Side::Buy), vec![(1_000, vec![(2, 20)])]);
    assert_eq!(
        step(&mut e, Input::Cancel { account: 2, order: 2 }),
        vec![Event::Cancelled { order: 2, remaining: 20 }]
    );
    assert_eq!(levels(&e, M0, Side::Buy), vec![]);
    // Cancelled, filled, never resting or never assigned: unknown.
    for order in [0, 1, 3, 4, 99_999] {
        assert_eq!(step(&mut e, Input::Cancel { account: 1, order }), rejected(Reason::UnknownOrder));
    }
}

#[test]
fn cancel_and_amend_check_account_then_order_then_owner() {
    let mut e = funded();
    step(&mut e, gtc(1, M0, SELL, 1_000, 50)); // 1
    assert_eq!(step(&mut e, Input::Cancel { account: 256, order: 1 }), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, Input::Cancel { account: 256, order: 9 }), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, Input::Cancel { account: 2, order: 9 }), rejected(Reason::UnknownOrder));
    assert_eq!(step(&mut e, Input::Cancel { account: 2, order: 1 }), rejected(Reason::NotOwner));
    assert_eq!(step(&mut e, Input::Amend { account: 256, order: 1, qty: 10 }), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, Input::Amend { account: 2, order: 9, qty: 0 }), rejected(Reason::UnknownOrder));
    assert_eq!(step(&mut e, Input::Amend { account: 2, order: 1, qty: 0 }), rejected(Reason::NotOwner));
}

#[test]
fn amend_reduces_keeps_priority_and_unlocks() {
    let mut e = funded();
    step(&mut e, gtc(1, M0, SELL, 1_000, 50)); // 1
    step(&mut e, gtc(2, M0, SELL, 1_000, 20)); // 2
    for qty in [0, 50, 60, 15, 45] {
        assert_eq!(step(&mut e, Input::Amend { account: 1, order: 1, qty }), rejected(Reason::BadAmend), "qty {qty}");
    }
    assert_eq!(
        step(&mut e, Input::Amend { account: 1, order: 1, qty: 30 }),
        vec![Event::Amended { order: 1, qty: 30 }]
    );
    assert_eq!((locked(&e, 1, BASE0), available(&e, 1, BASE0)), (30, u64::from(FUNDS) - 30));
    assert_eq!(levels(&e, M0, Side::Sell), vec![(1_000, vec![(1, 30), (2, 20)])]);
    // Still first in its level.
    assert_eq!(step(&mut e, ioc(3, M0, BUY, 1_000, 30))[1], trade(1, 3, 1_000, 30, 6, 0));
    // A buy frees price * (remaining - qty) quote.
    step(&mut e, gtc(4, M1, BUY, 70, 9)); // 4
    assert_eq!(step(&mut e, Input::Amend { account: 4, order: 4, qty: 1 }), vec![Event::Amended { order: 4, qty: 1 }]);
    assert_eq!(locked(&e, 4, QUOTE), 70);
    assert_eq!(step(&mut e, Input::Amend { account: 4, order: 4, qty: 1 }), rejected(Reason::BadAmend));
}

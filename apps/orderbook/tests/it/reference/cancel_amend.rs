//! Cancel and amend: checks in order, collateral release, priority kept.

use super::*;

#[test]
fn cancel_unlocks_and_removes_empty_levels() {
    let mut e = funded();
    let [o1, o2, o3] = [1, 2, 3].map(first);
    step(&mut e, gtc(1, M0, BUY, 1_000, 50));
    step(&mut e, gtc(2, M0, BUY, 1_000, 20));
    step(&mut e, ioc(3, M0, SELL, 1_000, 30)); // fills 30 of o1
    assert_eq!(locked(&e, 1, QUOTE), 20_000);
    assert_eq!(
        step(&mut e, Input::Cancel { account: 1, order: o1 }),
        vec![Event::Cancelled { order: o1, remaining: 20 }]
    );
    assert_eq!(locked(&e, 1, QUOTE), 0);
    assert_eq!(levels(&e, M0, Side::Buy), vec![(1_000, vec![(o2, 20)])]);
    assert_eq!(
        step(&mut e, Input::Cancel { account: 2, order: o2 }),
        vec![Event::Cancelled { order: o2, remaining: 20 }]
    );
    assert_eq!(levels(&e, M0, Side::Buy), vec![]);
    // Cancelled, filled, never resting, never assigned, generation 0, slot 0, the next id (a
    // future generation), the largest id: unknown.
    let next = e.next_order_id();
    assert_eq!(next, Some(order_id(2, 2)));
    for order in [o1, o2, o3, first(4), 0, 1, 3, 99_999, SLOTS, order_id(2, 2), order_id(1, 9), ORDER_ID_BOUND - 1] {
        assert_eq!(step(&mut e, Input::Cancel { account: 1, order }), rejected(Reason::UnknownOrder), "{order}");
    }
}

#[test]
fn cancel_and_amend_check_account_then_order_then_owner() {
    let mut e = funded();
    let o1 = first(1);
    step(&mut e, gtc(1, M0, SELL, 1_000, 50));
    assert_eq!(step(&mut e, Input::Cancel { account: 256, order: o1 }), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, Input::Cancel { account: 256, order: 9 }), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, Input::Cancel { account: 2, order: 9 }), rejected(Reason::UnknownOrder));
    assert_eq!(step(&mut e, Input::Cancel { account: 2, order: o1 }), rejected(Reason::NotOwner));
    assert_eq!(step(&mut e, Input::Amend { account: 256, order: o1, qty: 10 }), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, Input::Amend { account: 2, order: 9, qty: 0 }), rejected(Reason::UnknownOrder));
    assert_eq!(step(&mut e, Input::Amend { account: 2, order: o1, qty: 0 }), rejected(Reason::NotOwner));
}

#[test]
fn amend_reduces_keeps_priority_and_unlocks() {
    let mut e = funded();
    let [o1, o2, o3] = [1, 2, 3].map(first);
    step(&mut e, gtc(1, M0, SELL, 1_000, 50));
    step(&mut e, gtc(2, M0, SELL, 1_000, 20));
    for qty in [0, 50, 60, 15, 45] {
        assert_eq!(step(&mut e, Input::Amend { account: 1, order: o1, qty }), rejected(Reason::BadAmend), "qty {qty}");
    }
    assert_eq!(
        step(&mut e, Input::Amend { account: 1, order: o1, qty: 30 }),
        vec![Event::Amended { order: o1, qty: 30 }]
    );
    assert_eq!((locked(&e, 1, BASE0), available(&e, 1, BASE0)), (30, u64::from(FUNDS) - 30));
    assert_eq!(levels(&e, M0, Side::Sell), vec![(1_000, vec![(o1, 30), (o2, 20)])]);
    // An amend frees no slot.
    assert_eq!(e.next_order_id(), Some(o3));
    // Still first in its level.
    assert_eq!(step(&mut e, ioc(3, M0, BUY, 1_000, 30))[1], trade(o1, o3, 1_000, 30, 6, 0));
    // A buy frees price * (remaining - qty) quote. (It takes slot 3, freed last by the IOC.)
    let buy = order_id(3, 2);
    assert_eq!(step(&mut e, gtc(4, M1, BUY, 70, 9))[0], accepted(buy, Side::Buy, 70, 9));
    assert_eq!(
        step(&mut e, Input::Amend { account: 4, order: buy, qty: 1 }),
        vec![Event::Amended { order: buy, qty: 1 }]
    );
    assert_eq!(locked(&e, 4, QUOTE), 70);
    assert_eq!(step(&mut e, Input::Amend { account: 4, order: buy, qty: 1 }), rejected(Reason::BadAmend));
}

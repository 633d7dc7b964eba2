//! Order ids: `slot + SLOTS * generation`, slots from a LIFO free list, taken at acceptance and
//! returned when the event that ends the order is emitted (spec, clarification 13).

use super::*;

/// The spec's worked example: a taker that does not rest gets slot `s` with generation `g + 1`,
/// and the next order gets the same slot with generation `g + 2`, so no id repeats.
#[test]
fn a_taker_that_does_not_rest_hands_its_slot_to_the_next_order() {
    let mut e = funded();
    assert_eq!(e.next_order_id(), Some(first(1)));
    assert_eq!(step(&mut e, gtc(1, M1, SELL, 100, 5))[1], Event::Rested { order: first(1), remaining: 5 });
    // Slot 2 is on top, generation 0: the IOC taker (nothing crosses) is slot 2, generation 1.
    assert_eq!(
        step(&mut e, ioc(2, M1, BUY, 90, 5)),
        vec![accepted(order_id(2, 1), Side::Buy, 90, 5), Event::Cancelled { order: order_id(2, 1), remaining: 5 }]
    );
    assert_eq!(e.slot_generation(2), Some(1));
    // The next order: slot 2 again, generation 2.
    assert_eq!(
        step(&mut e, gtc(3, M1, BUY, 90, 5)),
        vec![accepted(order_id(2, 2), Side::Buy, 90, 5), Event::Rested { order: order_id(2, 2), remaining: 5 }]
    );
    // Then the never-used slots, in order.
    assert_eq!(step(&mut e, gtc(3, M1, BUY, 91, 5))[0], accepted(first(3), Side::Buy, 91, 5));
    // A filled taker frees its slot too.
    assert_eq!(
        step(&mut e, gtc(4, M1, BUY, 100, 5)),
        vec![
            accepted(first(4), Side::Buy, 100, 5),
            trade(first(1), first(4), 100, 5, 0, 0),
            Event::Filled { order: first(1) },
            Event::Filled { order: first(4) },
        ]
    );
    assert_eq!(e.next_order_id(), Some(order_id(4, 2)));
    assert_eq!(e.accepted_orders(), 5);
}

/// A filled maker's slot is reused with the next generation; its old id is then unknown, the new
/// one belongs to the new owner, and the generation after it is not assigned yet.
#[test]
fn a_filled_makers_slot_is_reused_and_its_old_id_is_unknown() {
    let mut e = funded();
    let maker = first(1);
    step(&mut e, gtc(1, M1, SELL, 100, 5));
    // The taker (slot 2) takes all of the maker and rests: only slot 1 goes back.
    assert_eq!(
        step(&mut e, gtc(2, M1, BUY, 100, 8)),
        vec![
            accepted(first(2), Side::Buy, 100, 8),
            trade(maker, first(2), 100, 5, 0, 0),
            Event::Filled { order: maker },
            Event::Rested { order: first(2), remaining: 3 },
        ]
    );
    let reused = order_id(1, 2);
    assert_eq!(e.next_order_id(), Some(reused));
    assert_eq!(step(&mut e, gtc(3, M1, SELL, 200, 7))[1], Event::Rested { order: reused, remaining: 7 });
    // The old id names the same slot but a stale generation.
    assert_eq!(step(&mut e, Input::Cancel { account: 1, order: maker }), rejected(Reason::UnknownOrder));
    assert_eq!(step(&mut e, Input::Amend { account: 1, order: maker, qty: 1 }), rejected(Reason::UnknownOrder));
    // The new id is the new owner's.
    assert_eq!(step(&mut e, Input::Cancel { account: 1, order: reused }), rejected(Reason::NotOwner));
    // A future generation of the slot, and of a never-used slot, are not assigned.
    for order in [order_id(1, 3), order_id(1, 1 << 40), order_id(3, 2), order_id(3, 1), order_id(0, 2)] {
        assert_eq!(step(&mut e, Input::Cancel { account: 3, order }), rejected(Reason::UnknownOrder), "{order}");
    }
    assert_eq!(
        step(&mut e, Input::Amend { account: 3, order: reused, qty: 2 }),
        vec![Event::Amended { order: reused, qty: 2 }]
    );
    assert_eq!(
        step(&mut e, Input::Cancel { account: 3, order: reused }),
        vec![Event::Cancelled { order: reused, remaining: 2 }]
    );
    assert_eq!(step(&mut e, Input::Cancel { account: 3, order: reused }), rejected(Reason::UnknownOrder));
    // The cancel freed slot 1 again.
    assert_eq!(e.next_order_id(), Some(order_id(1, 3)));
}

/// Slots return in the order the ending events are emitted: makers as they are filled or
/// STP-cancelled, the taker after its last event. The free list is LIFO, so the next orders take
/// them back in reverse.
#[test]
fn slots_return_in_event_order_and_are_reused_last_in_first_out() {
    use EventKind::{Accepted, Filled, StpCancelled, Trade};
    let mut e = funded();
    for (account, price) in [(1, 100), (2, 101), (3, 102)] {
        step(&mut e, gtc(account, M1, SELL, price, 2));
    }
    // Account 1's taker: STP-cancels its own maker (slot 1), fills slot 2 and slot 3, is filled.
    let events = step(&mut e, limit(1, M1, BUY, 102, 4, Tif::Gtc, Stp::CancelResting));
    let kinds: Vec<EventKind> = events.iter().map(Event::kind).collect();
    assert_eq!(kinds, [Accepted, StpCancelled, Trade, Filled, Trade, Filled, Filled]);
    // Pushed 1, 2, 3, then the taker's 4: popped 4, 3, 2, 1, then the never-used 5.
    let next: Vec<Option<OrderId>> = (0..5).map(|_| accepted_id(&step(&mut e, gtc(4, M1, BUY, 50, 1)))).collect();
    let expected = [order_id(4, 2), order_id(3, 2), order_id(2, 2), order_id(1, 2), first(5)];
    assert_eq!(next, expected.map(Some));
}

/// Cancelling orders returns their slots in cancel order; an amend and a rejected input take or
/// return nothing and bump no generation.
#[test]
fn cancels_push_slots_and_rejections_change_nothing() {
    let mut e = funded();
    for price in [100, 101, 102] {
        step(&mut e, gtc(1, M1, BUY, price, 5));
    }
    step(&mut e, Input::Cancel { account: 1, order: first(3) });
    step(&mut e, Input::Cancel { account: 1, order: first(1) });
    step(&mut e, Input::Amend { account: 1, order: first(2), qty: 1 });
    // Rejected orders (by balance, by PostOnly, by FOK) take no slot.
    assert_eq!(step(&mut e, gtc(9, M1, BUY, 100, 5)), rejected(Reason::InsufficientBalance));
    assert_eq!(
        step(&mut e, limit(2, M1, SELL, 101, 5, Tif::PostOnly, Stp::CancelResting)),
        rejected(Reason::PostOnlyWouldCross)
    );
    assert_eq!(
        step(&mut e, limit(2, M1, SELL, 101, 5, Tif::Fok, Stp::CancelResting)),
        rejected(Reason::FokNotFillable)
    );
    assert_eq!((e.slot_generation(1), e.slot_generation(3), e.accepted_orders()), (Some(1), Some(1), 3));
    assert_eq!(accepted_id(&step(&mut e, gtc(1, M1, BUY, 90, 5))), Some(order_id(1, 2)));
    assert_eq!(accepted_id(&step(&mut e, gtc(1, M1, BUY, 90, 5))), Some(order_id(3, 2)));
    assert_eq!(accepted_id(&step(&mut e, gtc(1, M1, BUY, 90, 5))), Some(first(4)));
    assert_eq!(e.slot_generation(0), None);
    assert_eq!(e.slot_generation(SLOTS), None);
    assert_eq!(e.slot_generation(SLOTS - 1), Some(0));
}

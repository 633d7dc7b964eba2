//! Deposits and withdrawals: `Ok`, `BadAccount`, `BadAsset`, `InsufficientBalance`, `Overflow`.

use super::*;

#[test]
fn deposit_and_withdraw() {
    let mut e = Engine::new();
    assert_eq!(step(&mut e, deposit(7, 3, 500)), vec![Event::Ok]);
    assert_eq!(step(&mut e, deposit(7, 3, 0)), vec![Event::Ok]);
    assert_eq!(step(&mut e, Input::Withdraw { account: 7, asset: 3, amount: 200 }), vec![Event::Ok]);
    assert_eq!(available(&e, 7, 3), 300);
    assert_eq!(
        step(&mut e, Input::Withdraw { account: 7, asset: 3, amount: 301 }),
        rejected(Reason::InsufficientBalance)
    );
    assert_eq!(step(&mut e, Input::Withdraw { account: 7, asset: 3, amount: 300 }), vec![Event::Ok]);
    assert_eq!(step(&mut e, Input::Withdraw { account: 7, asset: 3, amount: 0 }), vec![Event::Ok]);
    assert_eq!(e.net_supply(3), Some(0));
    // BadAccount before BadAsset.
    assert_eq!(step(&mut e, deposit(256, 4, 1)), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, deposit(255, 4, 1)), rejected(Reason::BadAsset));
    assert_eq!(step(&mut e, Input::Withdraw { account: 300, asset: 0, amount: 0 }), rejected(Reason::BadAccount));
    assert_eq!(step(&mut e, Input::Withdraw { account: 0, asset: 9, amount: 0 }), rejected(Reason::BadAsset));
}

#[test]
fn locked_collateral_cannot_be_withdrawn() {
    let mut e = funded();
    step(&mut e, gtc(1, M1, SELL, 50, 400));
    assert_eq!(
        step(&mut e, Input::Withdraw { account: 1, asset: BASE1, amount: FUNDS - 399 }),
        rejected(Reason::InsufficientBalance)
    );
    assert_eq!(step(&mut e, Input::Withdraw { account: 1, asset: BASE1, amount: FUNDS - 400 }), vec![Event::Ok]);
}

/// Reaching `2^60` takes 2^28 maximal deposits (about 5 s optimised): the rejection through the
/// public API, exactly at the bound. The bound is also unit-tested next to the balances table.
#[test]
fn deposit_overflow_at_two_to_the_sixty() {
    let mut e = Engine::new();
    let input = deposit(5, 0, u32::MAX);
    let full = (1u64 << 60) / u64::from(u32::MAX);
    for _ in 0..full {
        assert_eq!(e.apply(&input), vec![Event::Ok]);
    }
    assert_eq!(e.apply(&input), rejected(Reason::Overflow));
    let room = (1u64 << 60) - 1 - available(&e, 5, 0);
    let room = u32::try_from(room).expect("less than one deposit of room");
    assert_eq!(e.apply(&deposit(5, 0, room + 1)), rejected(Reason::Overflow));
    assert_eq!(e.apply(&deposit(5, 0, room)), vec![Event::Ok]);
    assert_eq!(available(&e, 5, 0), (1 << 60) - 1);
    assert_invariants(&e);
}

//! `Deposit { account, asset, amount }`: `available += amount`.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::validate::Checks;
use crate::layout::Balance;
use crate::types::{EventKind, Reason, ACCOUNTS, ASSETS, BALANCE_BOUND};
use crate::wire::{self, Rejected};

/// Credits `amount` of `asset` to `account`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Deposit {
    /// The account credited.
    pub account: u32,
    /// The asset.
    pub asset: u32,
    /// The amount.
    pub amount: u32,
}

/// Checks `BadAccount` then `BadAsset` (operands are `u32`, so 32-bit comparisons are sound);
/// returns the checks so far and the balance address (only meaningful when they pass).
pub(crate) fn account_asset<B: Interp>(cx: &mut Cx<B>, account: &V<B>, asset: &V<B>) -> (Checks<B>, V<B>) {
    let mut checks = Checks::new(cx);
    let accounts = cx.lit(ACCOUNTS.into());
    let account_ok = cx.lt("account_exists", account, &accounts, 32);
    checks.require(cx, "account_ok", &account_ok, Reason::BadAccount);
    let assets = cx.lit(ASSETS.into());
    let asset_ok = cx.lt("asset_exists", asset, &assets, 32);
    checks.require(cx, "asset_ok", &asset_ok, Reason::BadAsset);
    let addr = balances::addr(account, asset);
    (checks, addr)
}

/// Emits `Ok` or `Rejected { reason }`: the `Rejected` record, whose reason is 0 for an `Ok` (the
/// one-lane `Ok` record padded).
pub(crate) fn outcome<B: Interp>(cx: &mut Cx<B>, checks: &Checks<B>) {
    let ok = checks.pass();
    let kind = (cx.one() - &ok) * wire::kind(cx, EventKind::Rejected) + &ok * wire::kind(cx, EventKind::Ok);
    cx.output(Rejected { kind, reason: checks.reason() });
}

impl Semantics for Deposit {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: DepositArgs<V<B>>) {
        let (mut checks, addr) = account_asset(cx, &op.account, &op.asset);
        let exists = checks.pass();
        balances::adjust(cx, "balance", Some(&exists), &addr, |cx, old| {
            // available < 2^60 and amount < 2^32: the sum fits the 62-bit comparison.
            let sum = &old.available + &op.amount;
            let bound = cx.lit(BALANCE_BOUND);
            let fits = cx.lt("below_bound", &sum, &bound, 62);
            checks.require(cx, "fits", &fits, Reason::Overflow);
            (Balance { available: &checks.pass() * &op.amount, locked: cx.zero() }, ())
        });
        outcome(cx, &checks);
    }
}

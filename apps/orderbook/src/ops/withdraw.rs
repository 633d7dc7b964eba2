//! `Withdraw { account, asset, amount }`: `available -= amount`.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::deposit::{account_asset, outcome};
use crate::layout::Balance;
use crate::types::Reason;

/// Debits `amount` of `asset` from `account`'s available balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Withdraw {
    /// The account debited.
    pub account: u32,
    /// The asset.
    pub asset: u32,
    /// The amount.
    pub amount: u32,
}

impl Semantics for Withdraw {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: WithdrawArgs<V<B>>) {
        let (mut checks, addr) = account_asset(cx, &op.account, &op.asset);
        let exists = checks.pass();
        balances::adjust(cx, "balance", Some(&exists), &addr, |cx, old| {
            // Balances stay below 2^60 (2^62 is the comparison's bound).
            let short = cx.lt("short", &old.available, &op.amount, 62);
            let enough = cx.not(&short);
            checks.require(cx, "enough", &enough, Reason::InsufficientBalance);
            (Balance { available: -(&checks.pass() * &op.amount), locked: cx.zero() }, ())
        });
        outcome(cx, &checks);
    }
}

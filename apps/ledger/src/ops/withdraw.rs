//! `Withdraw`: debit an account, burning the amount, unless the balance is short.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::{debit, exists, outcome};
use crate::vm::{code, Outcome, Supply, SUPPLY};

/// Debit `amount` from `account`, burning it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Withdraw {
    pub account: u32,
    pub amount: u32,
}

impl Semantics for Withdraw {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: WithdrawArgs<V<B>>) {
        let valid = exists(cx, "account_exists", &op.account);
        let ok = debit(cx, "account", &valid, &op.account, &op.amount);
        let supply = cx.lit(SUPPLY);
        // The supply is at least every balance, so it covers what the account did.
        cx.access("supply", &supply)
            .update(|_, old: Supply<V<B>>| (Supply { total: &old.total - &ok * &op.amount }, ()));
        cx.output(Outcome { code: outcome(cx, &valid, &ok, code::INSUFFICIENT_FUNDS) });
    }
}

//! `Deposit`: credit an account, minting the amount, unless the supply would pass its cap.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::{credit, exists, outcome};
use crate::vm::{code, Outcome, Supply, BALANCE_BITS, SUPPLY, SUPPLY_CAP};

/// Credit `amount` to `account`, minting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Deposit {
    pub account: u32,
    pub amount: u32,
}

impl Semantics for Deposit {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: DepositArgs<V<B>>) {
        let valid = exists(cx, "account_exists", &op.account);
        let supply = cx.lit(SUPPLY);
        let ok = cx.access("supply", &supply).update(|cx, old: Supply<V<B>>| {
            let cap = cx.lit(SUPPLY_CAP);
            let fits = cx.le("under_cap", &(&old.total + &op.amount), &cap, BALANCE_BITS + 1);
            let ok = cx.materialize("ok", &(&valid * &fits));
            (Supply { total: &old.total + &ok * &op.amount }, ok)
        });
        credit(cx, "account", &valid, &op.account, &(&ok * &op.amount));
        cx.output(Outcome { code: outcome(cx, &valid, &ok, code::SUPPLY_CAP) });
    }
}

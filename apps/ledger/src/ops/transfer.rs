//! `Transfer`: move an amount between two accounts, unless the payer's balance is short.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::{credit, debit, exists, outcome};
use crate::vm::{code, Outcome};

/// Move `amount` from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Transfer {
    pub from: u32,
    pub to: u32,
    pub amount: u32,
}

impl Semantics for Transfer {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: TransferArgs<V<B>>) {
        let from_exists = exists(cx, "from_exists", &op.from);
        let to_exists = exists(cx, "to_exists", &op.to);
        let valid = cx.materialize("valid", &(&from_exists * &to_exists));
        let ok = debit(cx, "debit", &valid, &op.from, &op.amount);
        credit(cx, "credit", &valid, &op.to, &(&ok * &op.amount));
        cx.output(Outcome { code: outcome(cx, &valid, &ok, code::INSUFFICIENT_FUNDS) });
    }
}

//! The hand-written chip's semantic tricks, written back in the DSL: a ledger VM whose Transfer
//! uses one-hot outcome flags, proves account existence through the memory bus, and shares one
//! 48-bit range check between the four outcomes, exactly as `air.rs` does.
//!
//! It exists to split the measured overhead in two: what the derived Transfer costs because of
//! how the ledger's `vm.rs` states the rules (two `lt`s and an `le`, each with its own range check), and
//! what it costs because of the framework's mechanics (`is_real`, `prev_clk` columns, 32-bit clock
//! gaps). The first part an author can remove today; the second only the framework can.
//!
//! Measurement only: it is sound only for a memory of exactly `ACCOUNTS + 1` cells (existence is
//! proven by the memory bus), which `Machine` does not enforce, and its statement may list more
//! touched cells than the ledger's (see the debit below).

use appvm::{Cx, Interp, Name, Opcode, Semantics, Vm, V};

use appvm_ledger::vm::{code, Account, Deposit, Ledger, Outcome, Transfer, Withdraw, ACCOUNTS};

/// Bits of a balance (the supply cap is below 2^48).
const BALANCE_BITS: u32 = 48;

/// `Transfer`, with the expert's semantics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct ExpertTransfer {
    /// Debited account.
    pub from: u32,
    /// Credited account.
    pub to: u32,
    /// Amount moved.
    pub amount: u32,
}

/// The ledger with [`ExpertTransfer`] in `Transfer`'s place: same opcode ids, so the same
/// statement encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Vm)]
#[vm(name = "ledger-expert-transfer")]
pub enum ExpertLedger {
    /// The ledger's deposit.
    Deposit(Deposit),
    /// The expert transfer.
    Transfer(ExpertTransfer),
    /// The ledger's withdrawal.
    Withdraw(Withdraw),
}

impl Semantics for ExpertTransfer {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: ExpertTransferArgs<V<B>>) {
        // Outcome flags: `no_from`, `no_to` (only `to` missing) and, inside the debit, `ok`.
        let no_from = cx.hint_bool(Name::new("no_from"), |w| w.u64(&op.from) >= ACCOUNTS);
        let no_to = cx.hint_bool(Name::new("no_to"), |w| w.u64(&op.from) < ACCOUNTS && w.u64(&op.to) >= ACCOUNTS);
        cx.assert_bool(Name::new("missing"), &(&no_from + &no_to));
        // `from` is accessed whenever it exists, `to` when both do: an active access to a
        // missing account cannot balance the memory bus, so existence needs no comparison. (The
        // hand-written chip does not access `from` on a `no_to` row, which would list it in the
        // statement's touched cells; it reuses an idle gap limb instead, which the DSL's access
        // gadget does not expose. Reading `from` back unchanged costs no column here.)
        let debit_on = cx.one() - &no_from;
        let valid = &debit_on - &no_to;
        let (ok, moved) = cx.access("debit", &(&op.from + 1)).when(&debit_on).update(|cx, old: Account<V<B>>| {
            let balance = &old.balance;
            let ok = cx.hint_bool(Name::new("ok"), |w| w.u64(&valid) == 1 && w.u64(balance) >= w.u64(&op.amount));
            cx.assert_zero(Name::new("ok_only_if_valid"), &(&ok * (&no_from + &no_to)));
            let moved = cx.materialize("moved", &(&ok * &op.amount));
            // One range check witnesses whichever outcome holds (see `air.rs`).
            let insufficient = &valid - &ok;
            let diff = &ok * (balance - &op.amount)
                + &insufficient * (&op.amount - balance - 1)
                + &no_from * (&op.from - ACCOUNTS)
                + &no_to * (&op.to - ACCOUNTS);
            cx.range(Name::new("diff"), &diff, BALANCE_BITS);
            (Account { balance: balance - &moved }, (ok, moved))
        });
        cx.access("credit", &(&op.to + 1))
            .when(&valid)
            .update(|_, old: Account<V<B>>| (Account { balance: &old.balance + &moved }, ()));
        let code = (&no_from + &no_to) * code::NO_SUCH_ACCOUNT + (&valid - &ok) * code::INSUFFICIENT_FUNDS;
        cx.output(Outcome { code });
    }
}

/// The same batch for [`ExpertLedger`].
pub fn expert_ops(ops: &[Ledger]) -> Vec<ExpertLedger> {
    ops.iter()
        .map(|op| match *op {
            Ledger::Deposit(d) => ExpertLedger::Deposit(d),
            Ledger::Transfer(Transfer { from, to, amount }) => {
                ExpertLedger::Transfer(ExpertTransfer { from, to, amount })
            }
            Ledger::Withdraw(w) => ExpertLedger::Withdraw(w),
        })
        .collect()
}

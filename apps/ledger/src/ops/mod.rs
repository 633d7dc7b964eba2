//! The ledger's opcodes, one file each, and the rules they share: whether an account exists, the
//! debit and credit of an account word, and the outcome code.

mod deposit;
mod transfer;
mod withdraw;

pub use deposit::{Deposit, DepositArgs};
pub use transfer::{Transfer, TransferArgs};
pub use withdraw::{Withdraw, WithdrawArgs};

use appvm::{Cx, Interp, V};

use crate::vm::{code, Account, ACCOUNTS, BALANCE_BITS};

/// 1 if `account` exists. Account ids are `u32` operands, so 32 bits bound the comparison.
fn exists<B: Interp>(cx: &mut Cx<B>, name: &'static str, account: &V<B>) -> V<B> {
    let accounts = cx.lit(ACCOUNTS);
    cx.lt(name, account, &accounts, 32)
}

/// The memory address of account `id`'s word.
fn account<B: Interp>(id: &V<B>) -> V<B> {
    id + 1
}

/// Debits `amount` from account `id` if it exists (`valid`) and its balance covers the amount;
/// returns `ok`, 1 if it did. Without `valid` the word is not accessed.
fn debit<B: Interp>(cx: &mut Cx<B>, name: &'static str, valid: &V<B>, id: &V<B>, amount: &V<B>) -> V<B> {
    cx.access(name, &account(id)).when(valid).update(|cx, old: Account<V<B>>| {
        let enough = cx.le("enough", amount, &old.balance, BALANCE_BITS);
        let ok = cx.materialize("ok", &(valid * &enough));
        (Account { balance: &old.balance - &ok * amount }, ok)
    })
}

/// Credits `amount` (0 unless the op succeeds) to account `id` if it exists (`valid`). Balances
/// never exceed the supply, which is below 2^48: the credit cannot overflow.
fn credit<B: Interp>(cx: &mut Cx<B>, name: &'static str, valid: &V<B>, id: &V<B>, amount: &V<B>) {
    cx.access(name, &account(id))
        .when(valid)
        .update(|_, old: Account<V<B>>| (Account { balance: &old.balance + amount }, ()));
}

/// The outcome code: `NO_SUCH_ACCOUNT` unless `valid`, else `reason` unless `ok`, else `OK`.
fn outcome<B: Interp>(cx: &Cx<B>, valid: &V<B>, ok: &V<B>, reason: u64) -> V<B> {
    (cx.one() - valid) * code::NO_SUCH_ACCOUNT + (valid - ok) * reason
}

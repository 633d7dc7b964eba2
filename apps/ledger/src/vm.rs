//! The ledger VM: its memory layout, outcome codes and three opcodes, each with its semantics.
//!
//! State: memory cell 0 holds the total supply, cell `1 + a` the balance of account `a`.
//! Every op emits one output record `[code]`: 0 for success, otherwise the rejection reason.
//! A rejection is a proven event, not an error: the proof shows why the op was refused.
//!
//! Invariant (checked by [`Reference::check_invariant`]): every balance is at most the supply,
//! and the supply is at most [`SUPPLY_CAP`] < 2^48, so no arithmetic below can wrap.
//!
//! [`Reference::check_invariant`]: crate::reference::Reference::check_invariant

use appvm::{Cx, Interp, Memory, Opcode, Semantics, Vm, V};

/// Accounts in the ledger.
pub const ACCOUNTS: u64 = 1024;
/// Largest total supply; deposits past it are rejected.
pub const SUPPLY_CAP: u64 = (1 << 48) - 1;
/// Bits of any balance or supply.
const BALANCE_BITS: u32 = 48;
/// Memory address of the total supply.
const SUPPLY: u64 = 0;

/// Outcome codes, the single field of every output record.
pub mod code {
    /// The op took effect.
    pub const OK: u64 = 0;
    /// An account id is not below [`super::ACCOUNTS`].
    pub const NO_SUCH_ACCOUNT: u64 = 1;
    /// The deposit would lift the supply past [`super::SUPPLY_CAP`].
    pub const SUPPLY_CAP: u64 = 2;
    /// The balance is below the amount.
    pub const INSUFFICIENT_FUNDS: u64 = 3;
}

/// Credit `amount` to `account`, minting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Deposit {
    pub account: u32,
    pub amount: u32,
}

/// Move `amount` from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Transfer {
    pub from: u32,
    pub to: u32,
    pub amount: u32,
}

/// Debit `amount` from `account`, burning it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Withdraw {
    pub account: u32,
    pub amount: u32,
}

/// The ledger VM: opcode ids are variant positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Vm)]
#[vm(name = "ledger")]
pub enum Ledger {
    Deposit(Deposit),
    Transfer(Transfer),
    Withdraw(Withdraw),
}

/// 1 if `account` exists. Account ids are `u32` operands, so 32 bits bound the comparison.
fn exists<B: Interp>(cx: &mut Cx<B>, name: &'static str, account: &V<B>) -> V<B> {
    let accounts = cx.lit(ACCOUNTS);
    cx.lt(name, account, &accounts, 32)
}

/// The rejection code: `reason` unless `ok`.
fn outcome<B: Interp>(cx: &Cx<B>, valid: &V<B>, ok: &V<B>, reason: u64) -> V<B> {
    // valid = 0 -> NO_SUCH_ACCOUNT; valid = 1, ok = 0 -> reason; ok = 1 -> OK.
    (cx.one() - valid) * code::NO_SUCH_ACCOUNT + (valid - ok) * reason
}

impl Semantics for Deposit {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: DepositArgs<V<B>>) {
        let valid = exists(cx, "account_exists", &op.account);
        let supply_addr = cx.lit(SUPPLY);
        let mut ok = cx.zero();
        cx.update("supply", &supply_addr, |cx, supply| {
            let cap = cx.lit(SUPPLY_CAP);
            let fits = cx.le("under_cap", &(&supply + &op.amount), &cap, BALANCE_BITS + 1);
            ok = cx.materialize("ok", &(&valid * &fits));
            supply + &ok * &op.amount
        });
        cx.update_if("balance", &valid, &(&op.account + 1), |_, balance| balance + &ok * &op.amount);
        let code = outcome(cx, &valid, &ok, code::SUPPLY_CAP);
        cx.output(&[code]);
    }
}

impl Semantics for Withdraw {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: WithdrawArgs<V<B>>) {
        let valid = exists(cx, "account_exists", &op.account);
        let mut ok = cx.zero();
        cx.update_if("balance", &valid, &(&op.account + 1), |cx, balance| {
            let enough = cx.le("enough", &op.amount, &balance, BALANCE_BITS);
            ok = cx.materialize("ok", &(&valid * &enough));
            balance - &ok * &op.amount
        });
        let supply_addr = cx.lit(SUPPLY);
        cx.update("supply", &supply_addr, |_, supply| supply - &ok * &op.amount);
        let code = outcome(cx, &valid, &ok, code::INSUFFICIENT_FUNDS);
        cx.output(&[code]);
    }
}

impl Semantics for Transfer {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: TransferArgs<V<B>>) {
        let from_exists = exists(cx, "from_exists", &op.from);
        let to_exists = exists(cx, "to_exists", &op.to);
        let valid = cx.materialize("valid", &(&from_exists * &to_exists));
        let mut ok = cx.zero();
        cx.update_if("debit", &valid, &(&op.from + 1), |cx, balance| {
            let enough = cx.le("enough", &op.amount, &balance, BALANCE_BITS);
            ok = cx.materialize("ok", &(&valid * &enough));
            balance - &ok * &op.amount
        });
        // Balances never exceed the supply, which is below 2^48: the credit cannot overflow.
        cx.update_if("credit", &valid, &(&op.to + 1), |_, balance| balance + &ok * &op.amount);
        let code = outcome(cx, &valid, &ok, code::INSUFFICIENT_FUNDS);
        cx.output(&[code]);
    }
}

impl Ledger {
    /// An empty ledger: zero supply, every balance zero.
    pub fn genesis() -> Memory {
        Memory::from_u64s(std::iter::repeat_n(0, ACCOUNTS as usize + 1))
    }

    /// A ledger whose accounts hold `balances` (the rest zero).
    pub fn with_balances(balances: &[u64]) -> Memory {
        let supply: u64 = balances.iter().sum();
        let mut cells = vec![0; ACCOUNTS as usize + 1];
        cells[0] = supply;
        cells[1..=balances.len()].copy_from_slice(balances);
        Memory::from_u64s(cells)
    }
}

/// The output records a batch with these result codes (one per op, in order) produces: every
/// ledger op is one row, so op `seq` runs at row clock `seq` and emits `[seq, seq * 8, code]`
/// (index = row clock * `OUTPUT_SLOTS` + slot 0).
pub fn output_records(codes: &[u64]) -> Vec<Vec<u64>> {
    let slots = appvm::dsl::OUTPUT_SLOTS;
    codes.iter().enumerate().map(|(seq, &code)| vec![seq as u64, seq as u64 * slots, code]).collect()
}

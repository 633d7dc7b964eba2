//! The ledger VM: its memory layout and its records, outcome codes and the enum of its three
//! opcodes (their semantics are in [`crate::ops`], one file each).
//!
//! State: memory word 0 is the [`Supply`], word `1 + a` the [`Account`] of account `a`.
//! Every op emits one [`Outcome`]: code 0 for success, otherwise the rejection reason.
//! A rejection is a proven event, not an error: the proof shows why the op was refused.
//!
//! Invariant (checked by [`Reference::check_invariant`]): every balance is at most the supply,
//! and the supply is at most [`SUPPLY_CAP`] < 2^48, so no arithmetic below can wrap.
//!
//! [`Reference::check_invariant`]: crate::reference::Reference::check_invariant

use appvm::{Memory, Record, Vm};

pub use crate::ops::{Deposit, DepositArgs, Transfer, TransferArgs, Withdraw, WithdrawArgs};

/// Accounts in the ledger.
pub const ACCOUNTS: u64 = 1024;
/// Largest total supply; deposits past it are rejected.
pub const SUPPLY_CAP: u64 = (1 << 48) - 1;
/// Bits of any balance or supply.
pub(crate) const BALANCE_BITS: u32 = 48;
/// Memory address of the total supply.
pub const SUPPLY: u64 = 0;

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

/// The word at [`SUPPLY`].
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Supply<T> {
    /// Tokens in existence: the sum of every balance.
    pub total: T,
}

/// The word of an account, at address `1 + id`.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Account<T> {
    /// Tokens the account holds.
    pub balance: T,
}

/// The output event every op emits: the ops build it from values, [`outcomes`] decodes it.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Outcome<T> {
    /// One of the [`code`]s.
    pub code: T,
}

/// The ledger VM: opcode ids are variant positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Vm)]
#[vm(name = "ledger")]
pub enum Ledger {
    Deposit(Deposit),
    Transfer(Transfer),
    Withdraw(Withdraw),
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
/// ledger op is one row, so op `seq` runs at row clock `seq` and emits `[seq, seq * 8, ..outcome]`
/// (index = row clock * `OUTPUT_SLOTS` + slot 0).
pub fn output_records(codes: &[u64]) -> Vec<Vec<u64>> {
    let slots = appvm::dsl::OUTPUT_SLOTS;
    codes
        .iter()
        .enumerate()
        .map(|(seq, &code)| {
            let mut record = vec![seq as u64, seq as u64 * slots];
            record.extend(Outcome { code }.into_lanes());
            record
        })
        .collect()
}

/// The outcome of each output record `[seq, index, ..outcome]`, in order; `None` if a record is
/// too short to hold one.
pub fn outcomes(records: &[Vec<u64>]) -> Option<Vec<Outcome<u64>>> {
    records.iter().map(|record| appvm::Output::parse(record)?.event()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_decode_the_output_records() {
        let codes = [code::OK, code::SUPPLY_CAP, code::NO_SUCH_ACCOUNT, code::INSUFFICIENT_FUNDS];
        let decoded = outcomes(&output_records(&codes)).expect("every record holds an outcome");
        assert_eq!(decoded, codes.map(|code| Outcome { code }));
        assert_eq!(outcomes(&[vec![0, 0]]), None);
    }
}

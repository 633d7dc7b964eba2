//! The plain-Rust reference ledger: the same rules as [`crate::vm`], written without the DSL, so
//! that the VM's outputs and final state can be checked against it.

use crate::vm::{code, Deposit, Ledger, Transfer, Withdraw, ACCOUNTS, SUPPLY_CAP};

/// The plain-Rust reference ledger, written independently of the VM: used to check the VM's
/// outputs and final state, and as the native baseline in benchmarks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Total supply.
    pub supply: u64,
    /// Balance per account.
    pub balances: Vec<u64>,
}

impl Reference {
    /// The reference state of a memory image.
    pub fn from_cells(cells: &[u64]) -> Self {
        Self { supply: cells[0], balances: cells[1..].to_vec() }
    }

    /// The state as a memory image.
    pub fn cells(&self) -> Vec<u64> {
        std::iter::once(self.supply).chain(self.balances.iter().copied()).collect()
    }

    /// Applies one op; returns its outcome code.
    pub fn apply(&mut self, op: &Ledger) -> u64 {
        let exists = |a: u32| u64::from(a) < ACCOUNTS;
        match *op {
            Ledger::Deposit(Deposit { account, amount }) => {
                if !exists(account) {
                    return code::NO_SUCH_ACCOUNT;
                }
                let new_supply = self.supply + u64::from(amount);
                if new_supply > SUPPLY_CAP {
                    return code::SUPPLY_CAP;
                }
                self.supply = new_supply;
                self.balances[account as usize] += u64::from(amount);
                code::OK
            }
            Ledger::Withdraw(Withdraw { account, amount }) => {
                if !exists(account) {
                    return code::NO_SUCH_ACCOUNT;
                }
                let balance = &mut self.balances[account as usize];
                if *balance < u64::from(amount) {
                    return code::INSUFFICIENT_FUNDS;
                }
                *balance -= u64::from(amount);
                self.supply -= u64::from(amount);
                code::OK
            }
            Ledger::Transfer(Transfer { from, to, amount }) => {
                if !exists(from) || !exists(to) {
                    return code::NO_SUCH_ACCOUNT;
                }
                if self.balances[from as usize] < u64::from(amount) {
                    return code::INSUFFICIENT_FUNDS;
                }
                self.balances[from as usize] -= u64::from(amount);
                self.balances[to as usize] += u64::from(amount);
                code::OK
            }
        }
    }

    /// True if balances sum to the supply and the supply is within the cap.
    pub fn check_invariant(&self) -> bool {
        self.supply <= SUPPLY_CAP && self.balances.iter().sum::<u64>() == self.supply
    }
}

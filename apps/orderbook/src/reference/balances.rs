//! The balances table, and the running totals of deposits and withdrawals that the conservation
//! invariant is checked against.
//!
//! Every method takes an account and an asset the caller has already validated (`< ACCOUNTS`,
//! `< ASSETS`): validation is the engine's job, in the order the spec fixes, so this module only
//! moves value.

use crate::types::{Reason, ACCOUNTS, ASSETS, BALANCE_BOUND};

/// One account's holding of one asset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Balance {
    /// Free to lock as collateral or to withdraw.
    pub available: u64,
    /// Held as collateral by the account's resting (or currently matching) orders.
    pub locked: u64,
}

/// `ACCOUNTS x ASSETS` balances plus per-asset deposit and withdrawal totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Balances {
    table: Vec<[Balance; ASSETS as usize]>,
    /// Sum of applied deposits per asset. `u128`: the sum of any feasible number of `u32`
    /// deposits fits.
    deposited: [u128; ASSETS as usize],
    /// Sum of applied withdrawals per asset.
    withdrawn: [u128; ASSETS as usize],
}

impl Balances {
    pub(crate) fn new() -> Self {
        Balances {
            table: vec![[Balance::default(); ASSETS as usize]; ACCOUNTS as usize],
            deposited: [0; ASSETS as usize],
            withdrawn: [0; ASSETS as usize],
        }
    }

    /// The balance, or `None` for an account or asset out of range.
    pub(crate) fn get(&self, account: u32, asset: u32) -> Option<Balance> {
        let row = self.table.get(usize::try_from(account).ok()?)?;
        row.get(usize::try_from(asset).ok()?).copied()
    }

    /// Deposits minus withdrawals of `asset` so far (what the accounts must hold in total).
    pub(crate) fn net_supply(&self, asset: u32) -> u128 {
        let a = asset as usize;
        self.deposited[a] - self.withdrawn[a]
    }

    /// `available += amount`, unless the result would reach `2^60` (`Overflow`).
    pub(crate) fn deposit(&mut self, account: u32, asset: u32, amount: u32) -> Result<(), Reason> {
        let b = self.at(account, asset);
        let new = b.available + u64::from(amount);
        if new >= BALANCE_BOUND {
            return Err(Reason::Overflow);
        }
        b.available = new;
        self.deposited[asset as usize] += u128::from(amount);
        Ok(())
    }

    /// `available -= amount`, unless the available balance is smaller (`InsufficientBalance`).
    pub(crate) fn withdraw(&mut self, account: u32, asset: u32, amount: u32) -> Result<(), Reason> {
        let b = self.at(account, asset);
        b.available = b.available.checked_sub(u64::from(amount)).ok_or(Reason::InsufficientBalance)?;
        self.withdrawn[asset as usize] += u128::from(amount);
        Ok(())
    }

    /// True if `amount` can be locked out of the available balance.
    pub(crate) fn can_lock(&self, account: u32, asset: u32, amount: u64) -> bool {
        self.get(account, asset).is_some_and(|b| b.available >= amount)
    }

    /// Moves `amount` from available to locked. The caller checked [`Balances::can_lock`].
    pub(crate) fn lock(&mut self, account: u32, asset: u32, amount: u64) {
        let b = self.at(account, asset);
        b.available -= amount;
        b.locked += amount;
    }

    /// Moves `amount` from locked back to available (a cancelled or amended order's collateral).
    pub(crate) fn unlock(&mut self, account: u32, asset: u32, amount: u64) {
        let b = self.at(account, asset);
        b.locked -= amount;
        b.available = credit(b.available, amount);
    }

    /// Removes `amount` from locked: collateral that leaves the account in a trade.
    pub(crate) fn spend_locked(&mut self, account: u32, asset: u32, amount: u64) {
        let b = self.at(account, asset);
        b.locked -= amount;
    }

    /// `available += amount`: proceeds of a trade, a price-improvement refund or a fee.
    pub(crate) fn credit(&mut self, account: u32, asset: u32, amount: u64) {
        let b = self.at(account, asset);
        b.available = credit(b.available, amount);
    }

    fn at(&mut self, account: u32, asset: u32) -> &mut Balance {
        &mut self.table[account as usize][asset as usize]
    }
}

/// Adds to an available balance. Only `Deposit` checks the `2^60` bound (spec); a credit cannot
/// pass `2^64` because the whole supply of an asset is a sum of `u32` deposits, which would take
/// `2^32` of them. Saturation documents that rather than being reachable; `check_invariants`
/// would report it through the conservation check if it ever happened.
fn credit(available: u64, amount: u64) -> u64 {
    available.saturating_add(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reaching `2^60` through `Engine::apply` takes 2^28 maximal deposits; the bound itself is
    /// checked here, on the table directly.
    #[test]
    fn deposit_up_to_the_bound_and_not_past_it() {
        let mut b = Balances::new();
        b.table[3][1].available = BALANCE_BOUND - 10;
        assert_eq!(b.deposit(3, 1, 10), Err(Reason::Overflow));
        assert_eq!(b.get(3, 1).map(|x| x.available), Some(BALANCE_BOUND - 10));
        assert_eq!(b.deposit(3, 1, 9), Ok(()));
        assert_eq!(b.get(3, 1).map(|x| x.available), Some(BALANCE_BOUND - 1));
        assert_eq!(b.deposit(3, 1, 1), Err(Reason::Overflow));
        assert_eq!(b.deposit(3, 1, 0), Ok(()));
    }
}

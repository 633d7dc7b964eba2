//! Workload generators: batches of ledger ops, deterministic in the random generator given.

use rand::RngExt;

use crate::vm::{Deposit, Ledger, Transfer, Withdraw, ACCOUNTS};

/// A random workload: 70% transfers, 20% deposits and 10% withdrawals, mostly between 64 busy
/// accounts; some name accounts that do not exist or overdraw, so both of those rejections occur.
pub fn mixed(rng: &mut impl RngExt, n: usize) -> Vec<Ledger> {
    (0..n)
        .map(|_| {
            let kind = rng.random_range(0..100u32);
            let (a, b) = (random_account(rng), random_account(rng));
            let amount = if rng.random_range(0..10u32) == 0 { rng.random() } else { rng.random_range(0..5_000) };
            match kind {
                0..=19 => Ledger::Deposit(Deposit { account: a, amount }),
                20..=89 => Ledger::Transfer(Transfer { from: a, to: b, amount }),
                _ => Ledger::Withdraw(Withdraw { account: a, amount }),
            }
        })
        .collect()
}

/// Mostly one of 64 busy accounts; 2% of ids do not exist (the overhead benchmark draws its
/// transfers' accounts the same way).
pub fn random_account(rng: &mut impl RngExt) -> u32 {
    if rng.random_range(0..100u32) < 2 {
        ACCOUNTS as u32 + rng.random_range(0..10)
    } else {
        rng.random_range(0..64)
    }
}

/// `n` transfers that all succeed from a ledger whose accounts `0..balances.len()` hold
/// `balances`: between those accounts, each at most the payer's balance at that point (and at
/// most 5,000). No transfers if no account is funded.
pub fn payments(rng: &mut impl RngExt, n: usize, balances: &[u64]) -> Vec<Ledger> {
    let mut balances = balances.to_vec();
    if balances.is_empty() {
        return Vec::new();
    }
    let accounts = balances.len() as u32;
    (0..n)
        .map(|_| {
            let (from, to) = (rng.random_range(0..accounts), rng.random_range(0..accounts));
            let amount = rng.random_range(0..=balances[from as usize].min(5_000)) as u32;
            balances[from as usize] -= u64::from(amount);
            balances[to as usize] += u64::from(amount);
            Ledger::Transfer(Transfer { from, to, amount })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    use super::*;
    use crate::reference::Reference;
    use crate::vm::code;

    /// The outcome codes of `ops` from a ledger funded with `balances`; the invariant holds after
    /// every op.
    fn codes(balances: &[u64], ops: &[Ledger]) -> Vec<u64> {
        let mut reference = Reference::from_cells(&Ledger::with_balances(balances).to_u64s());
        ops.iter()
            .map(|op| {
                let code = reference.apply(op);
                assert!(reference.check_invariant(), "the invariant breaks at {op:?}");
                code
            })
            .collect()
    }

    #[test]
    fn mixed_exercises_success_and_both_common_rejections() {
        let balances = [1_000_000; 64];
        let codes = codes(&balances, &mixed(&mut StdRng::seed_from_u64(1), 2_000));
        for expected in [code::OK, code::NO_SUCH_ACCOUNT, code::INSUFFICIENT_FUNDS] {
            assert!(codes.contains(&expected), "code {expected} never occurs");
        }
    }

    #[test]
    fn payments_all_succeed() {
        let balances = [0, 7, 5_000, 1, 100_000];
        let ops = payments(&mut StdRng::seed_from_u64(2), 2_000, &balances);
        assert_eq!(ops.len(), 2_000);
        assert!(codes(&balances, &ops).iter().all(|&c| c == code::OK));
        assert!(payments(&mut StdRng::seed_from_u64(2), 10, &[]).is_empty());
    }

    #[test]
    fn generators_are_deterministic_in_the_seed() {
        let run = |seed| mixed(&mut StdRng::seed_from_u64(seed), 100);
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }
}

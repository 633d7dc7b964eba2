//! The token ledger VM of `appvm-ledger`: its scenario state, and its workloads and reference
//! engine plugged into the command.

use anyhow::{bail, ensure, Context, Result};
use appvm::{Execution, Memory};
use appvm_ledger::reference::Reference;
use appvm_ledger::vm::{outcomes, output_records, Ledger, ACCOUNTS, SUPPLY_CAP};
use appvm_ledger::workload::{mixed, payments};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::app::{check_agreement, App, ScenarioApp, Workload};

/// The ledger in the command.
#[derive(Debug)]
pub struct LedgerApp;

/// A ledger scenario's `state:` block: accounts `0..accounts` each hold `balance`, unless
/// `balances` lists every funded account's balance explicitly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerState {
    /// Funded accounts, from account 0.
    #[serde(default = "default_accounts")]
    pub accounts: u32,
    /// Balance of each funded account.
    #[serde(default = "default_balance")]
    pub balance: u64,
    /// Explicit balances of accounts `0..n`; overrides `accounts` and `balance`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub balances: Vec<u64>,
}

fn default_accounts() -> u32 {
    64
}

fn default_balance() -> u64 {
    1_000_000
}

impl Default for LedgerState {
    fn default() -> Self {
        Self { accounts: default_accounts(), balance: default_balance(), balances: Vec::new() }
    }
}

impl LedgerState {
    fn balances(&self) -> Vec<u64> {
        if self.balances.is_empty() {
            vec![self.balance; self.accounts as usize]
        } else {
            self.balances.clone()
        }
    }
}

impl ScenarioApp for LedgerApp {
    type State = LedgerState;

    const SCENARIO: &'static str = include_str!("../../scenarios/ledger.ron");
    const WORKLOADS: &'static [Workload] = &[
        Workload {
            name: "mixed",
            about: "70% transfers, 20% deposits, 10% withdrawals over 64 busy accounts; \
                    some overdraw or name unknown accounts, and are rejected",
        },
        Workload { name: "payments", about: "transfers between funded accounts only, each affordable" },
    ];

    fn initial_memory(state: &LedgerState) -> Result<Memory> {
        let balances = state.balances();
        ensure!(balances.len() as u64 <= ACCOUNTS, "{} funded accounts, the ledger has {ACCOUNTS}", balances.len());
        let supply = balances.iter().try_fold(0u64, |acc, b| acc.checked_add(*b));
        ensure!(supply.is_some_and(|s| s <= SUPPLY_CAP), "the balances exceed the supply cap {SUPPLY_CAP}");
        Ok(Ledger::with_balances(&balances))
    }

    fn generate(workload: &str, seed: u64, ops: usize, state: &LedgerState) -> Vec<Ledger> {
        let mut rng = StdRng::seed_from_u64(seed);
        match workload {
            "payments" => payments(&mut rng, ops, &state.balances()),
            _ => mixed(&mut rng, ops),
        }
    }

    fn reference(initial: &Memory) -> Reference {
        Reference::from_cells(&initial.to_u64s())
    }
}

impl App for LedgerApp {
    type Vm = Ledger;
    type Reference = Reference;
    type Results = Vec<u64>;

    const ABOUT: &'static str = "token ledger: deposits, transfers, withdrawals over 1024 accounts";

    fn run_reference(reference: &mut Reference, ops: &[Ledger]) -> Vec<u64> {
        ops.iter().map(|op| reference.apply(op)).collect()
    }

    fn agree(reference: &Reference, codes: &Vec<u64>, execution: &Execution) -> Result<()> {
        // First by op and outcome code (the message a reader wants), then record for record.
        let vm_codes: Vec<u64> = outcomes(&execution.outputs)
            .context("an output record of the VM is too short to hold an outcome")?
            .into_iter()
            .map(|outcome| outcome.code)
            .collect();
        if let Some(op) = (0..vm_codes.len().max(codes.len())).find(|&i| vm_codes.get(i) != codes.get(i)) {
            bail!(
                "the VM and the reference engine disagree on op #{op}: outcome code {:?} from the VM, {:?} from the reference",
                vm_codes.get(op),
                codes.get(op)
            );
        }
        let outputs = output_records(codes);
        check_agreement(&execution.outputs, &execution.final_memory.to_u64s(), &outputs, &reference.cells())
    }
}

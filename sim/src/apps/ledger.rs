//! The token ledger VM of `appvm-ledger`: its scenario state, and its workloads and reference
//! engine plugged into the command.

use anyhow::{bail, ensure, Context, Result};
use appvm::{Execution, Memory};
use appvm_ledger::reference::Reference;
use appvm_ledger::vm::{code, outcomes, output_records, Deposit, Ledger, Transfer, Withdraw, ACCOUNTS, SUPPLY_CAP};
use appvm_ledger::workload::{mixed, payments};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::app::{check_agreement, App, Effects, Event, Inputs, ScenarioApp, Workload};

/// An outcome code's name and meaning; `None` for success.
fn reason(code: u64) -> Option<(&'static str, &'static str)> {
    match code {
        code::OK => None,
        code::NO_SUCH_ACCOUNT => Some(("NoSuchAccount", "an account id is not below 1024")),
        code::SUPPLY_CAP => Some(("SupplyCap", "the supply would pass its cap")),
        code::INSUFFICIENT_FUNDS => Some(("InsufficientFunds", "the balance is below the amount")),
        _ => Some(("Unknown", "not an outcome code of the ledger")),
    }
}

/// A reason name as a `&'static str` (the summary's key).
fn reason_name(name: &str) -> &'static str {
    [code::NO_SUCH_ACCOUNT, code::SUPPLY_CAP, code::INSUFFICIENT_FUNDS]
        .into_iter()
        .filter_map(reason)
        .map(|(n, _)| n)
        .find(|n| *n == name)
        .unwrap_or("Unknown")
}

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

impl Inputs for Ledger {}

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

    fn summary(batch: &Effects<'_, Ledger>) -> Vec<(&'static str, String)> {
        let Ok(events) = Self::events(batch) else {
            return Vec::new();
        };
        let ok = events.iter().filter(|e| e.kind != "refused").count();
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for event in events.iter().filter(|e| e.kind == "refused") {
            let reason = event.fields.get("reason").and_then(serde_json::Value::as_str).unwrap_or("?");
            match reasons.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((reason_name(reason), 1)),
            }
        }
        let refused: usize = reasons.iter().map(|(_, n)| n).sum();
        let by_reason: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        let refused = if refused == 0 { "none".into() } else { format!("{refused} ({})", by_reason.join(", ")) };
        vec![("outcomes", format!("{ok} ok, {refused} refused"))]
    }

    fn events(batch: &Effects<'_, Ledger>) -> Result<Vec<Event>> {
        let outcomes = outcomes(batch.outputs).context("an output record is too short to hold an outcome")?;
        let records = batch.outputs.iter().filter_map(|r| appvm::Output::parse(r));
        records
            .zip(outcomes)
            .map(|(record, outcome)| {
                let seq = usize::try_from(record.seq).unwrap_or(usize::MAX);
                let op = batch
                    .ops
                    .get(seq)
                    .with_context(|| format!("an outcome of input #{seq}, which is not in the batch"))?;
                let (what, fields) = match *op {
                    Ledger::Deposit(Deposit { account, amount }) => (
                        format!("deposit of {amount} to account {account}"),
                        json!({ "op": "Deposit", "account": account, "amount": amount }),
                    ),
                    Ledger::Transfer(Transfer { from, to, amount }) => (
                        format!("transfer of {amount} from account {from} to account {to}"),
                        json!({ "op": "Transfer", "from": from, "to": to, "amount": amount }),
                    ),
                    Ledger::Withdraw(Withdraw { account, amount }) => (
                        format!("withdrawal of {amount} from account {account}"),
                        json!({ "op": "Withdraw", "account": account, "amount": amount }),
                    ),
                };
                let mut fields = fields;
                Ok(match reason(outcome.code) {
                    None => Event::new(seq, "ok", what, fields),
                    Some((name, about)) => {
                        fields["reason"] = json!(name);
                        fields["reason_code"] = json!(outcome.code);
                        Event::new(seq, "refused", format!("refused {what}: {name} ({about})"), fields)
                    }
                })
            })
            .collect()
    }
}

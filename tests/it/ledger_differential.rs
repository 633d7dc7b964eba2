//! Differential tests: the ledger VM against the independent plain-Rust `Reference` engine, on
//! random sequences that aim at the edges (accounts that do not exist, amounts 0 and `u32::MAX`,
//! exactly the balance, deposits at the supply cap, self-transfers).

use std::cell::RefCell;

use crate::common::ledger_machine;
use appvm::{Machine, Memory};
use appvm_ledger::reference::Reference;
use appvm_ledger::vm::{code, output_records, Deposit, Ledger, Transfer, Withdraw, ACCOUNTS, SUPPLY_CAP};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};

/// Cases of the property test.
const CASES: u32 = 1_000;
/// Longest generated sequence.
const MAX_OPS: usize = 64;
/// Accounts most ops use, so that they interact.
const BUSY: u32 = 8;

/// An amount, resolved against the reference state when the op is built: edges that depend on
/// the state (the exact balance, the room left under the cap) cannot be fixed in advance.
#[derive(Clone, Copy, Debug)]
enum Amount {
    Fixed(u32),
    /// The debited (or credited) account's balance, plus a delta.
    Balance(i64),
    /// The room left under the supply cap, plus a delta.
    ToCap(i64),
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Deposit,
    Transfer,
    SelfTransfer,
    Withdraw,
}

/// One op before resolution.
#[derive(Clone, Copy, Debug)]
struct Spec {
    kind: Kind,
    a: u32,
    b: u32,
    amount: Amount,
}

fn account() -> impl Strategy<Value = u32> {
    let accounts = ACCOUNTS as u32;
    prop_oneof![
        12 => 0..BUSY,
        2 => 0..accounts,
        1 => Just(accounts - 1),
        1 => accounts..accounts + 4,
        1 => Just(u32::MAX),
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        4 => (0..5_000u32).prop_map(Amount::Fixed),
        1 => Just(Amount::Fixed(0)),
        1 => Just(Amount::Fixed(u32::MAX)),
        1 => any::<u32>().prop_map(Amount::Fixed),
        3 => (-1i64..=1).prop_map(Amount::Balance),
        2 => (-1i64..=1).prop_map(Amount::ToCap),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let kind = prop_oneof![
        2 => Just(Kind::Deposit),
        3 => Just(Kind::Transfer),
        1 => Just(Kind::SelfTransfer),
        2 => Just(Kind::Withdraw),
    ];
    (kind, account(), account(), amount()).prop_map(|(kind, a, b, amount)| Spec { kind, a, b, amount })
}

/// Initial balances: small ones, ones above `u32::MAX`, or a supply within a few `u32`s of the
/// cap (split over a few accounts), so that deposits reach the cap.
fn genesis() -> impl Strategy<Value = Vec<u64>> {
    let near_cap = (prop_oneof![Just(0u64), Just(1), 0..1_000u64, 0..(1u64 << 33)], 1..=4u64).prop_map(|(gap, k)| {
        let supply = SUPPLY_CAP - gap;
        let mut balances = vec![supply / k; k as usize];
        balances[0] += supply % k;
        balances
    });
    prop_oneof![
        2 => prop::collection::vec(0..10_000u64, 0..=BUSY as usize),
        1 => prop::collection::vec((1u64 << 32)..(1u64 << 40), 1..=BUSY as usize),
        2 => near_cap,
    ]
}

fn workload() -> impl Strategy<Value = (Vec<u64>, Vec<Spec>)> {
    (genesis(), prop::collection::vec(spec(), 1..=MAX_OPS))
}

/// `base + delta` clamped into `u32`.
fn clamp(base: u64, delta: i64) -> u32 {
    let v = i128::from(base) + i128::from(delta);
    v.clamp(0, i128::from(u32::MAX)) as u32
}

/// The op a spec stands for in state `r`.
fn resolve(spec: Spec, r: &Reference) -> Ledger {
    let balance = |a: u32| r.balances.get(a as usize).copied().unwrap_or(0);
    let amount = match spec.amount {
        Amount::Fixed(x) => x,
        Amount::Balance(d) => clamp(balance(spec.a), d),
        Amount::ToCap(d) => clamp(SUPPLY_CAP - r.supply, d),
    };
    match spec.kind {
        Kind::Deposit => Ledger::Deposit(Deposit { account: spec.a, amount }),
        Kind::Transfer => Ledger::Transfer(Transfer { from: spec.a, to: spec.b, amount }),
        Kind::SelfTransfer => Ledger::Transfer(Transfer { from: spec.a, to: spec.a, amount }),
        Kind::Withdraw => Ledger::Withdraw(Withdraw { account: spec.a, amount }),
    }
}

/// What the generated workloads hit, to show the strategies reach the edges.
#[derive(Debug, Default)]
struct Coverage {
    ops: usize,
    codes: [usize; 4],
    zero: usize,
    max: usize,
    exact_balance: usize,
    cap_reached: usize,
    cap_exceeded_by_one: usize,
    self_transfers: usize,
    invalid_accounts: usize,
}

impl Coverage {
    fn record(&mut self, op: &Ledger, before: &Reference, code: u64) {
        let valid = |a: u32| u64::from(a) < ACCOUNTS;
        let balance = |a: u32| before.balances.get(a as usize).copied();
        self.ops += 1;
        self.codes[code as usize] += 1;
        let (amount, debited) = match *op {
            Ledger::Deposit(Deposit { account, amount }) => {
                if valid(account) {
                    let after = before.supply + u64::from(amount);
                    self.cap_reached += usize::from(after == SUPPLY_CAP);
                    self.cap_exceeded_by_one += usize::from(after == SUPPLY_CAP + 1);
                }
                self.invalid_accounts += usize::from(!valid(account));
                (amount, None)
            }
            Ledger::Transfer(Transfer { from, to, amount }) => {
                self.self_transfers += usize::from(from == to && valid(from));
                self.invalid_accounts += usize::from(!valid(from) || !valid(to));
                (amount, Some(from))
            }
            Ledger::Withdraw(Withdraw { account, amount }) => {
                self.invalid_accounts += usize::from(!valid(account));
                (amount, Some(account))
            }
        };
        self.zero += usize::from(amount == 0);
        self.max += usize::from(amount == u32::MAX);
        if let Some(a) = debited {
            self.exact_balance += usize::from(balance(a) == Some(u64::from(amount)) && amount > 0);
        }
    }
}

/// Runs the reference over `specs` from `balances`; returns the genesis, the ops and the codes.
fn reference_run(
    balances: &[u64],
    specs: &[Spec],
    coverage: Option<&mut Coverage>,
) -> (Memory, Vec<Ledger>, Reference, Vec<u64>) {
    let genesis = Ledger::with_balances(balances);
    let mut reference = Reference::from_cells(&genesis.to_u64s());
    assert!(reference.check_invariant(), "generated genesis breaks the invariant");
    let mut ops = Vec::with_capacity(specs.len());
    let mut codes = Vec::with_capacity(specs.len());
    let mut coverage = coverage;
    for &spec in specs {
        let op = resolve(spec, &reference);
        let before = coverage.is_some().then(|| reference.clone());
        let code = reference.apply(&op);
        if let (Some(c), Some(before)) = (coverage.as_deref_mut(), &before) {
            c.record(&op, before, code);
        }
        ops.push(op);
        codes.push(code);
    }
    (genesis, ops, reference, codes)
}

/// The VM's outputs and final memory must equal the reference's, and the invariant must hold.
fn check(
    machine: &Machine<Ledger>,
    balances: &[u64],
    specs: &[Spec],
    coverage: &mut Coverage,
) -> Result<(), TestCaseError> {
    let (genesis, ops, reference, codes) = reference_run(balances, specs, Some(coverage));
    prop_assert!(reference.check_invariant(), "the reference broke conservation: {reference:?}");
    let execution = machine.execute(&genesis, &ops).map_err(|e| TestCaseError::fail(format!("execute: {e}")))?;
    let expected = output_records(&codes);
    prop_assert_eq!(&execution.outputs, &expected, "outputs of {:?}", ops);
    prop_assert_eq!(execution.final_memory.to_u64s(), reference.cells(), "final memory of {:?}", ops);
    prop_assert!(Reference::from_cells(&execution.final_memory.to_u64s()).check_invariant());
    Ok(())
}

#[test]
fn vm_matches_reference_on_random_workloads() {
    let machine = ledger_machine();
    let coverage = RefCell::new(Coverage::default());
    let mut runner =
        TestRunner::new(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() });
    let result =
        runner.run(&workload(), |(balances, specs)| check(&machine, &balances, &specs, &mut coverage.borrow_mut()));
    if let Err(e) = result {
        panic!("{e}");
    }
    let c = coverage.into_inner();
    println!("{CASES} cases (plus shrinking, if any), {} ops: {c:?}", c.ops);
    // The strategies must reach every edge they are for; otherwise the test proves little.
    assert!(c.codes.iter().all(|&n| n > 0), "every outcome code: {:?}", c.codes);
    for (edge, n) in [
        ("amount 0", c.zero),
        ("amount u32::MAX", c.max),
        ("exactly the balance", c.exact_balance),
        ("deposit reaching the cap", c.cap_reached),
        ("deposit one past the cap", c.cap_exceeded_by_one),
        ("self-transfer", c.self_transfers),
        ("invalid account", c.invalid_accounts),
    ] {
        assert!(n > 0, "no generated op hit: {edge}");
    }
    assert!(c.codes[code::OK as usize] > c.ops / 10, "most workloads must do something: {:?}", c.codes);
}

/// Three generated workloads, proven and verified end to end.
#[test]
fn generated_workloads_prove_and_verify() {
    let machine = ledger_machine();
    let mut runner = TestRunner::deterministic();
    let strategy = workload();
    for i in 0..3 {
        let (balances, specs) = strategy.new_tree(&mut runner).expect("a workload").current();
        let (genesis, ops, reference, codes) = reference_run(&balances, &specs, None);
        let (statement, proof) = machine.prove(&genesis, &ops).expect("prove");
        assert_eq!(statement.final_state, reference.cells(), "workload {i}");
        let expected = output_records(&codes);
        assert_eq!(statement.outputs, expected, "workload {i}");
        machine.verify(&statement, &proof).expect("verify");
        println!("workload {i}: {} ops from {} funded accounts proven and verified", ops.len(), balances.len());
    }
}

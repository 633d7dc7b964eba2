//! Tampering: a valid ledger proof must be rejected, with an error and never a panic, once any
//! part of its statement or any of its bytes is changed, or when it is checked against another
//! statement or made by another VM.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::common::{ledger_batch, ledger_machine};
use appvm::{Machine, Memory, Params, Proof, Statement, VerifyError, Vm};
use appvm_ledger::vm::{Deposit, Ledger, Transfer, Withdraw};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Ops per proven batch.
const OPS: usize = 200;
/// Random corruptions of the proof bytes.
const CORRUPTIONS: usize = 2_400;
/// The message of `Machine::verify`'s unwind backstop.
const BACKSTOP: &str = "backend panicked on malformed proof";

/// The same opcodes as the ledger under another name: identical constraints, another identity.
#[derive(Clone, Copy, Debug, Vm)]
#[vm(name = "ledger-fork")]
enum Fork {
    Deposit(Deposit),
    Transfer(Transfer),
    Withdraw(Withdraw),
}

/// The same opcodes in another order: other opcode ids, other chips.
#[derive(Clone, Copy, Debug, Vm)]
#[vm(name = "ledger")]
enum Reordered {
    Withdraw(Withdraw),
    Deposit(Deposit),
    Transfer(Transfer),
}

fn to_fork(op: &Ledger) -> Fork {
    match *op {
        Ledger::Deposit(d) => Fork::Deposit(d),
        Ledger::Transfer(t) => Fork::Transfer(t),
        Ledger::Withdraw(w) => Fork::Withdraw(w),
    }
}

fn to_reordered(op: &Ledger) -> Reordered {
    match *op {
        Ledger::Deposit(d) => Reordered::Deposit(d),
        Ledger::Transfer(t) => Reordered::Transfer(t),
        Ledger::Withdraw(w) => Reordered::Withdraw(w),
    }
}

/// Verifies under `catch_unwind`: a panic fails the test, naming the case.
fn verify<M: Vm>(machine: &Machine<M>, statement: &Statement, proof: &Proof, case: &str) -> Result<(), VerifyError> {
    catch_unwind(AssertUnwindSafe(|| machine.verify(statement, proof)))
        .unwrap_or_else(|_| panic!("{case}: verify panicked instead of returning an error"))
}

/// Requires `verify` to reject, with an error that is not the unwind backstop.
fn rejects<M: Vm>(machine: &Machine<M>, statement: &Statement, proof: &Proof, case: &str) {
    match verify(machine, statement, proof, case) {
        Ok(()) => panic!("{case}: the tampered statement verified"),
        Err(VerifyError::Rejected(msg)) if msg == BACKSTOP => {
            panic!("{case}: only the panic backstop rejected it")
        }
        Err(e) => println!("{case}: {e}"),
    }
}

/// A statement with one change.
fn changed(statement: &Statement, change: impl FnOnce(&mut Statement)) -> Statement {
    let mut s = statement.clone();
    change(&mut s);
    assert_ne!(&s, statement, "the change must change the statement");
    s
}

/// The proven batch: a funded genesis and random ops, plus the machine.
fn proven() -> (Machine<Ledger>, Memory, Vec<Ledger>, Statement, Proof) {
    let machine = ledger_machine();
    let (genesis, ops) = ledger_batch(7, OPS);
    let (statement, proof) = machine.prove(&genesis, &ops).expect("prove");
    machine.verify(&statement, &proof).expect("the untampered proof verifies");
    (machine, genesis, ops, statement, proof)
}

#[test]
fn every_change_to_the_statement_is_rejected() {
    let (machine, _, _, statement, proof) = proven();
    let s = &statement;
    let first = |opcode: u64| s.inputs.iter().position(|r| r[0] == opcode).expect("the batch has every opcode");
    let (deposit, transfer) = (first(0), first(1));
    let mid = s.outputs.len() / 2;
    let cases: Vec<(&str, Statement)> = vec![
        ("vm id", changed(s, |s| s.vm.0[0] ^= 1)),
        ("initial state: supply", changed(s, |s| s.initial_state[0] += 1)),
        ("initial state: an untouched account", changed(s, |s| s.initial_state[1000] += 1)),
        ("initial state: a busy account", changed(s, |s| s.initial_state[1] -= 1)),
        ("final state: supply", changed(s, |s| s.final_state[0] += 1)),
        ("final state: an untouched account", changed(s, |s| s.final_state[1000] = 5)),
        ("final state: a busy account", changed(s, |s| s.final_state[2] += 1)),
        ("final state: one cell longer", changed(s, |s| s.final_state.push(0))),
        (
            "both states: an untouched account, equally",
            changed(s, |s| {
                s.initial_state[1000] += 3;
                s.final_state[1000] += 3;
            }),
        ),
        (
            "touched: a touched word dropped",
            changed(s, |s| {
                s.touched.remove(1);
            }),
        ),
        ("touched: an untouched word added", changed(s, |s| s.touched.push(1000))),
        ("touched: out of order", changed(s, |s| s.touched.swap(0, 1))),
        (
            "both states: one cell longer",
            changed(s, |s| {
                s.initial_state.push(0);
                s.final_state.push(0);
            }),
        ),
        ("input operand: transfer amount", changed(s, |s| s.inputs[transfer][3] += 1)),
        ("input operand: transfer recipient", changed(s, |s| s.inputs[transfer][2] ^= 1)),
        ("input operand: deposit account", changed(s, |s| s.inputs[deposit][1] ^= 1)),
        ("input operand: out of its type", changed(s, |s| s.inputs[transfer][3] = 1 << 32)),
        ("input opcode: deposit as withdraw", changed(s, |s| s.inputs[deposit][0] = 2)),
        ("input opcode: unknown", changed(s, |s| s.inputs[deposit][0] = 3)),
        ("input appended", changed(s, |s| s.inputs.push(s.inputs[0].clone()))),
        ("input removed: last", changed(s, |s| drop(s.inputs.pop()))),
        ("input removed: first", changed(s, |s| drop(s.inputs.remove(0)))),
        ("inputs swapped", {
            let j = (1..s.inputs.len()).find(|&j| s.inputs[j] != s.inputs[0]).expect("two distinct inputs");
            changed(s, |s| s.inputs.swap(0, j))
        }),
        ("output field: code", changed(s, |s| s.outputs[mid][2] ^= 1)),
        ("output field: seq", changed(s, |s| s.outputs[mid][0] += 1)),
        ("output field: index", changed(s, |s| s.outputs[mid][1] = 1)),
        ("output dropped", changed(s, |s| drop(s.outputs.remove(mid)))),
        ("output added", changed(s, |s| s.outputs.push(vec![s.inputs.len() as u64, 0, 0]))),
        ("output duplicated", changed(s, |s| s.outputs.push(s.outputs[mid].clone()))),
        ("outputs swapped", {
            let j = (mid + 1..s.outputs.len()).find(|&j| s.outputs[j][2] != s.outputs[mid][2]).expect("two codes");
            changed(s, |s| s.outputs.swap(mid, j))
        }),
        ("output with an extra field", changed(s, |s| s.outputs[mid].push(0))),
        ("output value not a field element", changed(s, |s| s.outputs[mid][2] = u64::MAX)),
    ];
    for (case, tampered) in &cases {
        rejects(&machine, tampered, &proof, case);
    }
    println!("{} statement changes rejected", cases.len());
}

#[test]
fn a_proof_does_not_verify_another_statement() {
    let (machine, genesis, ops, statement, proof) = proven();
    // Another batch of the same VM from the same genesis, and the same batch one op shorter.
    let (_, other_ops) = ledger_batch(8, OPS);
    let (other, other_proof) = machine.prove(&genesis, &other_ops).expect("prove");
    rejects(&machine, &other, &proof, "proof of batch A, statement of batch B");
    rejects(&machine, &statement, &other_proof, "proof of batch B, statement of batch A");
    let (shorter, _) = machine.prove(&genesis, &ops[..OPS - 1]).expect("prove");
    rejects(&machine, &shorter, &proof, "statement of a prefix of the batch");
    // Same ops from another genesis.
    let (richer, _) = machine.prove(&Ledger::with_balances(&[2_000_000; 64]), &ops).expect("prove");
    rejects(&machine, &richer, &proof, "same ops, other genesis");
}

#[test]
fn a_proof_made_by_another_vm_is_rejected() {
    let (machine, genesis, ops, statement, proof) = proven();

    // Identical constraints under another name: the id is bound into the proof's transcript,
    // so relabelling the statement is not enough.
    let fork = Machine::<Fork>::new(Params::Fast).expect("layout");
    assert_ne!(fork.id(), machine.id());
    let fork_ops: Vec<Fork> = ops.iter().map(to_fork).collect();
    let (fork_statement, fork_proof) = fork.prove(&genesis, &fork_ops).expect("prove");
    fork.verify(&fork_statement, &fork_proof).expect("the fork verifies its own proof");
    rejects(&machine, &fork_statement, &fork_proof, "fork statement and proof");
    let relabelled = changed(&fork_statement, |s| s.vm = machine.id());
    assert_eq!(relabelled, statement, "the fork's statement is the ledger's but for the id");
    rejects(&machine, &relabelled, &fork_proof, "fork proof, statement relabelled to the ledger");
    rejects(&fork, &changed(&statement, |s| s.vm = fork.id()), &proof, "ledger proof under the fork");

    // The same opcodes in another order: other opcode ids, other chip order.
    let reordered = Machine::<Reordered>::new(Params::Fast).expect("layout");
    assert_ne!(reordered.id(), machine.id());
    let reordered_ops: Vec<Reordered> = ops.iter().map(to_reordered).collect();
    let (r_statement, r_proof) = reordered.prove(&genesis, &reordered_ops).expect("prove");
    rejects(&machine, &changed(&r_statement, |s| s.vm = machine.id()), &r_proof, "reordered VM, relabelled");
    rejects(&machine, &statement, &r_proof, "reordered VM's proof, ledger statement");

    // A parameter mismatch: a `Secure` verifier of the same VM is another identity, and even with
    // the id relabelled, the proof's parameters are checked.
    let secure = Machine::<Ledger>::new(Params::Secure).expect("layout");
    assert_ne!(secure.id(), machine.id());
    rejects(&secure, &statement, &proof, "Fast proof, Secure verifier");
    rejects(&secure, &changed(&statement, |s| s.vm = secure.id()), &proof, "Fast proof relabelled as Secure");
}

/// The proof says how many trace pieces each opcode's chip has (the verifier instantiates the
/// chip's AIR that many times); any other split of the same traces is rejected with an error.
#[test]
fn a_changed_chip_split_is_rejected() {
    let (machine, _, _, statement, proof) = proven();
    let bytes = proof.to_bytes();
    // bincode: the parameter set (one byte), then the piece counts (a length byte, a byte each).
    let opcodes = Ledger::OPCODES.len();
    assert_eq!(usize::from(bytes[1]), opcodes, "the piece counts follow the parameter set");
    let split = |counts: &[u8]| {
        let mut b = bytes.clone();
        b[2..2 + opcodes].copy_from_slice(counts);
        Proof::from_bytes(&b).expect("a split is well-formed bytes")
    };
    let counts = bytes[2..2 + opcodes].to_vec();
    assert!(counts.iter().all(|&n| n >= 1), "every ledger opcode runs in the batch: {counts:?}");
    for i in 0..opcodes {
        for n in [0, counts[i] + 1, 5, u8::MAX] {
            let mut changed = counts.clone();
            changed[i] = n;
            rejects(&machine, &statement, &split(&changed), &format!("opcode {i} split into {n} pieces"));
        }
        for j in (0..opcodes).filter(|&j| j != i) {
            let mut moved = counts.clone();
            moved[i] -= 1;
            moved[j] += 1;
            rejects(&machine, &statement, &split(&moved), &format!("a piece of opcode {i} moved to opcode {j}"));
        }
    }
}

/// How a corruption was rejected.
#[derive(Debug, Default)]
struct Tally {
    decode: usize,
    shape: usize,
    rejected: usize,
    backstop: usize,
    other: usize,
}

/// The ways the bytes are corrupted.
const KINDS: [&str; 6] = ["bit flip", "byte overwrite", "truncation", "extension", "zeroed range", "bit flips x8"];

fn corrupt(rng: &mut StdRng, bytes: &[u8], kind: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let n = b.len();
    match kind {
        0 => b[rng.random_range(0..n)] ^= 1 << rng.random_range(0..8u32),
        1 => {
            let i = rng.random_range(0..n);
            let old = b[i];
            b[i] = loop {
                let v: u8 = rng.random();
                if v != old {
                    break v;
                }
            };
        }
        2 => b.truncate(rng.random_range(0..n)),
        3 => {
            let extra = rng.random_range(1..64usize);
            b.extend((0..extra).map(|_| rng.random::<u8>()));
        }
        4 => {
            let start = rng.random_range(0..n);
            let len = rng.random_range(1..=64usize).min(n - start);
            b[start..start + len].fill(0);
        }
        _ => {
            for _ in 0..8 {
                b[rng.random_range(0..n)] ^= 1 << rng.random_range(0..8u32);
            }
        }
    }
    b
}

#[test]
fn corrupted_proof_bytes_are_rejected_without_panicking() {
    let (machine, _, _, statement, proof) = proven();
    let bytes = proof.to_bytes();
    Proof::from_bytes(&bytes).and_then(|p| machine.verify(&statement, &p)).expect("the round trip verifies");
    let mut rng = StdRng::seed_from_u64(0x7a3);
    let mut tallies: Vec<Tally> = KINDS.iter().map(|_| Tally::default()).collect();
    let mut unchanged = 0;
    for i in 0..CORRUPTIONS {
        let kind = i % KINDS.len();
        let corrupted = corrupt(&mut rng, &bytes, kind);
        if corrupted == bytes {
            unchanged += 1; // a zeroed range that was already zero
            continue;
        }
        let case = format!("corruption #{i} ({})", KINDS[kind]);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            Proof::from_bytes(&corrupted).and_then(|p| machine.verify(&statement, &p))
        }))
        .unwrap_or_else(|_| panic!("{case}: decoding or verifying panicked"));
        let tally = &mut tallies[kind];
        match outcome {
            Ok(()) => panic!("{case}: the corrupted proof verified"),
            Err(VerifyError::Decode(_)) => tally.decode += 1,
            Err(VerifyError::Shape(_)) => tally.shape += 1,
            Err(VerifyError::Rejected(msg)) if msg == BACKSTOP => {
                println!("{case}: rejected by the panic backstop");
                tally.backstop += 1;
            }
            Err(VerifyError::Rejected(_)) => tally.rejected += 1,
            Err(e) => {
                println!("{case}: {e}");
                tally.other += 1;
            }
        }
    }
    println!("proof: {} bytes; {CORRUPTIONS} corruptions, {unchanged} left the bytes unchanged", bytes.len());
    println!("{:<16} {:>7} {:>7} {:>9} {:>9} {:>6}", "kind", "decode", "shape", "rejected", "backstop", "other");
    for (kind, t) in KINDS.iter().zip(&tallies) {
        println!("{kind:<16} {:>7} {:>7} {:>9} {:>9} {:>6}", t.decode, t.shape, t.rejected, t.backstop, t.other);
    }
    let total = |f: fn(&Tally) -> usize| tallies.iter().map(f).sum::<usize>();
    println!(
        "total: {} decode, {} shape, {} rejected by the verifier, {} by the backstop, {} other",
        total(|t| t.decode),
        total(|t| t.shape),
        total(|t| t.rejected),
        total(|t| t.backstop),
        total(|t| t.other)
    );
    assert_eq!(total(|t| t.backstop), 0, "malformed proofs reached a backend panic (see the cases above)");
    assert_eq!(total(|t| t.decode + t.shape + t.rejected + t.other), CORRUPTIONS - unchanged);
    assert!(total(|t| t.rejected) > 0, "some corruptions must reach the STARK verifier");
}

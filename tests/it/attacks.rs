//! Prover-side attacks on the ledger and the order book: each changes a valid witness (the
//! statement it claims and the traces behind it), re-proves it with the real prover and hands
//! the result to the unchanged verifier (`appvm::testkit::forge`). Every attack must end as it
//! says: rejected by the verifier, or (another split of the rows) verifying for exactly the honest
//! statement.

use crate::common::{ledger_batch, ledger_machine, orderbook_machine};
use appvm::testkit::{forge, run_attacks, standard_attacks, Verdict};
use appvm::{Machine, Params, Vm, Witness};
use appvm_orderbook::types::Input;
use appvm_orderbook::vm::{genesis, to_vm, Orderbook};
use appvm_orderbook::workload::{adversarial, mixed};

/// Runs the standard catalogue and requires every attack to end as expected; returns how many
/// applied.
fn every_attack_fails<M: Vm>(machine: &Machine<M>, honest: &Witness) -> usize {
    let outcomes = run_attacks(machine, honest, &standard_attacks());
    for outcome in &outcomes {
        println!("{}: {}: {:?}", M::NAME, outcome.name, outcome.verdict);
        assert!(
            outcome.as_expected(),
            "{}: `{}` must be {:?}, was {:?}",
            M::NAME,
            outcome.name,
            outcome.expect,
            outcome.verdict
        );
    }
    outcomes.len()
}

fn orderbook_witness(machine: &Machine<Orderbook>, seed: u64) -> Witness {
    let mut inputs: Vec<Input> = mixed(seed, 96);
    inputs.extend(adversarial(seed, 96));
    let ops: Vec<Orderbook> = inputs.iter().map(|i| to_vm(i).expect("ids below 2^63")).collect();
    machine.witness(&genesis(), &ops).expect("the batch executes")
}

#[test]
fn the_ledger_withstands_every_standard_attack() {
    let machine = ledger_machine();
    let (memory, ops) = ledger_batch(21, 96);
    let honest = machine.witness(&memory, &ops).expect("the batch executes");
    assert_eq!(every_attack_fails(&machine, &honest), standard_attacks().len(), "every attack applies");
}

#[test]
fn the_order_book_withstands_every_standard_attack() {
    let machine = orderbook_machine();
    let honest = orderbook_witness(machine, 22);
    assert_eq!(every_attack_fails(machine, &honest), standard_attacks().len(), "every attack applies");
}

/// The review's false statement: the same outputs in another order, re-proven. The output table
/// is a multiset, so the proof alone accepts any order; the verifier requires the executor's.
/// Checked with the secure parameters as well as the fast ones.
#[test]
fn reordered_outputs_are_rejected_even_when_re_proven() {
    for params in [Params::Fast, Params::Secure] {
        let machine = Machine::<appvm_ledger::vm::Ledger>::new(params).expect("lays out");
        let (memory, ops) = ledger_batch(23, 48);
        let honest = machine.witness(&memory, &ops).expect("the batch executes");
        assert!(honest.statement.outputs.len() >= 2, "the batch has outputs to reorder");
        let verdict = forge(&machine, &honest, |f| {
            f.statement.outputs.reverse();
            true
        });
        match verdict {
            Some(Verdict::Rejected(e)) => assert!(e.to_string().contains("(seq, index) order"), "{params:?}: {e}"),
            other => panic!("{params:?}: reversed outputs: {other:?}"),
        }
    }
}

/// A hint the constraints check: the predecessor level a new level is inserted after. Any other
/// value, re-proven, is rejected.
#[test]
fn a_changed_order_book_hint_is_rejected_when_re_proven() {
    let machine = orderbook_machine();
    let honest = orderbook_witness(machine, 24);
    let new_level = Orderbook::OPCODES.iter().position(|op| op.name == "NewLevel").expect("NewLevel opcode");
    for delta in [1, 2, 1 << 20] {
        let verdict = forge(machine, &honest, |f| f.bump_cell(new_level, "pred", delta)).expect("NewLevel ran");
        assert!(matches!(verdict, Verdict::Rejected(_)), "pred + {delta}: {verdict:?}");
    }
}

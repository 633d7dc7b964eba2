//! A proven order-book batch is bound to what it claims: the same proof with one trade altered,
//! one event dropped or moved, or a different final state (and so a different final state
//! commitment) is rejected with an error.

use std::sync::OnceLock;

use crate::common::orderbook_machine;
use appvm::{Proof, Statement};
use appvm_orderbook::types::{EventKind, Input};
use appvm_orderbook::vm::{genesis, to_vm, Orderbook};
use appvm_orderbook::workload::{adversarial, mixed};

/// Output record fields: `[seq, index, kind, f1…f6]`.
const KIND: usize = 2;

/// One proven batch for every test: mixed flow plus the adversarial edge cases.
fn proven() -> &'static (Statement, Proof) {
    static PROVEN: OnceLock<(Statement, Proof)> = OnceLock::new();
    PROVEN.get_or_init(|| {
        let mut inputs: Vec<Input> = mixed(5, 160);
        inputs.extend(adversarial(5, 160));
        let ops: Vec<Orderbook> = inputs.iter().map(|i| to_vm(i).expect("ids below 2^63")).collect();
        let machine = orderbook_machine();
        let (statement, proof) = machine.prove(&genesis(), &ops).expect("the batch proves");
        machine.verify(&statement, &proof).expect("the untouched batch verifies");
        (statement, proof)
    })
}

fn rejected(statement: &Statement, what: &str) {
    let (_, proof) = proven();
    let result = orderbook_machine().verify(statement, proof);
    assert!(result.is_err(), "{what}: verified");
}

/// Positions of the output records of `kind`.
fn records_of(statement: &Statement, kind: EventKind) -> Vec<usize> {
    let kind = u64::from(kind.code());
    statement.outputs.iter().enumerate().filter(|(_, o)| o[KIND] == kind).map(|(i, _)| i).collect()
}

#[test]
fn every_field_of_a_trade_is_bound() {
    let (statement, _) = proven();
    let trades = records_of(statement, EventKind::Trade);
    assert!(trades.len() > 10, "the batch trades");
    // maker, taker, price, qty, maker fee, taker fee; on the first, a middle and the last trade.
    for &position in [trades[0], trades[trades.len() / 2], trades[trades.len() - 1]].iter() {
        for field in KIND + 1..KIND + 7 {
            for delta in [1u64, 1 << 16] {
                let mut forged = statement.clone();
                forged.outputs[position][field] += delta;
                rejected(&forged, &format!("trade #{position} field {field} + {delta}"));
            }
        }
    }
}

#[test]
fn a_dropped_event_of_any_kind_is_rejected() {
    let (statement, _) = proven();
    let mut kinds = 0;
    for kind in EventKind::ALL {
        let Some(&position) = records_of(statement, *kind).first() else { continue };
        kinds += 1;
        let mut forged = statement.clone();
        forged.outputs.remove(position);
        rejected(&forged, &format!("{kind:?} event #{position} dropped"));
    }
    assert_eq!(kinds, EventKind::ALL.len(), "the batch emits every kind of event");
}

#[test]
fn events_cannot_move_between_inputs_or_be_added() {
    let (statement, _) = proven();
    let trade = records_of(statement, EventKind::Trade)[0];
    let mut forged = statement.clone();
    forged.outputs[trade][0] += 1; // the same trade, claimed for the next input
    rejected(&forged, "trade moved to the next input");

    let mut forged = statement.clone();
    let copy = forged.outputs[trade].clone();
    forged.outputs.push(copy);
    rejected(&forged, "trade duplicated");

    let rejection = records_of(statement, EventKind::Rejected)[0];
    let mut forged = statement.clone();
    forged.outputs[rejection][KIND + 1] += 1; // another reason
    rejected(&forged, "rejection reason changed");
}

#[test]
fn a_different_final_state_is_rejected() {
    let (statement, _) = proven();
    let changed: Vec<usize> =
        (0..statement.final_state.len()).filter(|&i| statement.final_state[i] != statement.initial_state[i]).collect();
    assert!(!changed.is_empty());
    // Some words the batch wrote (balances first in the layout, then counters, levels, orders).
    for &i in [changed[0], changed[changed.len() / 2], changed[changed.len() - 1]].iter() {
        let mut forged = statement.clone();
        forged.final_state[i] += 1;
        assert_ne!(forged.final_commitment(), statement.final_commitment());
        rejected(&forged, &format!("final state word element {i} + 1"));
    }
    // The initial state, too: the proof starts from one committed state.
    let mut forged = statement.clone();
    forged.initial_state[changed[0]] += 1;
    rejected(&forged, "initial state changed");
}

#[test]
fn another_vms_statement_is_rejected() {
    let (statement, _) = proven();
    let mut forged = statement.clone();
    forged.vm = crate::common::ledger_machine().id();
    rejected(&forged, "the ledger VM's id");
}

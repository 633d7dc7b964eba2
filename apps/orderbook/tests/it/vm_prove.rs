//! A small mixed batch is proven and verified; changing its outputs or final state breaks it.

use appvm_orderbook::types::Input;
use appvm_orderbook::vm::genesis;
use appvm_orderbook::workload::{adversarial, mixed};

use crate::vm_support::{self, machine};

#[test]
fn a_mixed_batch_proves_and_verifies() {
    let mut inputs: Vec<Input> = mixed(11, 120);
    inputs.extend(adversarial(11, 120));
    let ops = vm_support::ops(&inputs);
    let (statement, proof) = machine().prove(&genesis(), &ops).expect("proves");
    machine().verify(&statement, &proof).expect("verifies");

    let mut forged = statement.clone();
    let trade = forged.outputs.iter_mut().find(|o| o[2] == 3).expect("the batch trades");
    trade[6] += 1; // one more unit of maker fee
    assert!(machine().verify(&forged, &proof).is_err(), "a changed fee verified");

    let mut forged = statement.clone();
    let changed = forged.final_state.iter_mut().find(|v| **v != 0).expect("a non-zero word");
    *changed += 1;
    assert!(machine().verify(&forged, &proof).is_err(), "a changed final state verified");

    // An unreachable initial state (a live order in the last slot, untouched by the batch, in
    // both images) is refused before the proof is looked at: the hints are unique only in
    // reachable states.
    let mut forged = statement.clone();
    let last_slot = forged.initial_state.len() - 4;
    forged.initial_state[last_slot] = 7;
    forged.final_state[last_slot] = 7;
    match machine().verify(&forged, &proof) {
        Err(appvm::VerifyError::InitialState(reason)) => assert!(reason.contains("genesis"), "{reason}"),
        other => panic!("an unreachable initial state: {other:?}"),
    }
}

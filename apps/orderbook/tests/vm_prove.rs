//! A small mixed batch is proven and verified; changing its outputs or final state breaks it.

mod vm_support;

use appvm_orderbook::types::Input;
use appvm_orderbook::vm::genesis;
use appvm_orderbook::workload::{adversarial, mixed};
use vm_support::machine;

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
}

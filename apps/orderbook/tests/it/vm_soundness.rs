//! Every constraint and bus of the VM holds on generated traces, and single-cell mutations of
//! them are caught.

use crate::vm_support::{agree, every_path, machine, ops};
use appvm::testkit::{bus_balance, check_witness, mutation_sweep};
use appvm_orderbook::vm::genesis;
use appvm_orderbook::workload::{adversarial, mixed};

#[test]
fn the_path_catalogue_agrees_with_the_reference() {
    agree(&every_path());
}

#[test]
fn generated_traces_satisfy_every_constraint_and_bus() {
    for inputs in [mixed(1, 600), adversarial(1, 600), every_path()] {
        let witness = machine().witness(&genesis(), &ops(&inputs)).expect("executes");
        if let Err(failures) = check_witness(&witness) {
            panic!("{} constraint failures, first: {}", failures.len(), failures[0]);
        }
        let imbalances = bus_balance(&witness);
        assert!(imbalances.is_empty(), "{:?}", imbalances.first());
    }
}

#[test]
fn mutations_are_caught() {
    let mut inputs = every_path();
    inputs.extend(mixed(2, 300));
    inputs.extend(adversarial(2, 300));
    let witness = machine().witness(&genesis(), &ops(&inputs)).expect("executes");
    let report = mutation_sweep(&witness, 64, 7);
    assert!(report.survivors.is_empty(), "{report}");
}

#[test]
#[ignore = "slow (about 25 s): a wider mutation sweep; .ci/run runs it by name with `cargo test --workspace --tests -- --ignored`"]
fn wide_mutation_sweep() {
    for seed in 0..3 {
        let mut inputs = every_path();
        inputs.extend(mixed(seed + 10, 1_000));
        inputs.extend(adversarial(seed + 10, 1_000));
        let witness = machine().witness(&genesis(), &ops(&inputs)).expect("executes");
        let report = mutation_sweep(&witness, 512, seed);
        assert!(report.survivors.is_empty(), "{report}");
    }
}

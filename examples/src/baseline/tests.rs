//! End-to-end tests of the baseline: it computes what the derived VM computes, proves and
//! verifies, rejects corrupted traces and tampered statements, and every single-cell change of a
//! valid Transfer trace breaks a constraint or a bus.

use std::panic::{catch_unwind, AssertUnwindSafe};

use appvm::backend::EF;
use appvm::{Machine, Params, F};
use p3_air::{check_all_constraints, BaseAir};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::debug_util::{check_lookups, LookupDebugInstance};
use p3_lookup::Lookups;
use rand::SeedableRng;

use super::*;
use appvm_ledger::reference::Reference;
use appvm_ledger::vm::{code, Deposit};

/// A small batch whose fixed prefix hits every outcome (including `from == to` and both accounts
/// missing), followed by random transfers.
pub(crate) fn small_witness(random: usize) -> (Baseline, BaselineWitness) {
    let baseline = Baseline::new(Params::Fast);
    let witness = baseline.witness(&genesis(), &batch(random)).expect("the batch executes");
    (baseline, witness)
}

fn batch(random: usize) -> Vec<Ledger> {
    let t = |from, to, amount| Ledger::Transfer(Transfer { from, to, amount });
    let missing = ACCOUNTS as u32;
    let mut ops = vec![
        t(0, 1, 500),             // ok
        t(1, 1, 7),               // ok, from == to
        t(2, 3, 5_000_000),       // insufficient funds
        t(missing, 3, 1),         // no such `from`
        t(4, missing + 7, 1),     // no such `to`
        t(missing, missing, 1),   // neither exists
        t(5, 6, 1_000_000),       // ok, empties account 5
        t(5, 6, 1),               // insufficient: account 5 is empty
        t(u32::MAX, 0, u32::MAX), // largest operands
    ];
    ops.extend(random_transfers(&mut rand::rngs::StdRng::seed_from_u64(11), random));
    ops
}

#[test]
fn computes_what_the_derived_vm_and_the_reference_compute() {
    let ops = batch(200);
    let (_, witness) = small_witness(200);
    let derived = Machine::<Ledger>::new(Params::Fast).expect("the ledger VM sets up").execute(&genesis(), &ops);
    let derived = derived.expect("the derived VM executes");
    assert_eq!(witness.statement.outputs, derived.outputs);
    assert_eq!(witness.statement.final_state, derived.final_memory.to_u64s());
    let machine = Machine::<Ledger>::new(Params::Fast).expect("the ledger VM sets up");
    let derived = machine.witness(&genesis(), &ops).expect("the derived VM executes");
    let same = Statement { vm: witness.statement.vm, ..derived.statement };
    assert_eq!(witness.statement, same, "the baseline proves the derived VM's statement");

    let mut reference = Reference::from_cells(&genesis().to_u64s());
    let codes: Vec<u64> = ops.iter().map(|op| reference.apply(op)).collect();
    assert_eq!(witness.statement.outputs.iter().map(|o| o[2]).collect::<Vec<_>>(), codes);
    assert_eq!(witness.statement.final_state, reference.cells());
    for expected in [code::OK, code::NO_SUCH_ACCOUNT, code::INSUFFICIENT_FUNDS] {
        assert!(codes.contains(&expected), "the batch exercises code {expected}");
    }
}

#[test]
fn valid_batch_proves_and_verifies() {
    let (baseline, witness) = small_witness(50);
    let proof = baseline.prove(&witness).expect("proves");
    let proof = BaselineProof::from_bytes(&proof.to_bytes()).expect("round-trips");
    baseline.verify(&witness.statement, &proof).expect("verifies");
}

#[test]
fn tampered_statement_is_rejected() {
    let (baseline, witness) = small_witness(20);
    let proof = baseline.prove(&witness).expect("proves");
    let mut outputs = witness.statement.clone();
    outputs.outputs[2][2] = code::OK;
    let mut inputs = witness.statement.clone();
    inputs.inputs[0][3] += 1;
    let mut state = witness.statement.clone();
    state.final_state[1] += 1;
    let mut touched = witness.statement.clone();
    touched.touched.pop();
    for statement in [outputs, inputs, state, touched] {
        assert!(baseline.verify(&statement, &proof).is_err());
    }
}

#[test]
fn corrupted_cell_fails_to_verify() {
    // `to_old` of the first transfer is only bound by the memory bus, so no row constraint sees
    // the change: the bus must.
    let (baseline, mut witness) = small_witness(20);
    witness.traces[0].values[TRANSFER_COL_MAP.to_old] += F::ONE;
    let transfer = witness.transfer_air();
    assert!(check_all_constraints(&transfer, &witness.traces[0], &[], None).is_ok());
    let verified = catch_unwind(AssertUnwindSafe(|| {
        let proof = baseline.prove(&witness)?;
        baseline.verify(&witness.statement, &proof)
    }));
    assert!(!matches!(verified, Ok(Ok(()))), "a corrupted trace must not verify");
}

#[test]
fn every_single_cell_mutation_is_caught() {
    let (_, witness) = small_witness(0);
    let rows = witness.statement.inputs.len();
    let height = witness.traces[0].height();
    assert!(rows < height, "the sweep covers a padding row too");
    for row in (0..rows).chain([rows]) {
        for col in 0..NUM_TRANSFER_COLS {
            let mut traces = witness.traces.clone();
            traces[0].values[row * NUM_TRANSFER_COLS + col] += F::ONE;
            let name = TransferCols::<usize>::NAMES[col];
            assert!(caught(&witness, &traces), "row {row}: a change of `{name}` goes unnoticed");
        }
    }
}

/// True if a constraint of the Transfer chip fails or a bus does not balance.
fn caught(witness: &BaselineWitness, traces: &[RowMajorMatrix<F>]) -> bool {
    if !check_all_constraints(&witness.transfer_air(), &traces[0], &[], None).is_ok() {
        return true;
    }
    let preprocessed: Vec<_> = witness.airs.iter().map(BaseAir::preprocessed_trace).collect();
    let lookups: Vec<Lookups<F>> = witness.airs.iter().map(Lookups::from_air::<EF, _>).collect();
    let instances: Vec<LookupDebugInstance<'_, F>> = (0..witness.airs.len())
        .map(|i| LookupDebugInstance {
            main_trace: &traces[i],
            preprocessed_trace: &preprocessed[i],
            public_values: &witness.public_values[i],
            lookups: &lookups[i],
            permutation_challenges: &[],
        })
        .collect();
    catch_unwind(AssertUnwindSafe(|| check_lookups(&instances))).is_err()
}

#[test]
fn valid_witness_balances_every_bus() {
    let (_, witness) = small_witness(100);
    assert!(!caught(&witness, &witness.traces));
}

#[test]
fn rejects_batches_outside_its_domain() {
    let baseline = Baseline::new(Params::Fast);
    let deposit = Ledger::Deposit(Deposit { account: 0, amount: 1 });
    assert!(matches!(baseline.witness(&genesis(), &[deposit]), Err(BaselineError::NotATransfer { seq: 0 })));
    let too_many = vec![batch(0)[0]; MAX_TRANSFERS + 1];
    assert!(matches!(baseline.witness(&genesis(), &too_many), Err(BaselineError::BatchTooLarge { .. })));
    let small_memory = appvm::Memory::from_u64s([0; 3]);
    assert!(matches!(baseline.witness(&small_memory, &batch(0)), Err(BaselineError::Statement(_))));
}

#[test]
fn expert_semantics_in_the_dsl_compute_the_same_and_prove() {
    use super::dsl::{expert_ops, ExpertLedger};
    let ops = batch(60);
    let (_, witness) = small_witness(60);
    let machine = Machine::<ExpertLedger>::new(Params::Fast).expect("the expert VM sets up");
    let (statement, proof) = machine.prove(&genesis(), &expert_ops(&ops)).expect("proves");
    assert_eq!(statement.outputs, witness.statement.outputs);
    assert_eq!(statement.final_state, witness.statement.final_state);
    machine.verify(&statement, &proof).expect("verifies");
}

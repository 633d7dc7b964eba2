//! One batch end to end: set up, execute, check against the reference engine, trace, prove,
//! verify from the proof's bytes, and measure each phase.

use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use appvm::{Machine, Proof, Vm};

use crate::app::{App, Effects, Event};
use crate::batch::Batch;
use crate::progress::Ui;
use crate::proof_file::ProofFile;
use crate::report::{format_duration, Measurement};
use crate::rss;
use crate::scenario::ParamsSpec;

/// What a run produces.
#[derive(Debug)]
pub struct Outcome {
    /// Its measurements.
    pub measurement: Measurement,
    /// The statement and proof, ready to write.
    pub proof: ProofFile,
    /// What the batch did, event by event, if asked for.
    pub events: Option<Vec<Event>>,
}

/// Runs `batch` end to end; with `events`, also decodes what it did event by event.
pub fn measure<A: App>(batch: &Batch<A>, events: bool, ui: &Ui) -> Result<Outcome> {
    let params = batch.params;
    let (memory, ops) = (&batch.memory, &batch.ops);
    let rss_scope = if rss::reset_peak() { "run" } else { "process" };

    let (machine, setup) = ui.phase("setup", || Machine::<A::Vm>::new(params));
    let machine = machine.with_context(|| format!("VM `{}` does not lay out", A::Vm::NAME))?;
    let (execution, execute) = ui.phase("execute", || machine.execute(memory, ops));
    let execution = execution.context("execution failed")?;
    let ((reference, native), _) = ui.phase_with(
        "native",
        || run_reference::<A>(&batch.reference, ops),
        |(_, best), _| format!("{} per batch (reference engine, fastest of repeated runs)", format_duration(*best)),
    );
    let (reference, results) = reference;
    A::agree(&reference, &results, &execution)?;
    let final_state = execution.final_memory.to_u64s();
    let effects = Effects { ops, outputs: &execution.outputs, final_state: &final_state };
    let summary = A::summary(&effects);
    let events = events.then(|| A::events(&effects)).transpose().context("the batch's events do not decode")?;
    drop((final_state, execution));

    let (witness, trace) = ui.phase("trace", || machine.witness(memory, ops));
    let witness = witness.context("trace generation failed")?;
    let cost = witness.cost();
    // `prove_witness` is these two steps; they are timed apart so the report shows each.
    let (checked, check) = ui.phase("check", || machine.check_witness(&witness));
    checked.context("the witness does not satisfy the VM's constraints")?;
    let (proof, prove) = ui.phase("prove", || machine.prove_unchecked(&witness));
    let proof = proof.context("proving failed")?;
    let statement = witness.statement;
    let proof_file = ProofFile::new(A::Vm::NAME, params, &statement, &proof);
    let proof_bytes = proof_file.proof.len();
    drop(proof);

    let (verified, verify) = ui.phase("verify", || {
        let proof = Proof::from_bytes(&proof_file.proof)?;
        machine.verify(&statement, &proof)
    });
    verified.context("verdict: the proof does NOT verify")?;

    let (n, size) = (ops.len(), batch.size);
    let prover = trace + check + prove;
    let cells = cost.main_cells() + cost.aux_cells();
    let measurement = Measurement {
        vm: A::Vm::NAME.into(),
        vm_id: machine.id().to_string(),
        scenario: batch.source.clone(),
        params: ParamsSpec::from(params).to_string(),
        workload: batch.workload.clone(),
        seed: batch.seed,
        ops: n,
        unit: A::UNIT.name.into(),
        work: size,
        outputs: statement.outputs.len(),
        rows: cost.chips.iter().map(|c| c.rows).sum(),
        cells_main: cost.main_cells(),
        cells_aux: cost.aux_cells(),
        cells_per_op: cells as f64 / n.max(1) as f64,
        cells_per_unit: cells as f64 / size.max(1) as f64,
        setup_s: setup.as_secs_f64(),
        execute_s: execute.as_secs_f64(),
        trace_s: trace.as_secs_f64(),
        check_s: check.as_secs_f64(),
        prove_s: prove.as_secs_f64(),
        prover_s: prover.as_secs_f64(),
        verify_ms: verify.as_secs_f64() * 1e3,
        proof_bytes,
        peak_rss_bytes: rss::peak_bytes(),
        peak_rss_scope: rss_scope.into(),
        native_s: native.as_secs_f64(),
        prover_native_ratio: prover.as_secs_f64() / native.as_secs_f64().max(1e-12),
        ops_per_s: n as f64 / prover.as_secs_f64(),
        work_per_s: size as f64 / prover.as_secs_f64(),
        chips: cost.chips,
        summary,
    };
    Ok(Outcome { measurement, proof: proof_file, events })
}

/// Shortest wall-clock time the reference engine is repeated for.
const NATIVE_MIN_TOTAL: Duration = Duration::from_millis(50);
/// Most repetitions of the reference engine.
const NATIVE_MAX_REPS: u32 = 10_000;

/// Runs the reference engine from `initial` over the batch, repeatedly; returns its final state
/// and results and its fastest time (the conservative baseline for the prover/native ratio).
/// Cloning the initial state is not timed.
pub fn run_reference<A: App>(initial: &A::Reference, ops: &[A::Vm]) -> ((A::Reference, A::Results), Duration) {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    let mut reps = 0;
    loop {
        let mut reference = initial.clone();
        let start = Instant::now();
        let results = black_box(A::run_reference(&mut reference, black_box(ops)));
        let took = start.elapsed();
        best = best.min(took);
        total += took;
        reps += 1;
        if total >= NATIVE_MIN_TOTAL || reps >= NATIVE_MAX_REPS {
            return ((reference, results), best);
        }
    }
}

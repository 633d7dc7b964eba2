//! Prove time of the derived ledger VM against the hand-written baseline AIR, on the same 2^14
//! transfer-only batch (`Params::Secure`), with the derived VM whose Transfer is written with the
//! baseline's semantics (`baseline::dsl`) in between. `cargo bench -p appvm-bench --bench overhead`.

use std::time::Duration;

use appvm::{Machine, Params};
use appvm_examples::baseline::dsl::{expert_ops, ExpertLedger};
use appvm_examples::baseline::{genesis, random_transfers, Baseline};
use appvm_ledger::vm::Ledger;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::SeedableRng;

/// Transfers per batch.
const OPS: usize = 1 << 14;

fn prove(c: &mut Criterion) {
    let ops = random_transfers(&mut rand::rngs::StdRng::seed_from_u64(7), OPS);
    let machine = Machine::<Ledger>::new(Params::Secure).expect("the ledger VM sets up");
    let derived = machine.witness(&genesis(), &ops).expect("the batch executes");
    let expert_machine = Machine::<ExpertLedger>::new(Params::Secure).expect("the expert VM sets up");
    let expert = expert_machine.witness(&genesis(), &expert_ops(&ops)).expect("the batch executes");
    let baseline = Baseline::new(Params::Secure);
    let hand_written = baseline.witness(&genesis(), &ops).expect("the batch executes");

    let mut group = c.benchmark_group("ledger_transfer_prove");
    group.sample_size(10).measurement_time(Duration::from_secs(12));
    group.throughput(Throughput::Elements(OPS as u64));
    // The hand-written AIR has no pre-proving witness check, so the derived VMs are timed
    // without theirs (`Machine::check_witness`, measured on its own in docs/BENCHMARKS.md).
    machine.check_witness(&derived).expect("the witness is valid");
    expert_machine.check_witness(&expert).expect("the witness is valid");
    group.bench_function("derived_vm", |b| b.iter(|| machine.prove_unchecked(&derived).expect("proves")));
    group.bench_function("derived_expert_semantics", |b| {
        b.iter(|| expert_machine.prove_unchecked(&expert).expect("proves"))
    });
    group.bench_function("hand_written", |b| b.iter(|| baseline.prove(&hand_written).expect("proves")));
    group.finish();
}

criterion_group!(benches, prove);
criterion_main!(benches);

//! The abstraction overhead of the DSL, measured: the derived ledger VM (`Machine<Ledger>`)
//! against the hand-written Plonky3 AIR of `appvm_examples::baseline`, on the same transfer-only
//! batches, proving the same statement with the same backend (`Params::Secure`).
//!
//! `cargo run --release --example ledger_overhead [log2 batch sizes…]` (default `14 16`).
//!
//! Prints, per batch size, trace cells per op (main + LogUp, all tables and the Transfer chip
//! alone, counted as `appvm::cost` counts them: the LogUp columns Plonky3 commits after packing),
//! prove time, verify time and proof size, each with the derived / hand-written ratio; then where
//! each Transfer chip's cells go.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context};
use appvm::backend::config;
use appvm::{CostReport, Machine, Params, Proof};
use appvm_examples::baseline::cost::{committed_columns, cost_report, interactions};
use appvm_examples::baseline::{genesis, random_transfers, Baseline, BaselineProof};
use appvm_examples::ledger::Ledger;
use p3_batch_stark::ProverData;
use rand::SeedableRng;

/// Timed runs of each prove and verify; the median is reported.
const RUNS: usize = 3;

/// One system's numbers for one batch.
struct Measured {
    cost: CostReport,
    prove: Duration,
    verify: Duration,
    proof_bytes: usize,
}

impl Measured {
    fn chip(report: &CostReport, name: &str) -> usize {
        report
            .chips
            .iter()
            .filter(|c| c.chip == name)
            .map(|c| c.main_cells() + c.aux_cells())
            .sum()
    }
}

fn main() -> anyhow::Result<()> {
    let sizes: Vec<u32> = match std::env::args()
        .skip(1)
        .map(|a| {
            a.parse()
                .with_context(|| format!("`{a}` is not a log2 size"))
        })
        .collect::<Result<Vec<_>, _>>()?
    {
        sizes if sizes.is_empty() => vec![14, 16],
        sizes => sizes,
    };
    let machine = Machine::<Ledger>::new(Params::Secure)?;
    let baseline = Baseline::new(Params::Secure);
    let backend = config(Params::Secure);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("ledger Transfer: derived VM vs hand-written AIR, Params::Secure, {threads} threads, median of {RUNS} runs");

    for (i, &log_n) in sizes.iter().enumerate() {
        let n = 1usize << log_n;
        let ops = random_transfers(&mut rand::rngs::StdRng::seed_from_u64(7), n);
        let genesis = genesis();

        let derived_witness = machine.witness(&genesis, &ops)?;
        let base_witness = baseline.witness(&genesis, &ops)?;
        let (d, b) = (&derived_witness.statement, &base_witness.statement);
        ensure!(
            d.inputs == b.inputs && d.outputs == b.outputs,
            "the two systems disagree on the statement's streams"
        );
        ensure!(
            d.initial_state == b.initial_state && d.final_state == b.final_state,
            "the two systems disagree on memory"
        );

        let heights: Vec<usize> = derived_witness
            .traces
            .iter()
            .map(|t| t.values.len() / t.width)
            .collect();
        let degree_bits: Vec<usize> = heights
            .iter()
            .map(|h| h.trailing_zeros() as usize)
            .collect();
        let derived_data =
            ProverData::from_airs_and_degrees(&backend, &derived_witness.airs, &degree_bits)
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let derived_cost = derived_witness.cost();
        // The framework's report and the columns the prover commits agree.
        let committed = cost_report(
            &derived_witness.airs,
            |a| a.name().to_string(),
            &heights,
            &derived_data,
        );
        ensure!(
            committed == derived_cost,
            "appvm::cost disagrees with the committed LogUp columns"
        );
        let base_heights = base_witness.heights();
        let base_bits: Vec<usize> = base_heights
            .iter()
            .map(|h| h.trailing_zeros() as usize)
            .collect();
        let base_data = baseline.prover_data(&base_witness.airs, &base_bits)?;
        let base_cost = cost_report(
            &base_witness.airs,
            |a| a.name().to_string(),
            &base_heights,
            &base_data,
        );

        let mut derived_times = (Vec::new(), Vec::new());
        let mut base_times = (Vec::new(), Vec::new());
        let (mut derived_bytes, mut base_bytes) = (0, 0);
        for _ in 0..RUNS {
            let start = Instant::now();
            let proof = machine.prove_witness(&derived_witness)?;
            derived_times.0.push(start.elapsed());
            let bytes = proof.to_bytes();
            derived_bytes = bytes.len();
            let proof = Proof::from_bytes(&bytes)?;
            let start = Instant::now();
            machine.verify(d, &proof)?;
            derived_times.1.push(start.elapsed());

            let start = Instant::now();
            let proof = baseline.prove(&base_witness)?;
            base_times.0.push(start.elapsed());
            let bytes = proof.to_bytes();
            base_bytes = bytes.len();
            let proof = BaselineProof::from_bytes(&bytes)?;
            let start = Instant::now();
            baseline.verify(b, &proof)?;
            base_times.1.push(start.elapsed());
        }
        let derived = Measured {
            cost: derived_cost,
            prove: median(derived_times.0),
            verify: median(derived_times.1),
            proof_bytes: derived_bytes,
        };
        let base = Measured {
            cost: base_cost,
            prove: median(base_times.0),
            verify: median(base_times.1),
            proof_bytes: base_bytes,
        };
        report(n, &derived, &base);
        if i == 0 {
            breakdown(&derived, &base);
            println!(
                "\nderived Transfer chip: columns {:?}",
                machine.layouts()[1].columns
            );
            print_interactions(
                "derived Transfer chip",
                &interactions(&derived_witness.airs[1]),
                &committed_columns(&derived_data, 1),
            );
            print_interactions(
                "hand-written Transfer chip",
                &interactions(&base_witness.airs[0]),
                &committed_columns(&base_data, 0),
            );
        }
    }
    Ok(())
}

fn report(n: usize, derived: &Measured, base: &Measured) {
    let per_op = |cells: usize| cells as f64 / n as f64;
    let row = |what: &str, d: f64, b: f64, unit: &str| {
        println!(
            "| {what:<34} | {d:>12.1} | {b:>12.1} | {:>5.2}x | {unit}",
            d / b
        );
    };
    println!("\n## 2^{} = {n} transfers\n", n.trailing_zeros());
    println!(
        "| {:<34} | {:>12} | {:>12} | {:>6} |",
        "", "derived VM", "hand-written", "ratio"
    );
    println!("|{:-<36}|{:->14}|{:->14}|{:->8}|", "", "", "", "");
    row(
        "cells/op, all tables",
        per_op(derived.cost.total_cells()),
        per_op(base.cost.total_cells()),
        "",
    );
    row(
        "cells/op, Transfer chip alone",
        per_op(Measured::chip(&derived.cost, "Transfer")),
        per_op(Measured::chip(&base.cost, "Transfer")),
        "",
    );
    row("prove (ms)", ms(derived.prove), ms(base.prove), "");
    row(
        "prove throughput (ops/s)",
        n as f64 / derived.prove.as_secs_f64(),
        n as f64 / base.prove.as_secs_f64(),
        "",
    );
    row("verify (ms)", ms(derived.verify), ms(base.verify), "");
    row(
        "proof size (KiB)",
        derived.proof_bytes as f64 / 1024.0,
        base.proof_bytes as f64 / 1024.0,
        "",
    );
}

fn breakdown(derived: &Measured, base: &Measured) {
    println!(
        "\nderived VM:\n{}\n\nhand-written:\n{}",
        derived.cost, base.cost
    );
}

fn print_interactions(chip: &str, interactions: &[String], columns: &[String]) {
    println!("\n{chip}: {} interactions", interactions.len());
    for line in interactions {
        println!("  {line}");
    }
    println!(
        "{chip}: {} committed LogUp columns (+ the running sum)",
        columns.len()
    );
    for line in columns {
        println!("  {line}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

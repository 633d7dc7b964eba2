//! The abstraction overhead of the DSL, measured: the derived ledger VM (`Machine<Ledger>`)
//! against the hand-written Plonky3 AIR of `appvm_examples::baseline`, on the same transfer-only
//! batches, proving the same statement with the same backend (`Params::Secure`). A third system,
//! the derived VM with the hand-written chip's semantics written in the DSL
//! (`baseline::dsl::ExpertLedger`), splits the overhead into what the ledger's rules as written
//! cost and what the framework's mechanics cost.
//!
//! `cargo run --release -p appvm-bench --bin ledger_overhead [log2 batch sizes…]` (default `14 16`).
//!
//! Prints, per batch size, trace cells per op (main + LogUp, all tables and the Transfer chip
//! alone, counted as `appvm::cost` counts them: the LogUp columns Plonky3 commits after packing),
//! prove time, verify time and proof size, with the ratios to the hand-written AIR; then where
//! each Transfer chip's cells go.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context};
use appvm::backend::config;
use appvm::{CostReport, Machine, Params, Proof, Vm, Witness};
use appvm_examples::baseline::cost::{committed_columns, cost_report, interactions};
use appvm_examples::baseline::dsl::{expert_ops, ExpertLedger};
use appvm_examples::baseline::{genesis, random_transfers, Baseline, BaselineProof};
use appvm_ledger::vm::Ledger;
use p3_batch_stark::ProverData;
use rand::SeedableRng;

/// Timed runs of each prove and verify, interleaved across systems; the median is reported.
const RUNS: usize = 3;

/// One system's numbers for one batch.
struct Measured {
    name: &'static str,
    /// Column heading of its ratio to the hand-written AIR.
    ratio: &'static str,
    /// Index and name of the Transfer chip in `cost`.
    transfer: usize,
    cost: CostReport,
    prove: Vec<Duration>,
    verify: Vec<Duration>,
    proof_bytes: usize,
}

impl Measured {
    fn new(name: &'static str, ratio: &'static str, transfer: usize, cost: CostReport) -> Self {
        Self { name, ratio, transfer, cost, prove: Vec::new(), verify: Vec::new(), proof_bytes: 0 }
    }

    fn transfer_cells(&self) -> usize {
        let chip = &self.cost.chips[self.transfer];
        chip.main_cells() + chip.aux_cells()
    }

    fn record(&mut self, prove: Duration, verify: Duration, proof_bytes: usize) {
        self.prove.push(prove);
        self.verify.push(verify);
        self.proof_bytes = proof_bytes;
    }
}

fn main() -> anyhow::Result<()> {
    let sizes = std::env::args()
        .skip(1)
        .map(|a| a.parse().with_context(|| format!("`{a}` is not a log2 batch size")))
        .collect::<Result<Vec<u32>, _>>()?;
    let sizes = if sizes.is_empty() { vec![14, 16] } else { sizes };
    let derived = Machine::<Ledger>::new(Params::Secure)?;
    let expert = Machine::<ExpertLedger>::new(Params::Secure)?;
    let baseline = Baseline::new(Params::Secure);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "ledger Transfer: derived VM vs hand-written AIR, Params::Secure, {threads} threads, \
         median of {RUNS} interleaved runs"
    );

    for (i, &log_n) in sizes.iter().enumerate() {
        let n = 1usize << log_n;
        let ops = random_transfers(&mut rand::rngs::StdRng::seed_from_u64(7), n);
        let genesis = genesis();

        let derived_witness = derived.witness(&genesis, &ops)?;
        let expert_witness = expert.witness(&genesis, &expert_ops(&ops))?;
        let base_witness = baseline.witness(&genesis, &ops)?;
        for other in [&expert_witness.statement, &base_witness.statement] {
            let d = &derived_witness.statement;
            ensure!(
                (&d.inputs, &d.outputs, &d.initial_state, &d.final_state)
                    == (&other.inputs, &other.outputs, &other.initial_state, &other.final_state),
                "the systems disagree on the statement"
            );
        }

        let base_heights = base_witness.heights();
        let base_bits: Vec<usize> = base_heights.iter().map(|h| h.trailing_zeros() as usize).collect();
        let base_data = baseline.prover_data(&base_witness.airs, &base_bits)?;
        let base_cost = cost_report(&base_witness.airs, |a| a.name().to_string(), &base_heights, &base_data);
        let (derived_data, derived_cost) = checked_cost(&derived_witness)?;
        let (_, expert_cost) = checked_cost(&expert_witness)?;
        // Chips with no rows have no instance, so the Transfer chip (opcode 1) is found by name.
        let transfer_of = |cost: &CostReport, name: &str| cost.chips.iter().position(|c| c.chip == name);
        let derived_transfer = transfer_of(&derived_cost, derived.layouts()[1].name);
        let expert_transfer = transfer_of(&expert_cost, expert.layouts()[1].name);
        let (derived_transfer, expert_transfer) = match (derived_transfer, expert_transfer) {
            (Some(d), Some(e)) => (d, e),
            _ => anyhow::bail!("a batch of transfers has no Transfer chip"),
        };
        let mut systems = [
            Measured::new("derived VM", "VM / hand", derived_transfer, derived_cost),
            Measured::new("derived, expert semantics", "expert / hand", expert_transfer, expert_cost),
            Measured::new("hand-written", "", 0, base_cost),
        ];

        for _ in 0..RUNS {
            let (p, v, bytes) = time_machine(&derived, &derived_witness)?;
            systems[0].record(p, v, bytes);
            let (p, v, bytes) = time_machine(&expert, &expert_witness)?;
            systems[1].record(p, v, bytes);

            let start = Instant::now();
            let proof = baseline.prove(&base_witness)?;
            let prove = start.elapsed();
            let bytes = proof.to_bytes();
            let proof = BaselineProof::from_bytes(&bytes)?;
            let start = Instant::now();
            baseline.verify(&base_witness.statement, &proof)?;
            systems[2].record(prove, start.elapsed(), bytes.len());
        }
        report(n, &systems);
        if i == 0 {
            for s in &systems {
                println!("\n{}:\n{}", s.name, s.cost);
            }
            println!("\nderived Transfer chip columns: {}", derived.layouts()[1].columns.join(", "));
            println!("expert Transfer chip columns: {}", expert.layouts()[1].columns.join(", "));
            print_interactions(
                "derived Transfer chip",
                &interactions(&derived_witness.airs[derived_transfer]),
                &committed_columns(&derived_data, derived_transfer),
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

/// The framework's cost report, checked against the LogUp columns the prover commits.
fn checked_cost(witness: &Witness) -> anyhow::Result<(ProverData<appvm::backend::Config>, CostReport)> {
    let heights: Vec<usize> = witness.traces.iter().map(|t| t.values.len() / t.width).collect();
    let degree_bits: Vec<usize> = heights.iter().map(|h| h.trailing_zeros() as usize).collect();
    let data = ProverData::from_airs_and_degrees(&config(Params::Secure), &witness.airs, &degree_bits)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let cost = witness.cost();
    let committed = cost_report(&witness.airs, |a| a.name().to_string(), &heights, &data);
    ensure!(committed == cost, "appvm::cost disagrees with the committed LogUp columns");
    Ok((data, cost))
}

/// One prove, serialisation round trip and verify: `(prove, verify, proof bytes)`. The witness
/// is checked first but untimed: the hand-written AIR it is compared with has no such check.
fn time_machine<M: Vm>(machine: &Machine<M>, witness: &Witness) -> anyhow::Result<(Duration, Duration, usize)> {
    machine.check_witness(witness)?;
    let start = Instant::now();
    let proof = machine.prove_unchecked(witness)?;
    let prove = start.elapsed();
    let bytes = proof.to_bytes();
    let proof = Proof::from_bytes(&bytes)?;
    let start = Instant::now();
    machine.verify(&witness.statement, &proof)?;
    Ok((prove, start.elapsed(), bytes.len()))
}

fn report(n: usize, systems: &[Measured]) {
    let base = &systems[systems.len() - 1];
    println!("\n## 2^{} = {n} transfers\n", n.trailing_zeros());
    let mut header = format!("| {:<30} |", "");
    let mut rule = format!("|{:-<32}|", "");
    for s in systems {
        header.push_str(&format!(" {:>25} |", s.name));
        rule.push_str(&format!("{:->27}|", ""));
    }
    for s in &systems[..systems.len() - 1] {
        header.push_str(&format!(" {:>13} |", s.ratio));
        rule.push_str(&format!("{:->15}|", ""));
    }
    println!("{header}\n{rule}");
    let row = |what: &str, value: &dyn Fn(&Measured) -> f64| {
        let mut line = format!("| {what:<30} |");
        for s in systems {
            line.push_str(&format!(" {:>25.1} |", value(s)));
        }
        for s in &systems[..systems.len() - 1] {
            line.push_str(&format!(" {:>12.2}x |", value(s) / value(base)));
        }
        println!("{line}");
    };
    let per_op = |cells: usize| cells as f64 / n as f64;
    row("cells/op, all tables", &|s| per_op(s.cost.total_cells()));
    row("cells/op, Transfer chip alone", &|s| per_op(s.transfer_cells()));
    row("prove (ms)", &|s| ms(median(&s.prove)));
    row("prove throughput (ops/s)", &|s| n as f64 / median(&s.prove).as_secs_f64());
    row("verify (ms)", &|s| ms(median(&s.verify)));
    row("proof size (KiB)", &|s| s.proof_bytes as f64 / 1024.0);
}

fn print_interactions(chip: &str, interactions: &[String], columns: &[String]) {
    println!("\n{chip}: {} interactions", interactions.len());
    for line in interactions {
        println!("  {line}");
    }
    println!("{chip}: {} committed LogUp columns (+ the running sum)", columns.len());
    for line in columns {
        println!("  {line}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(times: &[Duration]) -> Duration {
    let mut times = times.to_vec();
    times.sort();
    times[times.len() / 2]
}

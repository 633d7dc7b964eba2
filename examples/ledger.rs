//! Proves and verifies a batch of random ledger operations and prints what it cost.
//!
//! `cargo run --release --example ledger [ops]` (default 10,000).

use std::time::Instant;

use anyhow::{ensure, Context};
use appvm::{Machine, Params};
use appvm_ledger::reference::Reference;
use appvm_ledger::vm::Ledger;
use appvm_ledger::workload::mixed;
use rand::SeedableRng;

fn main() -> anyhow::Result<()> {
    let ops: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse().with_context(|| format!("batch size `{arg}` is not a number"))?,
        None => 10_000,
    };
    let machine = Machine::<Ledger>::new(Params::Secure)?;
    let genesis = Ledger::with_balances(&[1_000_000; 64]);
    let batch = mixed(&mut rand::rngs::StdRng::seed_from_u64(7), ops);

    let start = Instant::now();
    let mut reference = Reference::from_cells(&genesis.to_u64s());
    for op in &batch {
        reference.apply(op);
    }
    let native = start.elapsed();

    let start = Instant::now();
    let fast = machine.execute(&genesis, &batch)?;
    let execute_time = start.elapsed();
    ensure!(fast.final_memory.to_u64s() == reference.cells(), "VM and reference disagree on the final state");

    let start = Instant::now();
    let witness = machine.witness(&genesis, &batch)?;
    let trace_time = start.elapsed();
    let start = Instant::now();
    let proof = machine.prove_witness(&witness)?;
    let prove_time = start.elapsed();
    let bytes = proof.to_bytes();
    let start = Instant::now();
    machine.verify(&witness.statement, &appvm::Proof::from_bytes(&bytes)?)?;
    let verify_time = start.elapsed();
    ensure!(witness.statement.final_state == reference.cells(), "VM and reference disagree on the final state");

    let cost = witness.cost();
    println!("ledger VM {} — {ops} ops, proved and verified", machine.id());
    println!("{cost}");
    let per_op = |cells: usize| cells as f64 / ops as f64;
    println!(
        "  trace cells per op    {:.1} (main {:.1} + aux {:.1})",
        per_op(cost.total_cells()),
        per_op(cost.main_cells()),
        per_op(cost.aux_cells())
    );
    println!("  execute (no trace)    {:.1} ns/op", execute_time.as_nanos() as f64 / ops as f64);
    println!("  trace generation      {:.3} s", trace_time.as_secs_f64());
    println!(
        "  prove                 {:.3} s ({:.0} ops/s)",
        prove_time.as_secs_f64(),
        ops as f64 / prove_time.as_secs_f64()
    );
    println!("  verify                {:.1} ms", verify_time.as_secs_f64() * 1e3);
    println!("  proof size            {} bytes", bytes.len());
    println!("  native reference      {:.1} ns/op", native.as_nanos() as f64 / ops as f64);
    Ok(())
}

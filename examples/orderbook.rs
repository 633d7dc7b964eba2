//! Proves and verifies a batch of order-book flow and prints what it cost.
//!
//! `cargo run --release --example orderbook [inputs]` (default 8,192): the `mixed` workload (limit
//! orders on a random walk, cancels, amends, market orders, deposits and withdrawals over two
//! markets), secure parameters. The VM's events and balances are first checked against the
//! independent reference engine.

use std::time::Instant;

use anyhow::{ensure, Context};
use appvm::{Machine, Params, Proof};
use appvm_orderbook::reference::Engine;
use appvm_orderbook::types::{Event, Input, ACCOUNTS, ASSETS};
use appvm_orderbook::vm::{balance_of, events_per_input, genesis, to_vm, Orderbook};
use appvm_orderbook::workload::mixed;

fn main() -> anyhow::Result<()> {
    let n: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse().with_context(|| format!("batch size `{arg}` is not a number"))?,
        None => 8_192,
    };
    let inputs = mixed(7, n);
    let ops: Vec<Orderbook> = inputs.iter().map(to_vm).collect::<Result<_, _>>()?;
    let machine = Machine::<Orderbook>::new(Params::Secure)?;

    let start = Instant::now();
    let mut engine = Engine::new();
    let expected: Vec<Vec<Event>> = inputs.iter().map(|input| engine.apply(input)).collect();
    let native = start.elapsed();

    let execution = machine.execute(&genesis(), &ops)?;
    let events = events_per_input(&execution.outputs, n)?;
    if let Some(seq) = (0..n).find(|&i| events[i] != expected[i]) {
        anyhow::bail!("input #{seq}: VM {:?}, reference {:?}", events[seq], expected[seq]);
    }
    for (account, asset) in (0..ACCOUNTS).flat_map(|a| (0..ASSETS).map(move |s| (a, s))) {
        let reference = engine.balance(account, asset).map(|b| (b.available, b.locked));
        let vm = balance_of(&execution.final_memory, account, asset);
        ensure!(vm == reference, "account {account} asset {asset}: VM {vm:?}, reference {reference:?}");
    }

    let start = Instant::now();
    let witness = machine.witness(&genesis(), &ops)?;
    let trace_time = start.elapsed();

    let start = Instant::now();
    machine.check_witness(&witness)?;
    let check_time = start.elapsed();

    let start = Instant::now();
    let proof = machine.prove_unchecked(&witness)?;
    let prove_time = start.elapsed();
    let bytes = proof.to_bytes();
    let start = Instant::now();
    machine.verify(&witness.statement, &Proof::from_bytes(&bytes)?)?;
    let verify_time = start.elapsed();

    let orders = inputs.iter().filter(|i| matches!(i, Input::PlaceLimit { .. } | Input::PlaceMarket { .. })).count();
    let trades = expected.iter().flatten().filter(|e| matches!(e, Event::Trade { .. })).count();
    let cost = witness.cost();
    println!("order-book VM {} — {n} inputs ({orders} orders, {trades} trades), proved and verified", machine.id());
    println!("{cost}");
    let per_input = |cells: usize| cells as f64 / n as f64;
    let proving = trace_time + prove_time;
    println!(
        "  trace cells per input  {:.1} (main {:.1} + aux {:.1}; all chips, padded)",
        per_input(cost.total_cells()),
        per_input(cost.main_cells()),
        per_input(cost.aux_cells())
    );
    println!("  trace generation       {:.3} s", trace_time.as_secs_f64());
    println!("  witness check          {:.3} s (before proving: every constraint and bus)", check_time.as_secs_f64());
    println!("  prove                  {:.3} s", prove_time.as_secs_f64());
    println!("  inputs proven per s    {:.0} (trace + prove)", n as f64 / proving.as_secs_f64());
    println!("  verify                 {:.1} ms", verify_time.as_secs_f64() * 1e3);
    println!("  proof size             {:.0} KiB", bytes.len() as f64 / 1024.0);
    println!(
        "  reference engine       {:.1} µs/input; prover / reference {:.0}x",
        native.as_secs_f64() * 1e6 / n as f64,
        proving.as_secs_f64() / native.as_secs_f64()
    );
    Ok(())
}

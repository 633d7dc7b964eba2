//! Plays, proves and verifies an arena match, and prints what it cost.
//!
//! `cargo run --release --example arena [units] [ticks] [seed]` (default 64 units, at most 1,000
//! ticks, seed 1): the bot plays a match against itself through the reference simulation, which
//! records the replay; the bevy game replays it on the VM's executor (the native loop), its
//! per-tick state hashes are checked against the reference's, and the match is proven in one batch
//! with secure parameters and verified. The native loop runs the rules on the VM's executor (an
//! interpreter of the opcodes); the reference simulation is the plain-Rust baseline.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{ensure, Context};
use appvm::{Machine, Params, Proof};
use appvm_arena::game::Game;
use appvm_arena::generate;
use appvm_arena::genesis::genesis;
use appvm_arena::reference;
use appvm_arena::session::play;
use appvm_arena::vm::Arena;

fn arg<T: std::str::FromStr>(n: usize, default: T) -> anyhow::Result<T> {
    match std::env::args().nth(n) {
        Some(text) => text.parse().ok().with_context(|| format!("argument {n}, `{text}`, is not a number")),
        None => Ok(default),
    }
}

fn main() -> anyhow::Result<()> {
    let (units, ticks, seed): (usize, u32, u64) = (arg(1, 64)?, arg(2, 1_000)?, arg(3, 1)?);
    let replay = generate::replay(seed, units, ticks);
    let machine = Arc::new(Machine::<Arena>::new(Params::Secure)?);

    // The native loop: the bevy game, its rules run by the VM's executor.
    let start = Instant::now();
    let mut game = Game::of_replay(machine.clone(), &replay);
    game.run().map_err(anyhow::Error::msg)?;
    let native = start.elapsed();
    let hashes = game.record().hashes.clone();
    let start = Instant::now();
    let expected = reference::replay(&replay);
    let reference_time = start.elapsed();
    ensure!(hashes == expected.hashes(), "the game and the reference simulation disagree");
    let played = play(&machine, &replay)?;
    let end = played.states.last().context("a final state")?;
    let played_ticks = end.tick;
    let unit_ticks = played.unit_ticks();

    let memory = genesis(&replay.scenario);
    let start = Instant::now();
    let witness = machine.witness(&memory, &played.inputs)?;
    let trace_time = start.elapsed();
    let start = Instant::now();
    let proof = machine.prove_unchecked(&witness)?;
    let prove_time = start.elapsed();
    let bytes = proof.to_bytes();
    let start = Instant::now();
    machine.verify(&witness.statement, &Proof::from_bytes(&bytes)?)?;
    let verify_time = start.elapsed();

    let cost = witness.cost();
    let outcome = end.outcome().context("the match is over")?;
    let winner = outcome.winner.map_or("a draw".to_string(), |team| format!("team {team} wins"));
    println!(
        "arena VM {} — {} units, {played_ticks} ticks ({winner}), {unit_ticks} unit-ticks, proved and verified",
        machine.id(),
        replay.scenario.units.len()
    );
    println!("{cost}");
    let per = |cells: usize| cells as f64 / unit_ticks as f64;
    let proving = trace_time + prove_time;
    println!(
        "  trace cells per unit-tick  {:.1} (main {:.1} + aux {:.1}; all chips, padded)",
        per(cost.total_cells()),
        per(cost.main_cells()),
        per(cost.aux_cells())
    );
    println!("  trace generation           {:.3} s", trace_time.as_secs_f64());
    println!("  prove                      {:.3} s", prove_time.as_secs_f64());
    println!("  unit-ticks proven per s    {:.0} (trace + prove)", unit_ticks as f64 / proving.as_secs_f64());
    println!("  verify                     {:.1} ms", verify_time.as_secs_f64() * 1e3);
    println!("  proof size                 {:.0} KiB", bytes.len() as f64 / 1024.0);
    if let Some(peak) = peak_bytes() {
        println!(
            "  peak memory                {:.0} MiB (the process, proving included)",
            peak as f64 / (1 << 20) as f64
        );
    }
    println!(
        "  native game loop           {:.0} ticks/s ({:.2} µs per unit-tick); prover / native {:.0}x",
        f64::from(played_ticks) / native.as_secs_f64(),
        native.as_secs_f64() * 1e6 / unit_ticks as f64,
        proving.as_secs_f64() / native.as_secs_f64()
    );
    println!(
        "  reference simulation       {:.2} µs per unit-tick (plain Rust, every state kept); prover / reference {:.0}x",
        reference_time.as_secs_f64() * 1e6 / unit_ticks as f64,
        proving.as_secs_f64() / reference_time.as_secs_f64()
    );
    Ok(())
}

/// The process's peak resident memory (`VmHWM`, Linux).
fn peak_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim();
    Some(kib.parse::<u64>().ok()? * 1024)
}

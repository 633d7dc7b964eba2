//! Prints the per-tick state hashes of a generated match played by the bevy game, one per line:
//! `.ci/run` compares the output of two builds (with and without `target-cpu` flags) to show that
//! a replay gives bit-identical states whatever the build.
//!
//! `cargo run --release -p appvm-arena --example hashes [units] [ticks] [seed]`

use std::sync::Arc;

use appvm::{Machine, Params};
use appvm_arena::game::Game;
use appvm_arena::generate;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>());
    let mut next = |default: u64| args.next().unwrap_or(Ok(default));
    let (units, ticks, seed) = (next(32)?, next(300)?, next(5)?);
    let replay = generate::replay(seed, units as usize, ticks as u32);
    let mut game = Game::of_replay(Arc::new(Machine::new(Params::Fast)?), &replay);
    game.run()?;
    for hash in &game.record().hashes {
        println!("{hash}");
    }
    Ok(())
}

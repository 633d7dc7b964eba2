//! Hand-computed cases: each sets up a tiny match, plays a few ticks and checks exact numbers
//! (raw bits where it matters) against values worked out from docs/arena.md in the comments.

mod combat;
mod commands;
mod ending;
mod extremes;
mod movement;

use super::Reference;
use crate::fx::Fx;
use crate::replay::Command;
use crate::scenario::{Arena, Obstacle, Scenario, UnitSpec};
use crate::state::UnitState;

/// The rules' first random draws from seed 0, worked out by hand:
/// `1013904223 = 1664525 · 0 + 1013904223`, then `1664525 · 1013904223 + 1013904223 mod 2^32`…
/// Their top 3 bits, the shots' bonuses, are 1, 2, 6, 5.
const SEED_0_DRAWS: [u32; 4] = [1_013_904_223, 1_196_435_762, 3_519_870_697, 2_868_466_484];

/// A decimal as an `Fx`, exactly.
fn fx(decimal: &str) -> Fx {
    Fx::lit(decimal)
}

/// A point from two decimals.
fn at(x: &str, y: &str) -> (Fx, Fx) {
    (fx(x), fx(y))
}

/// A point from raw bits.
fn bits(x: i32, y: i32) -> (Fx, Fx) {
    (Fx::from_bits(x), Fx::from_bits(y))
}

/// At rest.
const STILL: (Fx, Fx) = (Fx::ZERO, Fx::ZERO);

/// A unit of `team` at `(x, y)`: 100 hit points, damage 10, range 1, reload 3, speed 0.5.
fn unit(team: u32, x: &str, y: &str) -> UnitSpec {
    UnitSpec { team, x: fx(x), y: fx(y), hp: 100, damage: 10, range: fx("1"), reload: 3, speed: fx("0.5") }
}

/// A 16 × 16 arena without obstacles, seed 0, tick limit 100.
fn scenario(units: Vec<UnitSpec>) -> Scenario {
    Scenario { arena: Arena { width: 16, height: 16 }, obstacles: Vec::new(), seed: 0, tick_limit: 100, units }
}

/// A 16 × 16 arena with `obstacles`.
fn scenario_with(obstacles: Vec<Obstacle>, units: Vec<UnitSpec>) -> Scenario {
    Scenario { obstacles, ..scenario(units) }
}

/// A match of a scenario that must be valid, so that every case is one a replay could hold.
fn start(scenario: &Scenario) -> Reference {
    assert_eq!(scenario.validate(), Ok(()), "the test's scenario is invalid");
    Reference::new(scenario)
}

/// Applies commands that must all be accepted.
fn order(game: &mut Reference, commands: &[Command]) {
    for command in commands {
        assert_eq!(game.apply(command), None, "{command:?} was refused");
    }
}

/// Unit `id` as the state has it.
fn unit_state(game: &Reference, id: usize) -> UnitState {
    game.state().units[id]
}

/// Plays `ticks` ticks that must emit nothing (the match goes on).
fn play(game: &mut Reference, ticks: usize) {
    for _ in 0..ticks {
        assert_eq!(game.tick(), vec![], "the match ended early");
    }
}

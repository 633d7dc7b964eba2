//! The VM and the reference simulation, written separately from the same rules, agree tick by
//! tick: identical state hashes after every tick, identical events and outcomes, on 1,000 random
//! matches built to hit the rules' edges (units against walls and on obstacle corners, exact tile
//! boundaries, ranges exactly at the distance, the largest speed and stats, simultaneous kills and
//! all-dead draws, commands for dead units and allies), and on the bot's realistic matches.

use appvm::Machine;
use appvm_arena::fx::Fx;
use appvm_arena::generate;
use appvm_arena::reference;
use appvm_arena::replay::{Command, Replay, TickInput};
use appvm_arena::scenario::{Arena as Field, Obstacle, Scenario, UnitSpec, GRID};
use appvm_arena::session::play;
use appvm_arena::vm::Arena;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Both sides play `replay`; every tick's state and every event must match.
fn agree(machine: &Machine<Arena>, replay: &Replay) -> Result<(), TestCaseError> {
    let vm = play(machine, replay).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let reference = reference::replay(replay);
    let expected: Vec<_> = reference.states().cloned().collect();
    prop_assert_eq!(vm.states.len(), expected.len(), "match lengths");
    for (tick, (vm_state, ref_state)) in vm.states.iter().zip(&expected).enumerate() {
        prop_assert_eq!(
            vm_state.hash(),
            ref_state.hash(),
            "tick {}: VM {:?}\nreference {:?}",
            tick,
            vm_state,
            ref_state
        );
    }
    let ref_events: Vec<_> = reference.events().copied().collect();
    prop_assert_eq!(&vm.events, &ref_events);
    prop_assert_eq!(vm.states.last().and_then(|s| s.outcome()), reference.outcome());
    Ok(())
}

/// A coordinate: often exactly on a tile boundary, or one raw bit either side of one.
fn coordinate(tiles: u32) -> impl Strategy<Value = Fx> {
    let tiles = tiles.max(3);
    prop_oneof![
        (1..tiles - 1, 0i32..65_536).prop_map(|(t, f)| Fx::from_bits((t as i32) << 16 | f)),
        (1..tiles - 1, -1i32..=1).prop_map(|(t, d)| Fx::from_bits(((t as i32) << 16) + d)),
        (1..tiles - 1).prop_map(|t| Fx::from_bits((t as i32) << 16)),
    ]
}

fn stat(small: u32) -> impl Strategy<Value = u32> {
    prop_oneof![4 => 1..=small, 1 => Just(65_535u32)]
}

/// A match of 2 to 10 units on a small field with obstacles, and 1 to 60 ticks of random
/// commands. Units that would start on a blocked tile are moved to the field's free tiles.
fn edgy_replay() -> impl Strategy<Value = Replay> {
    (5u32..=12, 5u32..=12, 2usize..=10, 1u32..=60, any::<u32>())
        .prop_flat_map(|(width, height, units, ticks, seed)| {
            let obstacle = (1..width - 1, 1..height - 1, 1u32..=2, 1u32..=2).prop_map(move |(x, y, w, h)| Obstacle {
                x,
                y,
                w: w.min(width - 1 - x),
                h: h.min(height - 1 - y),
            });
            let unit = (
                0u32..3,
                coordinate(width),
                coordinate(height),
                stat(12),
                prop_oneof![stat(8), Just(0u32)],
                prop_oneof![
                    (1i32..8 << 16).prop_map(Fx::from_bits),
                    Just(Fx::from_bits(65_536)),
                    Just(Fx::from_bits(((GRID as i32) << 16) - 1))
                ],
                prop_oneof![0u32..4, Just(65_535u32)],
                prop_oneof![(1i32..65_536).prop_map(Fx::from_bits), Just(Fx::from_bits(65_535))],
            )
                .prop_map(|(team, x, y, hp, damage, range, reload, speed)| UnitSpec {
                    team,
                    x,
                    y,
                    hp,
                    damage,
                    range,
                    reload,
                    speed,
                });
            let command = (
                0u32..units as u32,
                0u32..units as u32,
                coordinate(width.max(height)),
                coordinate(width.max(height)),
                0u8..10,
            )
                .prop_map(|(unit, target, x, y, kind)| match kind {
                    0..=4 => Command::Attack { unit, target },
                    5..=7 => Command::Move { unit, x, y },
                    8 => Command::Hold { unit },
                    _ => Command::Stop { unit },
                });
            let log = proptest::collection::vec(
                (0..ticks, proptest::collection::vec(command, 0..6)),
                0..(ticks as usize).min(20),
            );
            (
                Just((width, height, ticks, seed)),
                proptest::collection::vec(obstacle, 0..3),
                proptest::collection::vec(unit, units),
                log,
            )
        })
        .prop_map(|((width, height, ticks, seed), obstacles, units, log)| {
            build(width, height, ticks, seed, obstacles, units, log)
        })
}

fn build(
    width: u32,
    height: u32,
    ticks: u32,
    seed: u32,
    obstacles: Vec<Obstacle>,
    mut units: Vec<UnitSpec>,
    mut log: Vec<(u32, Vec<Command>)>,
) -> Replay {
    let mut scenario =
        Scenario { arena: Field { width, height }, obstacles, seed, tick_limit: ticks, units: Vec::new() };
    let free: Vec<(u32, u32)> =
        (0..height).flat_map(|j| (0..width).map(move |i| (i, j))).filter(|&(i, j)| !scenario.blocked(i, j)).collect();
    if free.is_empty() {
        scenario.obstacles.clear();
        return build(width, height, ticks, seed, Vec::new(), units, log);
    }
    // Teams numbered without gaps, and every unit on a free tile.
    let mut teams: Vec<u32> = units.iter().map(|u| u.team).collect();
    teams.sort_unstable();
    teams.dedup();
    for (k, unit) in units.iter_mut().enumerate() {
        unit.team = teams.iter().position(|&t| t == unit.team).unwrap_or(0) as u32;
        let (i, j) = (unit.x.to_num::<i32>() as u32, unit.y.to_num::<i32>() as u32);
        if scenario.blocked(i, j) {
            let (fi, fj) = free[k % free.len()];
            unit.x = Fx::from_num(fi) + (unit.x.frac());
            unit.y = Fx::from_num(fj) + (unit.y.frac());
        }
    }
    scenario.units = units;
    log.sort_by_key(|(tick, _)| *tick);
    log.dedup_by_key(|(tick, _)| *tick);
    let ticks = log.into_iter().map(|(tick, commands)| TickInput { tick, commands }).collect();
    Replay { scenario, ticks }
}

#[test]
fn a_thousand_edge_matches_agree_tick_by_tick() {
    let machine = crate::common::machine();
    let mut runner = TestRunner::new(Config { cases: 1_000, ..Config::default() });
    let result = runner.run(&edgy_replay(), |replay| {
        let text = replay.to_ron();
        let parsed = Replay::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        agree(&machine, &parsed)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_bots_matches_agree_tick_by_tick() {
    let machine = crate::common::machine();
    for (seed, units, ticks) in [(1, 16, 400), (2, 40, 300), (3, 64, 200), (4, 7, 600)] {
        let replay = generate::replay(seed, units, ticks);
        if let Err(e) = agree(&machine, &replay) {
            panic!("seed {seed}: {e}");
        }
    }
}

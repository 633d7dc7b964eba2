//! The random generator and the extremes of the numbers: the largest hit points, damage, bonus,
//! reload and speed, and points at the far edge of the grid.

use super::*;
use crate::reference::rng;
use crate::scenario::GRID;
use crate::state::TeamState;

#[test]
fn the_generator_draws_by_hand() {
    let draws = |seed: u32| -> Vec<u32> {
        std::iter::successors(Some(seed), |&r| Some(rng::next(r))).skip(1).take(4).collect()
    };
    assert_eq!(draws(0), SEED_0_DRAWS);
    assert_eq!(SEED_0_DRAWS.map(rng::bonus), [1, 2, 6, 5]);
    // 1664525 · 42 + 1013904223 = 69910050 + 1013904223 = 1083814273 (no wrap), whose top 3 bits
    // are 2 (2 · 2^29 = 1073741824 ≤ it < 3 · 2^29).
    assert_eq!(draws(42), [1_083_814_273, 378_494_188, 2_479_403_867, 955_863_294]);
    assert_eq!(draws(42).into_iter().map(rng::bonus).collect::<Vec<_>>(), [2, 0, 4, 1]);
    // The state wraps modulo 2^32: from 2^32 - 1, 1664525 · (2^32 - 1) + 1013904223 ≡ 1013904223 - 1664525.
    assert_eq!(rng::next(u32::MAX), 1_013_904_223 - 1_664_525);
}

#[test]
fn a_shot_advances_the_generator_from_the_seed() {
    let scenario = Scenario { seed: 42, ..scenario(vec![unit(0, "4.5", "4.5"), unit(1, "5.5", "4.5")]) };
    let mut game = start(&scenario);
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }]);
    play(&mut game, 1);
    // Damage 10 plus seed 42's first bonus, 2.
    assert_eq!((game.state().rng, unit_state(&game, 1).hp), (1_083_814_273, 88));
}

#[test]
fn the_largest_hit_points_damage_and_reload() {
    let heavy = |x: &str, y: &str| UnitSpec { damage: 65_533, reload: 65_535, ..unit(0, x, y) };
    let tough = |x: &str, y: &str| UnitSpec { hp: 65_535, ..unit(1, x, y) };
    let units = vec![
        heavy("4.5", "4.5"),
        tough("5.5", "4.5"),
        heavy("4.5", "10.5"),
        tough("5.5", "10.5"),
        unit(1, "12.5", "12.5"),
    ];
    let mut game = start(&scenario(units));
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }, Command::Attack { unit: 2, target: 3 }]);
    play(&mut game, 1);
    // 65533 + 1 = 65534 leaves 1 hit point; 65533 + 2 = 65535 equals the hit points and kills.
    let state = game.state();
    assert_eq!((state.units[1].hp, state.units[3].hp), (1, 0));
    assert_eq!(state.teams, [TeamState { alive: 2, kills: 1 }, TeamState { alive: 2, kills: 0 }]);
    assert_eq!((state.units[0].cooldown, state.units[2].cooldown), (65_535, 65_535));
    play(&mut game, 1);
    assert_eq!(unit_state(&game, 0).cooldown, 65_534);
}

#[test]
fn the_largest_damage_with_the_largest_bonus() {
    // 1664525 · 1649 + 1013904223 = 3758705948 ≥ 7 · 2^29 = 3758096384: the first bonus is 7.
    assert_eq!(rng::bonus(rng::next(1649)), 7);
    let heavy = UnitSpec { damage: 65_535, ..unit(0, "4.5", "4.5") };
    let tough = UnitSpec { hp: 65_535, ..unit(1, "5.5", "4.5") };
    let mut game = start(&Scenario { seed: 1649, ..scenario(vec![heavy, tough, unit(1, "12.5", "12.5")]) });
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }]);
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 1).hp, game.state().teams[0].kills), (0, 1));
}

#[test]
fn the_fastest_unit_stops_short_of_the_grids_far_corner() {
    let last = 32 * 65_536 - 1; // 31.99998…, raw
    let fastest = UnitSpec { speed: Fx::from_bits(65_535), ..unit(0, "30", "29") };
    let big = Scenario {
        arena: crate::scenario::Arena { width: GRID, height: GRID },
        ..scenario(vec![fastest, unit(1, "2.5", "2.5")])
    };
    let mut game = start(&big);
    order(&mut game, &[Command::Move { unit: 0, x: Fx::from_bits(last), y: Fx::from_bits(last) }]);
    // Both axes are 2 or more away: both step 1 - 2^-16, to tile (30, 29).
    play(&mut game, 1);
    assert_eq!(unit_state(&game, 0).pos, bits(31 * 65_536 - 1, 30 * 65_536 - 1));
    assert_eq!(unit_state(&game, 0).vel, bits(65_535, 65_535));
    // The next step along x reaches 31.99997, on the wall column 31: refused; along y it reaches
    // 30.99997, on the free row 30: taken.
    play(&mut game, 1);
    let (pos, vel) = (unit_state(&game, 0).pos, unit_state(&game, 0).vel);
    assert_eq!((pos, vel), (bits(31 * 65_536 - 1, 31 * 65_536 - 2), bits(0, 65_535)));
    // Then both axes would enter the wall.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (bits(31 * 65_536 - 1, 31 * 65_536 - 2), STILL));
}

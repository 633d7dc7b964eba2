//! Steps, walls and obstacles: the tile under the new point decides, and a refused step leaves the
//! unit where it was with velocity zero.

use super::*;

#[test]
fn a_unit_walking_into_the_wall_stops_with_velocity_zero() {
    let walker = UnitSpec { speed: fx("0.75"), ..unit(0, "2.5", "5.5") };
    let mut game = start(&scenario(vec![walker, unit(1, "12.5", "12.5")]));
    order(&mut game, &[Command::Move { unit: 0, x: fx("0.25"), y: fx("5.5") }]);
    // 2.5 - 0.75 = 1.75, on tile 1.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("1.75", "5.5"), at("-0.75", "0")));
    // 1.75 - 0.75 = 1.0 exactly: on tile 1, which is free.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("1", "5.5"), at("-0.75", "0")));
    // 1.0 - 0.75 = 0.25 is on tile 0, the wall: it stays, at rest, tick after tick.
    for _ in 0..2 {
        play(&mut game, 1);
        assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("1", "5.5"), STILL));
    }
}

#[test]
fn a_point_on_a_tile_boundary_is_on_the_tile_it_starts() {
    // Column 5 is a wall from top to bottom.
    let wall = Obstacle { x: 5, y: 1, w: 1, h: 14 };
    let onto_five = UnitSpec { speed: fx("0.75"), ..unit(0, "4.25", "4.5") };
    let just_short = UnitSpec { speed: Fx::from_bits(49_151), ..unit(0, "4.25", "8.5") };
    let mut game = start(&scenario_with(vec![wall], vec![onto_five, just_short, unit(1, "12.5", "12.5")]));
    order(
        &mut game,
        &[
            Command::Move { unit: 0, x: fx("10.5"), y: fx("4.5") },
            Command::Move { unit: 1, x: fx("10.5"), y: fx("8.5") },
        ],
    );
    play(&mut game, 1);
    // 4.25 + 0.75 = 5.0 is on tile 5: refused.
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("4.25", "4.5"), STILL));
    // 4.25 · 2^16 + 49151 = 327679 = 5 · 2^16 - 1, still on tile 4: taken.
    assert_eq!(unit_state(&game, 1).pos, (Fx::from_bits(327_679), fx("8.5")));
    assert_eq!(unit_state(&game, 1).vel, bits(49_151, 0));
    // The next step lands on tile 5.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 1).pos.0, unit_state(&game, 1).vel), (Fx::from_bits(327_679), STILL));
}

#[test]
fn a_diagonal_step_into_an_obstacle_slides_along_it() {
    let block = Obstacle { x: 5, y: 5, w: 1, h: 1 };
    let walker = UnitSpec { speed: fx("0.75"), ..unit(0, "4.5", "4.5") };
    let mut game = start(&scenario_with(vec![block], vec![walker, unit(1, "12.5", "12.5")]));
    order(&mut game, &[Command::Move { unit: 0, x: fx("8.5"), y: fx("8.5") }]);
    // Along x first: (5.25, 4.5) is on the free tile (5, 4), taken; then along y: (5.25, 5.25) is
    // on the blocked tile (5, 5), refused. The unit slides along the obstacle's side.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("5.25", "4.5"), at("0.75", "0")));
    // Past the obstacle, both axes are free again.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("6", "5.25"), at("0.75", "0.75")));
}

#[test]
fn a_step_across_an_obstacles_corner_goes_around_it() {
    let block = Obstacle { x: 5, y: 5, w: 1, h: 1 };
    let walker = UnitSpec { speed: fx("0.75"), ..unit(0, "4.875", "5.375") };
    let mut game = start(&scenario_with(vec![block], vec![walker, unit(1, "12.5", "12.5")]));
    order(&mut game, &[Command::Move { unit: 0, x: fx("5.375"), y: fx("4.875") }]);
    // The diagonal step (0.5, -0.5) would land on the free tile (5, 4), but along x first it
    // reaches (5.375, 5.375), on the blocked tile (5, 5): refused; along y, (4.875, 4.875) is free.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("4.875", "4.875"), at("0", "-0.5")));
    // Then x is free: the unit went around the corner instead of cutting it.
    play(&mut game, 1);
    assert_eq!((unit_state(&game, 0).pos, unit_state(&game, 0).vel), (at("5.375", "4.875"), at("0.5", "0")));
}

#[test]
fn the_largest_speed_is_a_limit_per_axis() {
    let fastest = Fx::from_bits(65_535); // 1 - 2^-16
    let east = UnitSpec { speed: fastest, ..unit(0, "2", "2") };
    let west = UnitSpec { speed: fastest, ..unit(0, "12", "12") };
    let mut game = start(&scenario(vec![east, west, unit(1, "13.5", "2.5")]));
    order(
        &mut game,
        &[Command::Move { unit: 0, x: fx("10"), y: fx("2.5") }, Command::Move { unit: 1, x: fx("2"), y: fx("11.5") }],
    );
    // Each axis is clamped on its own: x by the speed, y not at all (0.5 is below it).
    play(&mut game, 1);
    assert_eq!(unit_state(&game, 0).pos, bits(3 * 65_536 - 1, 5 << 15));
    assert_eq!(unit_state(&game, 0).vel, bits(65_535, 1 << 15));
    assert_eq!(unit_state(&game, 1).pos, bits(11 * 65_536 + 1, 23 << 15));
    assert_eq!(unit_state(&game, 1).vel, bits(-65_535, -(1 << 15)));
    // y has arrived, x goes on by the speed.
    play(&mut game, 1);
    assert_eq!(unit_state(&game, 0).pos, bits(4 * 65_536 - 2, 5 << 15));
    assert_eq!(unit_state(&game, 0).vel, bits(65_535, 0));
}

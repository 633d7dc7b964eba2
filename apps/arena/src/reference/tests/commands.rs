//! Commands: the table of effects, and the refusals in the document's order. A refused command
//! must change nothing, so each refusal is checked against the whole state.

use super::*;
use crate::events::{Reason, Rejection};
use crate::state::Orders;

/// Applies `command`, which must be refused for `reason` and leave the state as it was.
fn refused(game: &mut Reference, command: Command, reason: Reason) {
    let before = game.state();
    assert_eq!(game.apply(&command), Some(Rejection { unit: command.unit(), reason }), "{command:?}");
    assert_eq!(game.state(), before, "{command:?} changed the state");
}

#[test]
fn orders_follow_the_command_table() {
    let mut game = start(&scenario(vec![unit(0, "2.5", "2.5"), unit(1, "12.5", "12.5")]));
    let orders = |game: &Reference| unit_state(game, 0).orders;
    assert_eq!(orders(&game), Orders { moves: false, dest: at("2.5", "2.5"), target: None });
    order(&mut game, &[Command::Move { unit: 0, x: fx("7"), y: fx("8") }]);
    assert_eq!(orders(&game), Orders { moves: true, dest: at("7", "8"), target: None });
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }]);
    assert_eq!(orders(&game), Orders { moves: true, dest: at("7", "8"), target: Some(1) });
    order(&mut game, &[Command::Hold { unit: 0 }]);
    assert_eq!(orders(&game), Orders { moves: false, dest: at("7", "8"), target: Some(1) });
    order(&mut game, &[Command::Move { unit: 0, x: fx("3"), y: fx("4") }]);
    assert_eq!(orders(&game), Orders { moves: true, dest: at("3", "4"), target: None });
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }, Command::Stop { unit: 0 }]);
    assert_eq!(orders(&game), Orders { moves: false, dest: at("3", "4"), target: None });
}

#[test]
fn a_dead_units_commands_are_refused_as_not_alive() {
    let frail = UnitSpec { hp: 5, ..unit(1, "5.5", "4.5") };
    let mut game = start(&scenario(vec![unit(0, "4.5", "4.5"), frail, unit(1, "12.5", "12.5")]));
    order(&mut game, &[Command::Attack { unit: 0, target: 1 }]);
    play(&mut game, 1);
    assert_eq!(unit_state(&game, 1).hp, 0);
    refused(&mut game, Command::Move { unit: 1, x: fx("3"), y: fx("3") }, Reason::NotAlive);
    refused(&mut game, Command::Attack { unit: 1, target: 0 }, Reason::NotAlive);
    refused(&mut game, Command::Hold { unit: 1 }, Reason::NotAlive);
    refused(&mut game, Command::Stop { unit: 1 }, Reason::NotAlive);
    // Checked first: before the point and the target.
    refused(&mut game, Command::Move { unit: 1, x: fx("32"), y: fx("3") }, Reason::NotAlive);
    refused(&mut game, Command::Attack { unit: 1, target: 1 }, Reason::NotAlive);
}

#[test]
fn an_attack_on_an_ally_or_on_itself_is_refused_as_friendly() {
    let mut game = start(&scenario(vec![unit(0, "4.5", "4.5"), unit(0, "5.5", "4.5"), unit(1, "12.5", "12.5")]));
    refused(&mut game, Command::Attack { unit: 0, target: 1 }, Reason::TargetFriendly);
    refused(&mut game, Command::Attack { unit: 0, target: 0 }, Reason::TargetFriendly);
    assert_eq!(game.apply(&Command::Attack { unit: 0, target: 2 }), None);
}

#[test]
fn an_attack_on_a_dead_unit_is_refused_as_target_not_alive() {
    // In one tick, unit 0 kills the enemy 2 and unit 3 kills 0's ally 1; 0 and 3 live on.
    let frail = |team, x: &str, y: &str| UnitSpec { hp: 5, ..unit(team, x, y) };
    let units = vec![unit(0, "4.5", "4.5"), frail(0, "4.5", "10.5"), frail(1, "5.5", "4.5"), unit(1, "5.5", "10.5")];
    let mut game = start(&scenario(units));
    order(&mut game, &[Command::Attack { unit: 0, target: 2 }, Command::Attack { unit: 3, target: 1 }]);
    play(&mut game, 1);
    assert_eq!(game.state().units.iter().map(|u| u.hp).collect::<Vec<_>>(), [100, 0, 0, 100]);
    refused(&mut game, Command::Attack { unit: 0, target: 2 }, Reason::TargetNotAlive);
    // A dead ally: "not alive" is checked before "friendly".
    refused(&mut game, Command::Attack { unit: 0, target: 1 }, Reason::TargetNotAlive);
    // A dead unit attacking a dead enemy: the unit is checked first.
    refused(&mut game, Command::Attack { unit: 1, target: 2 }, Reason::NotAlive);
}

#[test]
fn a_move_off_the_grid_is_refused_as_a_bad_point() {
    let mut game = start(&scenario(vec![unit(0, "4.5", "4.5"), unit(1, "12.5", "12.5")]));
    let last = Fx::from_bits(32 * 65_536 - 1); // 31.99998…, the largest point on the grid
    refused(&mut game, Command::Move { unit: 0, x: fx("32"), y: fx("5") }, Reason::BadPoint);
    refused(&mut game, Command::Move { unit: 0, x: fx("5"), y: fx("32") }, Reason::BadPoint);
    refused(&mut game, Command::Move { unit: 0, x: Fx::from_bits(-1), y: fx("5") }, Reason::BadPoint);
    refused(&mut game, Command::Move { unit: 0, x: fx("5"), y: Fx::from_bits(-1) }, Reason::BadPoint);
    // The grid's edges are points of it, even on walls or outside this 16 × 16 arena.
    order(&mut game, &[Command::Move { unit: 0, x: last, y: last }, Command::Move { unit: 0, x: fx("0"), y: fx("0") }]);
}

#[test]
fn units_the_scenario_does_not_have_are_read_as_dead() {
    let mut game = start(&scenario(vec![unit(0, "4.5", "4.5"), unit(1, "12.5", "12.5")]));
    refused(&mut game, Command::Hold { unit: 99 }, Reason::NotAlive);
    refused(&mut game, Command::Attack { unit: 0, target: 99 }, Reason::TargetNotAlive);
}

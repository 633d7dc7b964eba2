//! A proof's statement is the replay's whole match (`check_replay_statement`, built without
//! executing anything), and the rules hold at the grid's bounds, checked constraint by constraint.

use appvm::testkit::check_witness;
use appvm_arena::fx::Fx;
use appvm_arena::genesis::genesis;
use appvm_arena::replay::{Command, Replay, TickInput};
use appvm_arena::scenario::{Arena as Field, Scenario, UnitSpec, GRID};
use appvm_arena::session::{check_replay_statement, play, replay_inputs, ReplayStatementError};
use appvm_arena::vm::{to_vm, Arena};

use crate::common::{machine, skirmish};

fn statement_of(replay: &Replay, ops: &[Arena]) -> appvm::Statement {
    let machine = machine();
    machine.witness(&genesis(&replay.scenario), ops).expect("executes").statement
}

#[test]
fn the_honest_statement_is_the_replays_match_and_others_are_not() {
    let replay = skirmish();
    let played = play(&machine(), &replay).expect("plays");
    let honest = statement_of(&replay, &played.inputs);
    assert_eq!(check_replay_statement(&replay, &honest), Ok(()));

    // Stopped a tick early: no outcome.
    let early = statement_of(&replay, &played.inputs[..played.inputs.len() - 1]);
    assert_eq!(check_replay_statement(&replay, &early), Err(ReplayStatementError::Unfinished));
    // A command after the end (rejected by the rules, but an input all the same).
    let mut longer = played.inputs.clone();
    longer.push(to_vm(&Command::Hold { unit: 0 }));
    let after = statement_of(&replay, &longer);
    assert_eq!(check_replay_statement(&replay, &after), Err(ReplayStatementError::Unfinished));
    // Another seed.
    let mut reseeded = replay.clone();
    reseeded.scenario.seed ^= 1;
    assert_eq!(check_replay_statement(&reseeded, &honest), Err(ReplayStatementError::Start));
    // Another command in the replay than in the statement.
    let mut other = replay.clone();
    other.ticks[1].commands[0] = Command::Stop { unit: 0 };
    let first_command_of_tick_30 = replay.ticks[0].commands.len() + 30;
    assert_eq!(check_replay_statement(&other, &honest), Err(ReplayStatementError::Inputs(first_command_of_tick_30)));
    assert_eq!(replay_inputs(&replay, played.states.len() as u32 - 1), played.inputs);
}

/// The largest arena, a unit one raw bit inside the far wall moving at the largest speed towards
/// the grid's last point, the largest range, hit points, damage and reload: the rows satisfy every
/// constraint (the comparisons' bounds hold at the edges).
#[test]
fn the_rules_hold_at_the_grids_bounds() {
    let edge = Fx::from_bits(((GRID as i32 - 1) << 16) - 1);
    let max = |team, x: Fx, y: Fx| UnitSpec {
        team,
        x,
        y,
        hp: 65_535,
        damage: 65_535,
        range: Fx::from_bits(((GRID as i32) << 16) - 1),
        reload: 65_535,
        speed: Fx::from_bits(65_535),
    };
    let corner = Fx::from_num(1);
    let scenario = Scenario {
        arena: Field { width: GRID, height: GRID },
        obstacles: vec![],
        seed: u32::MAX,
        tick_limit: 6,
        units: vec![max(0, edge, edge), max(1, corner, corner), max(1, corner, edge)],
    };
    let last = Fx::from_bits((GRID as i32) << 16).saturating_sub(Fx::from_bits(1));
    let commands = vec![
        Command::Move { unit: 0, x: last, y: last },
        Command::Attack { unit: 1, target: 0 },
        Command::Attack { unit: 2, target: 0 },
    ];
    let replay = Replay { scenario, ticks: vec![TickInput { tick: 0, commands }] };
    let replay = Replay::parse(&replay.to_ron()).expect("a valid replay");
    let played = play(&machine(), &replay).expect("plays");
    let witness = machine().witness(&genesis(&replay.scenario), &played.inputs).expect("executes");
    if let Err(failures) = check_witness(&witness) {
        panic!("{} constraint failures, first: {}", failures.len(), failures[0]);
    }
    assert!(played.states.last().is_some_and(|s| s.over));
}

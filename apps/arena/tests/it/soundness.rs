//! Every arena chip is fully constrained (a mutation sweep finds no survivor), and a malicious
//! prover who changes the match (a command, a dropped tick, a skipped unit, another seed, another
//! result) and re-proves with the real prover is rejected by the unchanged verifier.

use crate::common::{machine, skirmish};
use appvm::testkit::{bus_balance, check_witness, forge, mutation_sweep, run_attacks, standard_attacks, Verdict};
use appvm::Record;
use appvm::{Machine, Memory, Statement, Witness};
use appvm_arena::fx::Fx;
use appvm_arena::genesis::genesis;
use appvm_arena::layout::{self, Body, Drive, WIDTH};
use appvm_arena::ops::{MoveTo, Tick};
use appvm_arena::replay::{Command, Replay};
use appvm_arena::session::play;
use appvm_arena::vm::{to_vm, Arena};

/// The skirmish's input stream with every path the rules have: rejected commands of every
/// reason (a dead unit's, a point off the grid, a dead and a friendly target), `Hold` and
/// `Stop`, kills, the match's end, and a tick after it.
fn every_path(replay: &Replay, machine: &Machine<Arena>) -> Vec<Arena> {
    let played = play(machine, replay).expect("the skirmish plays");
    let end = played.states.last().expect("a final state");
    let dead = end.units.iter().position(|u| !u.alive()).expect("someone died") as u32;
    let alive = end.units.iter().position(|u| u.alive()).expect("someone lives") as u32;
    let mut ops = played.inputs;
    let tail = ops.pop().expect("the last tick");
    ops.extend([
        to_vm(&Command::Move { unit: dead, x: Fx::from_num(3), y: Fx::from_num(3) }),
        Arena::MoveTo(MoveTo { unit: alive as u16, x: -1, y: 5 << 16 }),
        to_vm(&Command::Attack { unit: alive, target: dead }),
        to_vm(&Command::Attack { unit: alive, target: alive }),
        to_vm(&Command::Hold { unit: alive }),
        to_vm(&Command::Stop { unit: alive }),
        tail,
        Arena::Tick(Tick {}),
    ]);
    ops
}

fn honest(machine: &Machine<Arena>) -> (Memory, Vec<Arena>, Witness) {
    let replay = skirmish();
    let memory = genesis(&replay.scenario);
    let ops = every_path(&replay, machine);
    let witness = machine.witness(&memory, &ops).expect("the match executes");
    (memory, ops, witness)
}

#[test]
fn every_chip_has_rows_and_the_traces_satisfy_every_constraint_and_bus() {
    let machine = machine();
    let (_, _, witness) = honest(&machine);
    for (chip, rows) in witness.cost().chips.iter().map(|c| (c.chip.clone(), c.rows)) {
        assert!(rows > 0, "chip {chip} has no rows");
    }
    if let Err(failures) = check_witness(&witness) {
        panic!("{} constraint failures, first: {}", failures.len(), failures[0]);
    }
    assert!(bus_balance(&witness).is_empty());
}

#[test]
fn mutations_of_every_chip_are_caught() {
    let machine = machine();
    let (_, _, witness) = honest(&machine);
    let report = mutation_sweep(&witness, 48, 11);
    assert!(report.survivors.is_empty(), "{report}");
}

#[test]
fn the_standard_attacks_fail() {
    let machine = machine();
    let (_, _, witness) = honest(&machine);
    for outcome in run_attacks(&machine, &witness, &standard_attacks()) {
        assert!(outcome.as_expected(), "`{}`: {:?}", outcome.name, outcome.verdict);
    }
}

/// Executes `ops` from `memory` honestly, then claims `claim` (built from the honest match's
/// statement and the cheating execution's), re-proves and verifies. Must be rejected.
fn cheat(
    machine: &Machine<Arena>,
    honest: &Statement,
    memory: &Memory,
    ops: &[Arena],
    claim: impl FnOnce(&Statement, &mut Statement),
) {
    let witness = machine.witness(memory, ops).expect("the cheating execution runs");
    let verdict = forge(machine, &witness, |f| {
        claim(honest, &mut f.statement);
        true
    });
    match verdict {
        Some(Verdict::Rejected(_)) => {}
        other => panic!("a cheating proof must be rejected, was {other:?}"),
    }
}

/// Index in a memory image of lane `name` of the record `R` at `addr`.
fn lane<R: Record<u64>>(addr: u64, name: &str) -> usize {
    addr as usize * WIDTH + R::NAMES.iter().position(|n| *n == name).expect("a lane of the record")
}

/// The honest match's result claimed for other inputs.
fn same_result(honest: &Statement, claimed: &mut Statement) {
    claimed.outputs = honest.outputs.clone();
    claimed.final_state = honest.final_state.clone();
    claimed.touched = honest.touched.clone();
}

#[test]
fn a_changed_command_cannot_claim_the_honest_result() {
    let machine = machine();
    let (memory, mut ops, witness) = honest(&machine);
    let at = ops.iter().position(|op| matches!(op, Arena::Attack(_))).expect("an attack");
    let Arena::Attack(mut attack) = ops[at] else { unreachable!() };
    attack.target = (attack.target + 2) % 16;
    ops[at] = Arena::Attack(attack);
    cheat(&machine, &witness.statement, &memory, &ops, same_result);
}

#[test]
fn a_dropped_tick_cannot_claim_the_honest_result() {
    let machine = machine();
    let (memory, mut ops, witness) = honest(&machine);
    let at = ops.iter().position(|op| matches!(op, Arena::Tick(_))).expect("a tick");
    ops.remove(at);
    cheat(&machine, &witness.statement, &memory, &ops, same_result);
}

/// A prover that unlinks unit 5 from the live list (so it never acts) but claims the honest
/// start.
#[test]
fn a_skipped_unit_cannot_claim_the_honest_start() {
    let machine = machine();
    let (memory, ops, witness) = honest(&machine);
    let mut values = memory.to_u64s();
    let skip = 5;
    // Unit 4's successor becomes unit 6 (links are id + 1), unit 6's predecessor unit 4.
    values[lane::<Drive<u64>>(layout::unit(skip - 1) + 1, "next")] = skip + 2;
    values[lane::<Body<u64>>(layout::unit(skip + 1), "prev")] = skip;
    let skipping = Memory::from_u64_words(WIDTH, values);
    cheat(&machine, &witness.statement, &skipping, &ops, |honest, claimed| {
        claimed.initial_state = honest.initial_state.clone();
    });
    // Claiming the skipping start itself is refused before any proof is checked.
    let (statement, proof) = machine.prove(&skipping, &ops).expect("the skipping match proves");
    assert!(machine.verify(&statement, &proof).is_err());
}

#[test]
fn another_seed_cannot_claim_the_honest_start_or_result() {
    let machine = machine();
    let (_, ops, witness) = honest(&machine);
    let mut replay = skirmish();
    replay.scenario.seed += 1;
    let reseeded = genesis(&replay.scenario);
    cheat(&machine, &witness.statement, &reseeded, &ops, |honest, claimed| {
        claimed.initial_state = honest.initial_state.clone();
    });
    cheat(&machine, &witness.statement, &reseeded, &ops, same_result);
}

#[test]
fn another_final_state_is_rejected() {
    let machine = machine();
    let (memory, ops, witness) = honest(&machine);
    // The survivors' hit points raised in the claimed final state.
    let hp_lane = |id: u64| lane::<Body<u64>>(layout::unit(id), "hp");
    let survivor = (0..16).find(|&id| witness.statement.final_state[hp_lane(id)] > 0).expect("a survivor");
    cheat(&machine, &witness.statement, &memory, &ops, |honest, claimed| {
        *claimed = honest.clone();
        claimed.final_state[hp_lane(survivor)] += 1;
    });
}

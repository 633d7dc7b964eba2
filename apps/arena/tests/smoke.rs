#![allow(clippy::unwrap_used)]
use appvm::{Machine, Params};
use appvm_arena::fx::Fx;
use appvm_arena::replay::{Command, Replay, TickInput};
use appvm_arena::scenario::{Arena as Field, Scenario, UnitSpec};
use appvm_arena::session::play;
use appvm_arena::vm::Arena;

#[test]
fn duel() {
    let unit = |team, x: i32| UnitSpec {
        team,
        x: Fx::from_num(x),
        y: Fx::from_num(3),
        hp: 20,
        damage: 3,
        range: Fx::from_num(2),
        reload: 1,
        speed: Fx::from_num(0.5),
    };
    let scenario = Scenario {
        arena: Field { width: 12, height: 8 },
        obstacles: vec![],
        seed: 7,
        tick_limit: 100,
        units: vec![unit(0, 2), unit(1, 9), unit(1, 10)],
    };
    let replay = Replay {
        scenario,
        ticks: vec![TickInput {
            tick: 0,
            commands: vec![
                Command::Attack { unit: 0, target: 1 },
                Command::Attack { unit: 1, target: 0 },
                Command::Move { unit: 2, x: Fx::from_num(5), y: Fx::from_num(5) },
                Command::Attack { unit: 2, target: 2 },
            ],
        }],
    };
    let machine = Machine::<Arena>::new(Params::Fast).unwrap();
    let played = play(&machine, &replay).unwrap();
    for s in played.states.iter().take(12) {
        println!(
            "{} {:?}",
            s.tick,
            s.units.iter().map(|u| (u.pos.0.to_string(), u.pos.1.to_string(), u.hp, u.cooldown)).collect::<Vec<_>>()
        );
    }
    println!("{:?}", played.events);
    let (statement, proof) = machine.prove(&appvm_arena::genesis::genesis(&replay.scenario), &played.inputs).unwrap();
    machine.verify(&statement, &proof).unwrap();
}

#[test]
fn cost_probe() {
    let n = 64u32;
    let units = (0..n)
        .map(|i| {
            let team = i % 2;
            let x = if team == 0 { 3 + (i / 2) % 4 } else { 24 + (i / 2) % 4 };
            let y = 3 + (i / 8) * 3;
            UnitSpec {
                team,
                x: Fx::from_num(x) + Fx::from_num(0.5),
                y: Fx::from_num(y),
                hp: 200,
                damage: 5,
                range: Fx::from_num(3),
                reload: 3,
                speed: Fx::from_num(0.25),
            }
        })
        .collect();
    let scenario =
        Scenario { arena: Field { width: 30, height: 30 }, obstacles: vec![], seed: 7, tick_limit: 256, units };
    let commands = (0..n).map(|i| Command::Attack { unit: i, target: (i + 1) % n }).collect();
    let replay = Replay { scenario, ticks: vec![TickInput { tick: 0, commands }] };
    let machine = Machine::<Arena>::new(Params::Fast).unwrap();
    let t = std::time::Instant::now();
    let played = play(&machine, &replay).unwrap();
    println!("play {:?} ticks {}", t.elapsed(), played.states.len() - 1);
    let unit_ticks: usize =
        played.states[..played.states.len() - 1].iter().map(|s| s.units.iter().filter(|u| u.alive()).count()).sum();
    let memory = appvm_arena::genesis::genesis(&replay.scenario);
    let t = std::time::Instant::now();
    let witness = machine.witness(&memory, &played.inputs).unwrap();
    println!("witness {:?}", t.elapsed());
    let cost = witness.cost();
    for c in &cost.chips {
        println!("{:<12} rows {:>7} main {:>4} aux {:>4}", c.chip, c.rows, c.main_width, c.aux_width);
    }
    println!(
        "unit-ticks {unit_ticks} total cells {} per unit-tick {:.1}",
        cost.total_cells(),
        cost.total_cells() as f64 / unit_ticks as f64
    );
    let t = std::time::Instant::now();
    let proof = machine.prove_witness(&witness).unwrap();
    println!("prove {:?}", t.elapsed());
    let _ = proof;
}

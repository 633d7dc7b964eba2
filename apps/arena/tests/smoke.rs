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

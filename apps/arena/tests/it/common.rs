//! What the arena's integration tests share: the VM and a small scripted match.

use std::sync::Arc;

use appvm::{Machine, Params};
use appvm_arena::fx::Fx;
use appvm_arena::replay::{Command, Replay, TickInput};
use appvm_arena::scenario::{Arena as Field, Obstacle, Scenario, UnitSpec};
use appvm_arena::vm::Arena;

pub fn machine() -> Arc<Machine<Arena>> {
    Arc::new(Machine::new(Params::Fast).expect("the arena VM lays out"))
}

/// Two teams of eight that chase each other around an obstacle, with orders changing mid-match.
pub fn skirmish() -> Replay {
    let unit = |i: u32| {
        let team = i % 2;
        let x = if team == 0 { 2 + (i / 2) % 3 } else { 17 + (i / 2) % 3 };
        UnitSpec {
            team,
            x: Fx::from_num(x) + Fx::from_num(0.25),
            y: Fx::from_num(2 + i / 2),
            hp: 40,
            damage: 4,
            range: Fx::from_num(2.5),
            reload: 2,
            speed: Fx::from_num(0.375),
        }
    };
    let scenario = Scenario {
        arena: Field { width: 21, height: 13 },
        obstacles: vec![Obstacle { x: 9, y: 4, w: 3, h: 4 }],
        seed: 2024,
        tick_limit: 400,
        units: (0..16).map(unit).collect(),
    };
    let attack_all = (0..16).map(|i| Command::Attack { unit: i, target: (i + 3) % 16 }).collect();
    let regroup = vec![
        Command::Move { unit: 0, x: Fx::from_num(5), y: Fx::from_num(10) },
        Command::Hold { unit: 1 },
        Command::Stop { unit: 2 },
        Command::Attack { unit: 3, target: 3 },
    ];
    let again = (0..16).map(|i| Command::Attack { unit: i, target: (i + 1) % 16 }).collect();
    Replay {
        scenario,
        ticks: vec![
            TickInput { tick: 0, commands: attack_all },
            TickInput { tick: 30, commands: regroup },
            TickInput { tick: 60, commands: again },
        ],
    }
}

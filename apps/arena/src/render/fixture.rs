//! A small hand-made match for the viewer's tests: two teams of two on a 10 × 8 field with one
//! obstacle, and the states of its first two ticks, built by hand from the start the VM's
//! memory decodes to.

use crate::fx::Fx;
use crate::genesis::genesis;
use crate::layout::decode;
use crate::scenario::{Arena, Obstacle, Scenario, UnitSpec};
use crate::state::State;

/// Starting hit points of every unit.
pub const HP: u32 = 100;
/// Reload of every unit.
pub const RELOAD: u32 = 5;

/// A unit of `team` at `(x, y)`.
fn unit(team: u32, x: f32, y: f32) -> UnitSpec {
    UnitSpec {
        team,
        x: Fx::from_num(x),
        y: Fx::from_num(y),
        hp: HP,
        damage: 10,
        range: Fx::from_num(6),
        reload: RELOAD,
        speed: Fx::from_num(0.25),
    }
}

/// The match and `states[0..=2]`. In tick 1 unit 0 (team 0) halves unit 1's hit points and
/// unit 3 (team 1) kills unit 2; in tick 2 the weapons rest.
pub fn skirmish() -> (Scenario, Vec<State>) {
    let scenario = Scenario {
        arena: Arena { width: 10, height: 8 },
        obstacles: vec![Obstacle { x: 4, y: 2, w: 2, h: 3 }],
        seed: 1,
        tick_limit: 100,
        units: vec![unit(0, 2.5, 2.5), unit(1, 7.5, 5.5), unit(0, 2.5, 5.5), unit(1, 7.5, 2.5)],
    };
    scenario.validate().expect("the fixture is a valid scenario");
    let start = decode(&genesis(&scenario), scenario.units.len());
    let mut one = start.clone();
    one.tick = 1;
    for (shooter, target, hp) in [(0, 1, HP / 2), (3, 2, 0)] {
        one.units[shooter].orders.target = Some(target as u32);
        one.units[shooter].cooldown = RELOAD;
        one.units[target].hp = hp;
    }
    one.teams[0].alive = 1;
    one.teams[1].kills = 1;
    let mut two = one.clone();
    two.tick = 2;
    for u in &mut two.units {
        u.cooldown = u.cooldown.saturating_sub(1);
    }
    (scenario, vec![start, one, two])
}

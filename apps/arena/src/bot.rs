//! A deterministic bot that gives the orders of every team, so that generated replays look like
//! played matches. It is not part of the proof: its commands are the replay's inputs.
//!
//! Like a player, it cannot order everyone at once: each tick it looks at the live units in id
//! order, from a random starting id, and gives at most a few orders. A unit that is idle (no
//! orders, arrived, or its target died) is soon sent at the nearest live enemy, or now and then
//! to a random free point; a unit stuck against a wall or an obstacle is sent to a random free
//! point to get around it; a busy unit now and then switches to a nearer enemy, falls back
//! towards its team's start, or holds. Once in a while a misclick orders a random unit (maybe
//! dead) against a random unit (maybe an ally or dead), which the rules refuse: rejections are
//! rare but do occur.
//!
//! Decisions use only the state and a seeded [`StdRng`] and look at units by id, so the same seed
//! and the same states always give the same commands.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::fx::{raw, Fx, FRAC_BITS};
use crate::replay::Command;
use crate::scenario::Scenario;
use crate::state::State;

/// An idle unit gets orders with chance 1 in this, per tick: players react with some delay.
const REACT: u32 = 3;
/// An idle unit given orders is sent to a random free point instead of an enemy with chance 1 in
/// this.
const WANDER: u32 = 8;
/// A busy unit switches to the nearest enemy, if that is another one, with chance 1 in this.
const RETARGET: u32 = 40;
/// A busy unit falls back towards its team's start with chance 1 in this.
const RETREAT: u32 = 400;
/// A busy unit holds with chance 1 in this.
const HOLD: u32 = 300;
/// A busy unit stops with chance 1 in this.
const STOP: u32 = 2000;
/// A tick has a misclick with chance 1 in this.
const MISCLICK: u32 = 40;
/// Attempts at drawing a free tile before giving up.
const TRIES: u32 = 20;
/// How far from its team's start (in tiles, per axis) a retreating unit goes.
const RETREAT_SPREAD: i64 = 3;

/// What a unit is doing, as the bot sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Situation {
    /// Needs orders: none, arrived, or its target died.
    Idle,
    /// Walks but did not move in the last tick, short of its goal.
    Stuck,
    /// Following its orders.
    Busy,
}

/// The bot: a seeded random generator and the policy above.
#[derive(Debug)]
pub struct Bot {
    rng: StdRng,
}

impl Bot {
    /// A bot whose choices are drawn from `seed`.
    pub fn new(seed: u64) -> Bot {
        Bot { rng: StdRng::seed_from_u64(seed) }
    }

    /// The commands to give before the next tick of the match in `state`, a match of
    /// `scenario`, in the order to apply them. None once the match is over.
    pub fn commands(&mut self, state: &State, scenario: &Scenario) -> Vec<Command> {
        let units = state.units.len();
        if state.over || units == 0 {
            return Vec::new();
        }
        let budget = 2 + state.live() / 16;
        let first = self.rng.random_range(0..units);
        let mut commands = Vec::new();
        for id in (first..units).chain(0..first) {
            if commands.len() >= budget {
                break;
            }
            if state.units[id].alive() {
                commands.extend(self.decide(id, state, scenario));
            }
        }
        if self.rng.random_ratio(1, MISCLICK) {
            commands.push(self.misclick(state, scenario));
        }
        commands
    }

    /// This tick's order for live unit `id`, if it gets one.
    fn decide(&mut self, id: usize, state: &State, scenario: &Scenario) -> Option<Command> {
        let unit = &state.units[id];
        let me = id as u32;
        match situation(id, state, scenario) {
            Situation::Idle if self.rng.random_ratio(1, REACT) => match nearest_enemy(id, state) {
                Some(target) if !self.rng.random_ratio(1, WANDER) => Some(Command::Attack { unit: me, target }),
                _ => self.free_point(scenario).map(|(x, y)| Command::Move { unit: me, x, y }),
            },
            Situation::Stuck if self.rng.random_ratio(1, REACT) => {
                self.free_point(scenario).map(|(x, y)| Command::Move { unit: me, x, y })
            }
            Situation::Busy if self.rng.random_ratio(1, RETARGET) => {
                let nearest = nearest_enemy(id, state).filter(|&t| unit.orders.target != Some(t));
                nearest.map(|target| Command::Attack { unit: me, target })
            }
            Situation::Busy if self.rng.random_ratio(1, RETREAT) => {
                self.point_near_home(scenario, unit.team).map(|(x, y)| Command::Move { unit: me, x, y })
            }
            Situation::Busy if self.rng.random_ratio(1, HOLD) => Some(Command::Hold { unit: me }),
            Situation::Busy if self.rng.random_ratio(1, STOP) => Some(Command::Stop { unit: me }),
            _ => None,
        }
    }

    /// An order for a random unit, maybe a dead one, against a random unit, maybe an ally.
    fn misclick(&mut self, state: &State, scenario: &Scenario) -> Command {
        let units = state.units.len() as u32;
        let unit = self.rng.random_range(0..units);
        match self.rng.random_range(0..4) {
            0 => Command::Hold { unit },
            1 => match self.free_point(scenario) {
                Some((x, y)) => Command::Move { unit, x, y },
                None => Command::Stop { unit },
            },
            _ => Command::Attack { unit, target: self.rng.random_range(0..units) },
        }
    }

    /// A random point on a random free tile, if one turns up in a few draws.
    fn free_point(&mut self, scenario: &Scenario) -> Option<(Fx, Fx)> {
        let (width, height) = (i64::from(scenario.arena.width), i64::from(scenario.arena.height));
        self.point_in(scenario, (1, width - 1), (1, height - 1))
    }

    /// A random point on a free tile near where `team`'s units started, if one turns up.
    fn point_near_home(&mut self, scenario: &Scenario, team: u32) -> Option<(Fx, Fx)> {
        let starts: Vec<(i64, i64)> = scenario
            .units
            .iter()
            .filter(|spec| spec.team == team)
            .map(|spec| (raw(spec.x) >> FRAC_BITS, raw(spec.y) >> FRAC_BITS))
            .collect();
        let count = starts.len().max(1) as i64;
        let home = (starts.iter().map(|s| s.0).sum::<i64>() / count, starts.iter().map(|s| s.1).sum::<i64>() / count);
        let around = |c: i64| (c - RETREAT_SPREAD, c + RETREAT_SPREAD + 1);
        self.point_in(scenario, around(home.0), around(home.1)).or_else(|| self.free_point(scenario))
    }

    /// A random point on a free tile with column in `xs` and row in `ys` (half-open), if one
    /// turns up in [`TRIES`] draws.
    fn point_in(&mut self, scenario: &Scenario, xs: (i64, i64), ys: (i64, i64)) -> Option<(Fx, Fx)> {
        let inside = |(lo, hi): (i64, i64), side: u32| (lo.max(1), hi.min(i64::from(side) - 1));
        let (xs, ys) = (inside(xs, scenario.arena.width), inside(ys, scenario.arena.height));
        if xs.0 >= xs.1 || ys.0 >= ys.1 {
            return None;
        }
        for _ in 0..TRIES {
            let (i, j) = (self.rng.random_range(xs.0..xs.1), self.rng.random_range(ys.0..ys.1));
            if !scenario.blocked(i as u32, j as u32) {
                let fraction = |rng: &mut StdRng| rng.random_range(0..1i64 << FRAC_BITS);
                let x = (i << FRAC_BITS) + fraction(&mut self.rng);
                let y = (j << FRAC_BITS) + fraction(&mut self.rng);
                return Some((Fx::from_bits(x as i32), Fx::from_bits(y as i32)));
            }
        }
        None
    }
}

/// Squared distance between two points, on raw bits.
fn dist2(a: (Fx, Fx), b: (Fx, Fx)) -> i64 {
    (raw(a.0) - raw(b.0)).pow(2) + (raw(a.1) - raw(b.1)).pow(2)
}

/// The live enemy of unit `id` nearest to it; the lower id of equally near ones.
fn nearest_enemy(id: usize, state: &State) -> Option<u32> {
    let me = &state.units[id];
    (0..state.units.len())
        .filter(|&other| state.units[other].alive() && state.units[other].team != me.team)
        .min_by_key(|&other| (dist2(me.pos, state.units[other].pos), other))
        .map(|other| other as u32)
}

/// What live unit `id` is doing.
fn situation(id: usize, state: &State, scenario: &Scenario) -> Situation {
    let unit = &state.units[id];
    let still = unit.vel == (Fx::ZERO, Fx::ZERO);
    match unit.orders.target {
        Some(target) => {
            let target = &state.units[target as usize];
            let range = raw(scenario.units[id].range);
            if !target.alive() {
                Situation::Idle
            } else if unit.orders.moves && still && dist2(unit.pos, target.pos) > range * range {
                Situation::Stuck
            } else {
                Situation::Busy
            }
        }
        None if !unit.orders.moves || unit.pos == unit.orders.dest => Situation::Idle,
        None if still => Situation::Stuck,
        None => Situation::Busy,
    }
}

//! The reference simulation: the rules of docs/arena.md in plain Rust, written from the document
//! alone and never from the VM's opcodes, so that the tests that compare the two, tick by tick,
//! catch a misreading on either side.
//!
//! It is meant to be obviously right rather than fast: the state is the decoded [`State`] itself,
//! the live list a vector of ids, and every rule computes on the raw bits of the `I16F16` numbers
//! as `i64`, as the document writes it.
//!
//! ```
//! use appvm_arena::events::{Event, Reason, Rejection};
//! use appvm_arena::fx::Fx;
//! use appvm_arena::reference::Reference;
//! use appvm_arena::replay::Command;
//! use appvm_arena::scenario::{Arena, Scenario, UnitSpec};
//!
//! let unit = |team, x: &str| UnitSpec {
//!     team, x: Fx::lit(x), y: Fx::lit("4.5"), hp: 10, damage: 10,
//!     range: Fx::lit("2"), reload: 5, speed: Fx::lit("0.5"),
//! };
//! let scenario = Scenario {
//!     arena: Arena { width: 8, height: 8 }, obstacles: vec![], seed: 0, tick_limit: 100,
//!     units: vec![unit(0, "2.5"), unit(1, "5")],
//! };
//! let mut game = Reference::new(&scenario);
//! // An attack on one's own team is refused; on an enemy, it is obeyed.
//! let friendly = Rejection { unit: 0, reason: Reason::TargetFriendly };
//! assert_eq!(game.apply(&Command::Attack { unit: 0, target: 0 }), Some(friendly));
//! assert_eq!(game.apply(&Command::Attack { unit: 0, target: 1 }), None);
//! // Unit 0 is 2.5 tiles away: it steps 0.5 closer, then it is in range and shoots: 10 damage and
//! // a bonus kill a unit with 10 hit points, and team 0 is the only one left.
//! assert_eq!(game.tick(), vec![]);
//! assert_eq!(game.state().units[0].pos.0, Fx::lit("3"));
//! let events = game.tick();
//! assert_eq!(events[0], Event::Outcome(appvm_arena::state::Outcome { tick: 2, winner: Some(0) }));
//! assert_eq!(game.tick(), vec![Event::Rejected { unit: 0, reason: Reason::MatchOver }]);
//! ```

mod act;
mod command;
mod field;
mod rng;
mod run;
#[cfg(test)]
mod tests;

pub use run::{replay, Run, Step};

use crate::events::{Event, Reason, Rejection};
use crate::fx::{raw, Fx};
use crate::replay::Command;
use crate::scenario::Scenario;
use crate::state::{Orders, Outcome, State, TeamState, UnitState};
use field::Field;

/// A unit's fixed stats, in the form the rules use them.
#[derive(Clone, Copy, Debug)]
struct Stats {
    damage: u32,
    /// The range squared, on raw bits: compared with squared raw distances.
    range2: i64,
    reload: u32,
    /// Raw bits.
    speed: i64,
}

/// A unit killed in the act pass, and the team that killed it.
#[derive(Clone, Copy, Debug)]
struct Death {
    unit: usize,
    killer: u32,
}

/// A match in progress, played by the rules of docs/arena.md.
#[derive(Clone, Debug)]
pub struct Reference {
    field: Field,
    /// By unit id.
    stats: Vec<Stats>,
    /// By unit id: every unit, dead or alive.
    units: Vec<UnitState>,
    /// The live list: ids of the units with hit points, ascending (the canonical order).
    live: Vec<usize>,
    teams: Vec<TeamState>,
    rng: u32,
    tick: u32,
    tick_limit: u32,
    over: bool,
}

impl Reference {
    /// The match at its start: every unit at rest at its position, cooldown 0, not moving, its
    /// destination its own position, no target; every unit on the live list.
    ///
    /// `scenario` must be valid ([`Scenario::validate`], which [`crate::replay::Replay::parse`]
    /// runs): the arithmetic relies on its bounds.
    pub fn new(scenario: &Scenario) -> Reference {
        let units: Vec<UnitState> = scenario
            .units
            .iter()
            .map(|spec| UnitState {
                team: spec.team,
                pos: (spec.x, spec.y),
                vel: (Fx::ZERO, Fx::ZERO),
                hp: spec.hp,
                cooldown: 0,
                orders: Orders { moves: false, dest: (spec.x, spec.y), target: None },
            })
            .collect();
        let stats = scenario
            .units
            .iter()
            .map(|spec| Stats {
                damage: spec.damage,
                range2: raw(spec.range) * raw(spec.range),
                reload: spec.reload,
                speed: raw(spec.speed),
            })
            .collect();
        let live: Vec<usize> = (0..units.len()).filter(|&id| units[id].alive()).collect();
        let teams = (0..scenario.teams())
            .map(|team| TeamState { alive: live.iter().filter(|&&id| units[id].team == team).count() as u32, kills: 0 })
            .collect();
        Reference {
            field: Field::new(scenario),
            stats,
            units,
            live,
            teams,
            rng: scenario.seed,
            tick: 0,
            tick_limit: scenario.tick_limit,
            over: false,
        }
    }

    /// Applies one command (docs/arena.md, "Orders"). A refused command changes nothing and
    /// returns why; the checks run in the document's order. A command naming a unit the scenario
    /// does not have (which [`crate::replay::Replay::parse`] refuses) is read as naming a unit
    /// with no hit points. Once the match is over, every command is refused with
    /// [`Reason::MatchOver`].
    pub fn apply(&mut self, command: &Command) -> Option<Rejection> {
        match self.check(command) {
            Ok(()) => {
                self.obey(command);
                None
            }
            Err(reason) => Some(Rejection { unit: command.unit(), reason }),
        }
    }

    /// Plays one tick (docs/arena.md, "A tick"): every live unit acts in id order, the units
    /// killed leave the live list, the tick count rises, and the match may end. Returns nothing
    /// unless the match ends at this tick, then its [`Event::Outcome`] and every team's
    /// [`Event::Standing`]. A tick after the end changes nothing and returns
    /// `Rejected { unit: 0, reason: MatchOver }`.
    pub fn tick(&mut self) -> Vec<Event> {
        if self.over {
            return vec![Rejection { unit: 0, reason: Reason::MatchOver }.into()];
        }
        // 1. Act. A unit killed earlier in the pass still acts: it stays on the list until step 2.
        let live = std::mem::take(&mut self.live);
        let deaths: Vec<Death> = live.iter().filter_map(|&id| self.act(id)).collect();
        // 2. Deaths. The units killed in this tick are exactly the listed ones without hit points.
        for death in &deaths {
            self.teams[self.units[death.unit].team as usize].alive -= 1;
            self.teams[death.killer as usize].kills += 1;
        }
        self.live = live.into_iter().filter(|&id| self.units[id].alive()).collect();
        // 3. End.
        self.tick += 1;
        self.end()
    }

    /// The whole state, as [`State`] decodes it from the VM's memory.
    pub fn state(&self) -> State {
        State { tick: self.tick, rng: self.rng, over: self.over, units: self.units.clone(), teams: self.teams.clone() }
    }

    /// Whether the match is over.
    pub fn over(&self) -> bool {
        self.over
    }

    /// Ticks played so far: the number of the next tick.
    pub fn ticks_played(&self) -> u32 {
        self.tick
    }

    /// Step 3 of a tick, after the count rose: the match is over when at most one team has live
    /// units or the count reached the limit; then the outcome and the standings.
    fn end(&mut self) -> Vec<Event> {
        let teams_left: Vec<u32> = (0..self.teams.len() as u32).filter(|&t| self.teams[t as usize].alive > 0).collect();
        self.over = teams_left.len() <= 1 || self.tick >= self.tick_limit;
        if !self.over {
            return Vec::new();
        }
        let winner = match teams_left[..] {
            [team] => Some(team),
            _ => None,
        };
        let standings = self.teams.iter().enumerate().map(|(team, t)| Event::Standing {
            team: team as u32,
            alive: t.alive,
            kills: t.kills,
        });
        std::iter::once(Event::Outcome(Outcome { tick: self.tick, winner })).chain(standings).collect()
    }
}

//! The game state as both implementations see it, decoded: the VM's memory
//! ([`crate::layout::decode`]) and the reference simulation ([`crate::reference`]) each produce a
//! [`State`], and the per-tick [`State::hash`] is what determinism and differential tests compare.

use appvm::digest::hash_fields;
use appvm::Digest;
use p3_field::PrimeCharacteristicRing;

use crate::fx::Fx;

/// What a unit does on its own each tick (docs/arena.md, "Orders").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Orders {
    /// Whether it walks: towards `dest`, or towards its target when it has one.
    pub moves: bool,
    /// Where a `Move` command sends it.
    pub dest: (Fx, Fx),
    /// The unit it shoots at (and chases, if it moves).
    pub target: Option<u32>,
}

/// One unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitState {
    /// Team.
    pub team: u32,
    /// Position.
    pub pos: (Fx, Fx),
    /// The step it took in the last tick (zero if blocked or standing).
    pub vel: (Fx, Fx),
    /// Hit points; 0 once killed.
    pub hp: u32,
    /// Ticks until the weapon is ready.
    pub cooldown: u32,
    /// Its orders.
    pub orders: Orders,
}

impl UnitState {
    /// Alive: hit points above 0.
    pub fn alive(&self) -> bool {
        self.hp > 0
    }
}

/// One team's standing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TeamState {
    /// Live units.
    pub alive: u32,
    /// Enemy units it killed.
    pub kills: u32,
}

/// The whole game between two ticks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Ticks played.
    pub tick: u32,
    /// The random generator's state.
    pub rng: u32,
    /// Whether the match has ended.
    pub over: bool,
    /// Units by id.
    pub units: Vec<UnitState>,
    /// Teams by number.
    pub teams: Vec<TeamState>,
}

/// How a match ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Ticks played.
    pub tick: u32,
    /// The only team left, or `None` for a draw (two or more teams left at the tick limit, or
    /// none at all).
    pub winner: Option<u32>,
}

impl State {
    /// Live units: the `Act` rows the next tick costs.
    pub fn live(&self) -> usize {
        self.units.iter().filter(|u| u.alive()).count()
    }

    /// The match result, once it is over: the one team with live units wins.
    pub fn outcome(&self) -> Option<Outcome> {
        let mut left = self.teams.iter().enumerate().filter(|(_, t)| t.alive > 0).map(|(i, _)| i as u32);
        let winner = match (left.next(), left.next()) {
            (Some(team), None) => Some(team),
            _ => None,
        };
        self.over.then_some(Outcome { tick: self.tick, winner })
    }

    /// A Poseidon2 digest of every field, in a fixed order: equal digests mean equal states.
    pub fn hash(&self) -> Digest {
        let fx = |x: Fx| appvm::F::from_i64(i64::from(x.to_bits()));
        let n = |x: u32| appvm::F::from_u32(x);
        let mut fields = vec![n(self.tick), n(self.rng), appvm::F::from_bool(self.over)];
        for u in &self.units {
            let target = u.orders.target.map_or(0, |t| t + 1);
            fields.extend([n(u.team), fx(u.pos.0), fx(u.pos.1), fx(u.vel.0), fx(u.vel.1), n(u.hp), n(u.cooldown)]);
            fields.extend([appvm::F::from_bool(u.orders.moves), fx(u.orders.dest.0), fx(u.orders.dest.1), n(target)]);
        }
        for t in &self.teams {
            fields.extend([n(t.alive), n(t.kills)]);
        }
        hash_fields(fields)
    }
}

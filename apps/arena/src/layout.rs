//! The VM's memory: where each record lives, the records themselves and the decoding of a memory
//! into a [`State`] ([`decode`]); `genesis.rs` builds and checks the initial memory.
//!
//! | address | record |
//! |---|---|
//! | [`GAME`] | [`Game`] |
//! | [`TEAMS`] + team | [`Team`] |
//! | [`TILES`] + i + [`GRID`] · j | [`Tile`] of tile `(i, j)` |
//! | [`UNITS`] + 3 · id + 0, 1, 2 | [`Body`], [`Drive`], [`Stats`] of unit `id` |
//!
//! Links (`Game::head`, `Body::prev`, `Drive::next`, `Body::next_dead`, `Drive::target`) hold a
//! unit id plus 1; 0 is "none". A unit is split in three words by who touches them: a shot updates
//! only the target's [`Body`]; only the unit itself reads its [`Drive`] and [`Stats`].

use appvm::{Memory, Record, F};
use p3_field::{PrimeCharacteristicRing, PrimeField64};

use crate::fx::Fx;
use crate::scenario::{GRID, MAX_TEAMS};
use crate::state::{Orders, State, TeamState, UnitState};

/// Lanes per memory word (the widest record, [`Drive`]).
pub const WIDTH: usize = 8;
/// Address of the [`Game`] record.
pub const GAME: u64 = 0;
/// Address of team 0's [`Team`] record.
pub const TEAMS: u64 = 1;
/// Address of tile `(0, 0)`.
pub const TILES: u64 = 8;
/// Address of unit 0's [`Body`].
pub const UNITS: u64 = TILES + (GRID * GRID) as u64;
/// Words per unit.
pub const UNIT_WORDS: u64 = 3;

/// Address of unit `id`'s [`Body`] (its [`Drive`] follows, then its [`Stats`]).
pub fn unit(id: u64) -> u64 {
    UNITS + UNIT_WORDS * id
}

/// Address of tile `(i, j)`.
pub fn tile(i: u64, j: u64) -> u64 {
    TILES + i + u64::from(GRID) * j
}

/// The match: one word.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Game<T> {
    /// Ticks played.
    pub tick: T,
    /// The random generator's state.
    pub rng: T,
    /// First unit of the live list (id + 1; 0 if none).
    pub head: T,
    /// 1 once the match is over.
    pub over: T,
    /// The tick limit.
    pub limit: T,
    /// Number of teams.
    pub teams: T,
}

/// A team's standing.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Team<T> {
    /// Live units.
    pub alive: T,
    /// Units it killed.
    pub kills: T,
    /// 1 for the match's teams, 0 for the unused ones up to [`MAX_TEAMS`].
    pub playing: T,
}

/// A tile of the field.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Tile<T> {
    /// 1 if walls or obstacles block it.
    pub blocked: T,
}

/// What other units read and write of a unit: where it is and how hurt.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Body<T> {
    /// Position (raw `I16F16` bits, always in `[2^16, 31 · 2^16)`).
    pub x: T,
    /// Position.
    pub y: T,
    /// Hit points.
    pub hp: T,
    /// The unit before it in the live list (id + 1; 0 if it is the head).
    pub prev: T,
    /// The next unit killed earlier in the same tick (id + 1; 0 if none): the tick's death list.
    pub next_dead: T,
    /// The team that killed it (meaningful once its hit points are 0).
    pub killer: T,
}

/// What the unit itself reads and writes each tick: motion, weapon and orders.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Drive<T> {
    /// Velocity (raw `I16F16` bits, signed).
    pub vx: T,
    /// Velocity.
    pub vy: T,
    /// Ticks until the weapon is ready.
    pub cooldown: T,
    /// The next unit in the live list (id + 1; 0 if it is the last).
    pub next: T,
    /// 1 if it walks.
    pub moves: T,
    /// Destination of a `Move`.
    pub dest_x: T,
    /// Destination of a `Move`.
    pub dest_y: T,
    /// Target (id + 1; 0 if none).
    pub target: T,
}

/// What never changes.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct Stats<T> {
    /// Team.
    pub team: T,
    /// The square of the range, on raw bits (below `2^42`).
    pub range2: T,
    /// Base damage.
    pub damage: T,
    /// Cooldown after a shot.
    pub reload: T,
    /// Largest step per axis (raw bits, below `2^16`).
    pub speed: T,
}

/// The field element of a raw `I16F16`.
pub(crate) fn field_fx(x: F) -> Fx {
    Fx::from_bits(appvm::backend::signed(x) as i32)
}

/// Reads record `R` at `addr` (all zero past the end of memory).
pub fn read<R: Record<u64>>(memory: &Memory, addr: u64) -> R {
    let word = memory.word(addr as usize);
    R::from_lanes(|lane| word.and_then(|w| w.get(lane)).map_or(0, |v| v.as_canonical_u64()))
}

/// The state a memory holds, for a match of `units` units.
pub fn decode(memory: &Memory, units: usize) -> State {
    let game: Game<u64> = read(memory, GAME);
    let teams = (0..game.teams.min(u64::from(MAX_TEAMS)))
        .map(|t| {
            let team: Team<u64> = read(memory, TEAMS + t);
            TeamState { alive: team.alive as u32, kills: team.kills as u32 }
        })
        .collect();
    let fx = |x: u64| field_fx(F::from_u64(x));
    let units = (0..units as u64)
        .map(|id| {
            let body: Body<u64> = read(memory, unit(id));
            let drive: Drive<u64> = read(memory, unit(id) + 1);
            let stats: Stats<u64> = read(memory, unit(id) + 2);
            UnitState {
                team: stats.team as u32,
                pos: (fx(body.x), fx(body.y)),
                vel: (fx(drive.vx), fx(drive.vy)),
                hp: body.hp as u32,
                cooldown: drive.cooldown as u32,
                orders: Orders {
                    moves: drive.moves == 1,
                    dest: (fx(drive.dest_x), fx(drive.dest_y)),
                    target: drive.target.checked_sub(1).map(|t| t as u32),
                },
            }
        })
        .collect();
    State { tick: game.tick as u32, rng: game.rng as u32, over: game.over == 1, units, teams }
}

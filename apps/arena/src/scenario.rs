//! A match's starting point: the arena, its obstacles, the units, the seed and the tick limit.
//! [`Scenario::validate`] enforces the bounds the rules rely on (docs/arena.md, "Bounds"), so
//! every match of a scenario that passes it executes, and has a proof as large as the prover's
//! memory allows (at most [`MAX_TICKS`] ticks, so that its inputs fit one batch).

use serde::{Deserialize, Serialize};

use crate::fx::{serde_fx, Fx};

/// Tiles per side of the largest arena; tile `(x, y)` covers `[x, x + 1) × [y, y + 1)`.
pub const GRID: u32 = 32;
/// Most teams in a match.
pub const MAX_TEAMS: u32 = 4;
/// Most units in a match.
pub const MAX_UNITS: usize = 1024;
/// Largest hit points, damage and reload.
pub const MAX_STAT: u32 = u16::MAX as u32;
/// Largest tick limit: a match is proven in one batch, and a verifier admits at most 2^18 inputs
/// (`appvm::Limits`), ticks and commands together. Longer matches need chained segments.
pub const MAX_TICKS: u32 = 1 << 16;

/// The playing field: `width × height` tiles whose outer ring is wall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arena {
    /// Tiles across, walls included: 3 to [`GRID`].
    pub width: u32,
    /// Tiles down, walls included: 3 to [`GRID`].
    pub height: u32,
}

/// A rectangle of blocked tiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obstacle {
    /// Leftmost tile column.
    pub x: u32,
    /// Top tile row.
    pub y: u32,
    /// Tiles across (at least 1).
    pub w: u32,
    /// Tiles down (at least 1).
    pub h: u32,
}

/// A unit as the match starts: at rest, no order, weapon ready.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSpec {
    /// Team, below [`MAX_TEAMS`].
    pub team: u32,
    /// Position, on a free tile.
    #[serde(with = "serde_fx")]
    pub x: Fx,
    /// Position, on a free tile.
    #[serde(with = "serde_fx")]
    pub y: Fx,
    /// Hit points, 1 to [`MAX_STAT`].
    pub hp: u32,
    /// Base damage of a shot, up to [`MAX_STAT`].
    pub damage: u32,
    /// Attack range, above 0 and below [`GRID`].
    #[serde(with = "serde_fx")]
    pub range: Fx,
    /// Ticks the weapon rests after a shot, up to [`MAX_STAT`].
    pub reload: u32,
    /// Largest step per axis per tick, above 0 and below 1.
    #[serde(with = "serde_fx")]
    pub speed: Fx,
}

/// A match's starting point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// The field.
    pub arena: Arena,
    /// Blocked rectangles inside it.
    #[serde(default)]
    pub obstacles: Vec<Obstacle>,
    /// The random generator's first state; part of the proven statement.
    pub seed: u32,
    /// The match ends (a draw, unless one team is left) after this many ticks: at least 1.
    pub tick_limit: u32,
    /// Units; a unit's id is its position in this list.
    pub units: Vec<UnitSpec>,
}

/// Why a scenario cannot be played.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The arena is smaller than 3 × 3 or larger than [`GRID`] × [`GRID`].
    #[error("the arena is {width} × {height} tiles; each side must be 3 to {GRID}")]
    ArenaSize { width: u32, height: u32 },
    /// An obstacle is empty or reaches outside the arena.
    #[error("obstacle #{index} is empty or reaches outside the arena")]
    Obstacle { index: usize },
    /// No units, or more than [`MAX_UNITS`].
    #[error("a match has 1 to {MAX_UNITS} units, not {0}")]
    UnitCount(usize),
    /// A unit's stat is out of bounds.
    #[error("unit {unit}: {what}")]
    Unit { unit: usize, what: &'static str },
    /// A team below the highest one has no unit.
    #[error("team {0} has no unit (teams are numbered from 0 without gaps)")]
    EmptyTeam(u32),
    /// The tick limit is 0 or above [`MAX_TICKS`].
    #[error("the tick limit must be 1 to {MAX_TICKS}")]
    TickLimit,
}

impl Scenario {
    /// Number of teams: one more than the highest team of a unit.
    pub fn teams(&self) -> u32 {
        self.units.iter().map(|u| u.team + 1).max().unwrap_or(0)
    }

    /// Whether tile `(x, y)` blocks movement: outside the arena, on its outer ring or in an obstacle.
    pub fn blocked(&self, x: u32, y: u32) -> bool {
        let Arena { width, height } = self.arena;
        x == 0
            || y == 0
            || x + 1 >= width
            || y + 1 >= height
            || self.obstacles.iter().any(|o| (o.x..o.x + o.w).contains(&x) && (o.y..o.y + o.h).contains(&y))
    }

    /// Checks every bound of docs/arena.md, "Bounds".
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let Arena { width, height } = self.arena;
        if !(3..=GRID).contains(&width) || !(3..=GRID).contains(&height) {
            return Err(ScenarioError::ArenaSize { width, height });
        }
        for (index, o) in self.obstacles.iter().enumerate() {
            if o.w == 0 || o.h == 0 || o.x.saturating_add(o.w) > width || o.y.saturating_add(o.h) > height {
                return Err(ScenarioError::Obstacle { index });
            }
        }
        if self.units.is_empty() || self.units.len() > MAX_UNITS {
            return Err(ScenarioError::UnitCount(self.units.len()));
        }
        for (unit, u) in self.units.iter().enumerate() {
            let bad = |what| Err(ScenarioError::Unit { unit, what });
            if u.team >= MAX_TEAMS {
                return bad("its team is not below 4");
            }
            if u.x < 0 || u.y < 0 || u.x >= Fx::from_num(GRID) || u.y >= Fx::from_num(GRID) {
                return bad("its position is outside the arena");
            }
            if self.blocked(u.x.to_num::<i32>() as u32, u.y.to_num::<i32>() as u32) {
                return bad("it starts on a wall or an obstacle");
            }
            if !(1..=MAX_STAT).contains(&u.hp) {
                return bad("its hit points are not 1 to 65535");
            }
            if u.damage > MAX_STAT || u.reload > MAX_STAT {
                return bad("its damage or reload is above 65535");
            }
            if u.range <= 0 || u.range >= Fx::from_num(GRID) {
                return bad("its range is not above 0 and below 32");
            }
            if u.speed <= 0 || u.speed >= 1 {
                return bad("its speed is not above 0 and below 1");
            }
        }
        if let Some(team) = (0..self.teams()).find(|t| self.units.iter().all(|u| u.team != *t)) {
            return Err(ScenarioError::EmptyTeam(team));
        }
        if !(1..=MAX_TICKS).contains(&self.tick_limit) {
            return Err(ScenarioError::TickLimit);
        }
        Ok(())
    }
}

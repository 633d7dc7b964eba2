//! The initial memory of a match, and the check a verifier makes of a statement's initial memory
//! ([`check_genesis`]): it must be the start of some valid scenario, so that every live unit is in
//! the live list, in id order, at rest, with no orders, and the seed is the game's.
//!
//! A scenario's obstacles are rectangles, but the memory holds only tiles, so both directions go
//! through [`Setup`]: the units, the tiles, the seed and the tick limit.

use appvm::{Memory, Record, F};
use p3_field::PrimeCharacteristicRing;

use crate::fx::{raw, Fx};
use crate::layout::{self, read, tile, unit, Body, Drive, Game, Stats, Team, Tile, GAME, TEAMS, WIDTH};
use crate::scenario::{Arena, Scenario, UnitSpec, GRID};

/// What an initial memory is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    /// The generator's first state.
    pub seed: u32,
    /// The tick limit.
    pub tick_limit: u32,
    /// Blocked flags of the `GRID × GRID` tiles, row by row.
    pub blocked: Vec<bool>,
    /// Units by id.
    pub units: Vec<UnitSpec>,
}

impl Setup {
    /// A scenario's setup.
    pub fn of(scenario: &Scenario) -> Self {
        let blocked =
            (0..GRID).flat_map(|j| (0..GRID).map(move |i| (i, j))).map(|(i, j)| scenario.blocked(i, j)).collect();
        Self { seed: scenario.seed, tick_limit: scenario.tick_limit, blocked, units: scenario.units.clone() }
    }

    /// The scenario these units, tiles and numbers are valid in: the whole grid as the arena,
    /// each blocked tile an obstacle.
    fn as_scenario(&self) -> Scenario {
        let obstacles = (0..GRID * GRID)
            .filter(|&k| self.blocked[k as usize])
            .map(|k| crate::scenario::Obstacle { x: k % GRID, y: k / GRID, w: 1, h: 1 })
            .collect();
        Scenario {
            arena: Arena { width: GRID, height: GRID },
            obstacles,
            seed: self.seed,
            tick_limit: self.tick_limit,
            units: self.units.clone(),
        }
    }

    /// Number of teams.
    fn teams(&self) -> u32 {
        self.units.iter().map(|u| u.team + 1).max().unwrap_or(0)
    }

    /// The initial memory.
    pub fn memory(&self) -> Memory {
        let n = self.units.len() as u64;
        let mut words: Vec<Vec<F>> = vec![Vec::new(); unit(n) as usize];
        let u = F::from_u64;
        let fx = |x: Fx| F::from_i64(raw(x));
        words[GAME as usize] = Game {
            tick: u(0),
            rng: u(u64::from(self.seed)),
            head: u(u64::from(n > 0)),
            over: u(0),
            limit: u(u64::from(self.tick_limit)),
            teams: u(u64::from(self.teams())),
        }
        .into_lanes();
        for team in 0..self.teams() {
            let alive = self.units.iter().filter(|s| s.team == team).count() as u64;
            words[(TEAMS + u64::from(team)) as usize] =
                Team { alive: u(alive), kills: u(0), playing: u(1) }.into_lanes();
        }
        for (k, &blocked) in self.blocked.iter().enumerate() {
            let (i, j) = (k as u64 % u64::from(GRID), k as u64 / u64::from(GRID));
            words[tile(i, j) as usize] = Tile { blocked: u(u64::from(blocked)) }.into_lanes();
        }
        for (id, s) in self.units.iter().enumerate() {
            let id = id as u64;
            let at = unit(id) as usize;
            let link = |linked: bool, to: u64| u(if linked { to + 1 } else { 0 });
            let (x, y) = (fx(s.x), fx(s.y));
            let prev = link(id > 0, id.wrapping_sub(1));
            words[at] = Body { x, y, hp: u(u64::from(s.hp)), prev, next_dead: u(0), killer: u(0) }.into_lanes();
            let next = link(id + 1 < n, id + 1);
            let zero = u(0);
            words[at + 1] =
                Drive { vx: zero, vy: zero, cooldown: zero, next, moves: zero, dest_x: x, dest_y: y, target: zero }
                    .into_lanes();
            let range = raw(s.range) as u64;
            words[at + 2] = Stats {
                team: u(u64::from(s.team)),
                range2: u(range * range),
                damage: u(u64::from(s.damage)),
                reload: u(u64::from(s.reload)),
                speed: u(raw(s.speed) as u64),
            }
            .into_lanes();
        }
        let mut values = Vec::with_capacity(words.len() * WIDTH);
        for mut word in words {
            word.resize(WIDTH, F::ZERO);
            values.extend(word);
        }
        Memory::words(WIDTH, values)
    }

    /// Reads the setup back from an initial memory (not checked: see [`check_genesis`]).
    fn read(memory: &Memory) -> Option<Self> {
        let n = (memory.len() as u64).checked_sub(layout::UNITS)? / layout::UNIT_WORDS;
        let game: Game<u64> = read(memory, GAME);
        let blocked = (0..u64::from(GRID * GRID))
            .map(|k| read::<Tile<u64>>(memory, tile(k % u64::from(GRID), k / u64::from(GRID))).blocked == 1)
            .collect();
        let fx = |x: u64| layout::field_fx(F::from_u64(x));
        let units = (0..n)
            .map(|id| {
                let body: Body<u64> = read(memory, unit(id));
                let stats: Stats<u64> = read(memory, unit(id) + 2);
                let range = Fx::from_bits(i32::try_from(stats.range2.isqrt()).ok()?);
                Some(UnitSpec {
                    team: u32::try_from(stats.team).ok()?,
                    x: fx(body.x),
                    y: fx(body.y),
                    hp: u32::try_from(body.hp).ok()?,
                    damage: u32::try_from(stats.damage).ok()?,
                    range,
                    reload: u32::try_from(stats.reload).ok()?,
                    speed: Fx::from_bits(i32::try_from(stats.speed).ok()?),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { seed: u32::try_from(game.rng).ok()?, tick_limit: u32::try_from(game.limit).ok()?, blocked, units })
    }
}

/// Memory at the start of a (validated) scenario.
pub fn genesis(scenario: &Scenario) -> Memory {
    Setup::of(scenario).memory()
}

/// Why an initial memory is not the start of a match.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GenesisError {
    /// Its words do not read as a setup (a value out of its type, a short image).
    #[error("the initial memory is not a match's start: {0}")]
    Unreadable(&'static str),
    /// The units or numbers it holds break a bound.
    #[error("the initial memory's match is invalid: {0}")]
    Invalid(#[from] crate::scenario::ScenarioError),
    /// A tile on the grid's outer ring is free, so a unit could walk off the grid.
    #[error("a tile on the grid's edge is not blocked")]
    OpenEdge,
    /// Some word differs from the start of the match it describes (a unit already moved, a
    /// broken live list, a kill already counted).
    #[error("the initial memory is not at the start of its match (word {0} differs)")]
    NotAtStart(usize),
}

/// Checks that a statement's initial memory image (`width`-lane words back to back) is the start
/// of a valid match: the reachable-state precondition of the rules.
pub fn check_genesis(image: &[u64]) -> Result<(), GenesisError> {
    if image.len() % WIDTH != 0 {
        return Err(GenesisError::Unreadable("its length is not a whole number of words"));
    }
    let memory = Memory::from_u64_words(WIDTH, image.iter().copied());
    if memory.len() < layout::UNITS as usize
        || (memory.len() - layout::UNITS as usize) % layout::UNIT_WORDS as usize != 0
    {
        return Err(GenesisError::Unreadable("its length is not that of a match"));
    }
    let setup = Setup::read(&memory).ok_or(GenesisError::Unreadable("a value is out of range"))?;
    let edge = |k: u32| {
        let (i, j) = (k % GRID, k / GRID);
        i == 0 || j == 0 || i == GRID - 1 || j == GRID - 1
    };
    if (0..GRID * GRID).any(|k| edge(k) && !setup.blocked[k as usize]) {
        return Err(GenesisError::OpenEdge);
    }
    setup.as_scenario().validate()?;
    let expected = setup.memory();
    match (0..memory.len()).find(|&a| memory.word(a) != expected.word(a)) {
        Some(word) => Err(GenesisError::NotAtStart(word)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Obstacle;

    fn scenario() -> Scenario {
        let unit = |team, x: i32| UnitSpec {
            team,
            x: Fx::from_num(x),
            y: Fx::from_num(3),
            hp: 10,
            damage: 3,
            range: Fx::from_num(2),
            reload: 1,
            speed: Fx::from_num(0.5),
        };
        Scenario {
            arena: Arena { width: 10, height: 8 },
            obstacles: vec![Obstacle { x: 4, y: 4, w: 2, h: 2 }],
            seed: 7,
            tick_limit: 100,
            units: vec![unit(0, 2), unit(1, 7), unit(1, 8)],
        }
    }

    #[test]
    fn a_scenario_start_passes_and_any_changed_word_fails() {
        let image = genesis(&scenario()).to_u64s();
        assert_eq!(check_genesis(&image), Ok(()));
        // A unit already moved, hurt, or out of the live list; a counted kill; an open tile on
        // the grid's edge; a cut image.
        for (word, lane, value) in
            [(unit(1), 0, 5 << 16), (unit(1) + 1, 2, 3), (unit(1) + 1, 3, 0), (TEAMS, 1, 1), (tile(0, 5), 0, 0)]
        {
            let mut bad = image.clone();
            bad[word as usize * WIDTH + lane] = value;
            assert!(check_genesis(&bad).is_err(), "word {word} lane {lane}");
        }
        assert!(check_genesis(&image[..image.len() - WIDTH]).is_err());
    }
}

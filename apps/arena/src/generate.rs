//! Generated matches for tests, benchmarks and the viewer: a [`scenario`] drawn from a seed, and a
//! [`replay`] of the [`Bot`] playing it, recorded against the [`Reference`].
//!
//! The arena grows with the number of units, up to 32 × 32. Each team starts in a strip along its
//! own side (team 0 left, 1 right, 2 top, 3 bottom), and a few rectangular obstacles stand in the
//! middle, away from the strips, so every start is on a free tile. Units are soldiers, archers or
//! tanks, their stats drawn around each kind's values: weapons are slow and hit points high
//! enough that a 16-unit match lasts a few hundred ticks and a 64-unit one most of a thousand.
//! The same arguments always give the same result.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::bot::Bot;
use crate::fx::{Fx, FRAC_BITS};
use crate::reference::Reference;
use crate::replay::{Replay, TickInput};
use crate::scenario::{Arena, Obstacle, Scenario, UnitSpec, GRID, MAX_TEAMS, MAX_UNITS};

/// The tick limit of a generated [`scenario`].
pub const TICK_LIMIT: u32 = 1000;
/// Tiles across each team's start strip.
const STRIP: u32 = 3;
/// Mixed into the seed for the bot, so that it does not replay the scenario's draws.
const BOT_STREAM: u64 = 0x9e37_79b9_7f4a_7c15;

/// A kind of unit: the inclusive bounds each stat is drawn from.
struct Kind {
    hp: (u32, u32),
    damage: (u32, u32),
    reload: (u32, u32),
    range: (Fx, Fx),
    speed: (Fx, Fx),
}

/// Soldiers (half the units), archers (long range, frail) and tanks (short range, tough).
const KINDS: [Kind; 3] = [
    Kind {
        hp: (150, 250),
        damage: (6, 10),
        reload: (8, 14),
        range: (Fx::lit("1.5"), Fx::lit("2.5")),
        speed: (Fx::lit("0.1"), Fx::lit("0.18")),
    },
    Kind {
        hp: (80, 140),
        damage: (5, 9),
        reload: (10, 18),
        range: (Fx::lit("3"), Fx::lit("5")),
        speed: (Fx::lit("0.08"), Fx::lit("0.14")),
    },
    Kind {
        hp: (300, 450),
        damage: (8, 14),
        reload: (14, 22),
        range: (Fx::lit("1"), Fx::lit("1.5")),
        speed: (Fx::lit("0.05"), Fx::lit("0.1")),
    },
];

/// A valid scenario of `units` units (clamped to 1 to 1,024) in `teams` teams (clamped to 1 to 4,
/// and to at most one per unit), team `id % teams` for unit `id`, with tick limit
/// [`TICK_LIMIT`].
pub fn scenario(seed: u64, units: usize, teams: u32) -> Scenario {
    let mut rng = StdRng::seed_from_u64(seed);
    let units = units.clamp(1, MAX_UNITS);
    let teams = teams.clamp(1, MAX_TEAMS).min(units as u32);
    let width = (10 + 2 * units.isqrt() as u32).min(GRID);
    let height = width - rng.random_range(0..=width / 8);
    let arena = Arena { width, height };
    let obstacles = obstacles(&mut rng, arena);
    let units = (0..units).map(|id| unit(&mut rng, arena, id as u32 % teams)).collect();
    Scenario { arena, obstacles, seed: rng.random(), tick_limit: TICK_LIMIT, units }
}

/// A match of `units` units in 2 to 4 teams (by `seed`) and a tick limit of `ticks` (at least 1),
/// played by the [`Bot`] until it ends. Only ticks with commands are recorded.
pub fn replay(seed: u64, units: usize, ticks: u32) -> Replay {
    let mut scenario = scenario(seed, units, 2 + (seed % 3) as u32);
    scenario.tick_limit = ticks.max(1);
    let mut game = Reference::new(&scenario);
    let mut bot = Bot::new(seed ^ BOT_STREAM);
    let mut log = Vec::new();
    while !game.over() {
        let state = game.state();
        let commands = bot.commands(&state, &scenario);
        // A refused command is part of the replay too: the proof shows it was refused.
        for command in &commands {
            game.apply(command);
        }
        if !commands.is_empty() {
            log.push(TickInput { tick: state.tick, commands });
        }
        game.tick();
    }
    Replay { scenario, ticks: log }
}

/// The half-open tile columns and rows of `team`'s start strip.
fn strip(arena: Arena, team: u32) -> ((u32, u32), (u32, u32)) {
    let Arena { width: w, height: h } = arena;
    let (across, down) = ((1 + STRIP, w - 1 - STRIP), (1 + STRIP, h - 1 - STRIP));
    match team {
        0 => ((1, 1 + STRIP), down),
        1 => ((w - 1 - STRIP, w - 1), down),
        2 => (across, (1, 1 + STRIP)),
        _ => (across, (h - 1 - STRIP, h - 1)),
    }
}

/// A few rectangles inside the middle of the arena, one tile clear of every start strip.
fn obstacles(rng: &mut StdRng, arena: Arena) -> Vec<Obstacle> {
    let (lo, x_end, y_end) = (STRIP + 2, arena.width - STRIP - 2, arena.height - STRIP - 2);
    let count = rng.random_range(1..=arena.width / 6);
    (0..count)
        .map(|_| {
            let w = rng.random_range(1..=(x_end - lo).min(4));
            let h = rng.random_range(1..=(y_end - lo).min(4));
            Obstacle { x: rng.random_range(lo..=x_end - w), y: rng.random_range(lo..=y_end - h), w, h }
        })
        .collect()
}

/// A unit of `team` of a random kind, at a random point of its strip.
fn unit(rng: &mut StdRng, arena: Arena, team: u32) -> UnitSpec {
    let kind = &KINDS[[0, 0, 1, 2][rng.random_range(0..4)]];
    let ((x0, x1), (y0, y1)) = strip(arena, team);
    // Tiles are below 32, so a point's raw bits fit in an `i32`.
    let mut coordinate = |lo: u32, hi: u32| {
        Fx::from_bits(((rng.random_range(lo..hi) as i32) << FRAC_BITS) + rng.random_range(0..1 << FRAC_BITS))
    };
    let (x, y) = (coordinate(x0, x1), coordinate(y0, y1));
    let mut stat = |(lo, hi): (u32, u32)| rng.random_range(lo..=hi);
    let (hp, damage, reload) = (stat(kind.hp), stat(kind.damage), stat(kind.reload));
    let mut fx = |(lo, hi): (Fx, Fx)| Fx::from_bits(rng.random_range(lo.to_bits()..=hi.to_bits()));
    UnitSpec { team, x, y, hp, damage, reload, range: fx(kind.range), speed: fx(kind.speed) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Event;
    use crate::reference;

    #[test]
    fn scenarios_are_valid_at_every_size_and_team_count() {
        for units in [1, 2, 3, 16, 64, 256, 1024] {
            for teams in 1..=4 {
                let scenario = scenario(units as u64, units, teams);
                assert_eq!(scenario.validate(), Ok(()), "{units} units, {teams} teams");
                assert_eq!(scenario.units.len(), units);
                assert_eq!(scenario.teams(), teams.min(units as u32));
            }
        }
        assert_eq!(scenario(0, 16, 2).arena.width, 18);
        assert_eq!(scenario(0, 256, 2).arena.width, GRID);
    }

    #[test]
    fn generation_is_deterministic_in_the_seed() {
        assert_eq!(scenario(5, 40, 3), scenario(5, 40, 3));
        assert_ne!(scenario(5, 40, 3), scenario(6, 40, 3));
        assert_eq!(replay(5, 40, 200), replay(5, 40, 200));
        assert_ne!(replay(5, 40, 200).ticks, replay(6, 40, 200).ticks);
    }

    #[test]
    fn replays_survive_their_file_format() {
        for (seed, units, ticks) in [(0, 2, 50), (1, 16, 300), (2, 64, 300), (3, 256, 100)] {
            let replay = replay(seed, units, ticks);
            assert_eq!(Replay::parse(&replay.to_ron()), Ok(replay.clone()), "seed {seed}");
        }
    }

    #[test]
    fn sixteen_unit_matches_last_a_few_hundred_ticks() {
        for seed in 0..6 {
            let end = reference::replay(&replay(seed, 16, 3000)).outcome().map(|o| o.tick);
            assert!(end.is_some_and(|tick| (200..=1000).contains(&tick)), "seed {seed}: ended at {end:?}");
        }
    }

    #[test]
    fn sixty_four_unit_matches_fill_most_of_a_thousand_ticks() {
        for seed in 0..6 {
            let end = reference::replay(&replay(seed, 64, 1000)).outcome().map(|o| o.tick);
            assert!(end.is_some_and(|tick| tick >= 600), "seed {seed}: ended at {end:?}");
        }
    }

    #[test]
    fn a_64_unit_replay_is_valid_and_has_a_few_rejections() {
        let replay = replay(11, 64, 300);
        assert_eq!(Replay::parse(&replay.to_ron()).as_ref(), Ok(&replay));
        let commands: usize = replay.ticks.iter().map(|t| t.commands.len()).sum();
        let run = reference::replay(&replay);
        let rejections = run.events().filter(|e| matches!(e, Event::Rejected { .. })).count();
        assert!(commands >= 300, "{commands} commands");
        assert!((1..=commands / 20).contains(&rejections), "{rejections} rejections of {commands} commands");
    }
}

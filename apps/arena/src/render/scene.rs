//! What the viewer draws, computed once from the scenario and the states: a [`Frame`] per shown
//! tick, in tiles, so that every output (SVG, PNG, HTML) draws the same thing.
//!
//! States hold no events, so shots and deaths are read from two states in a row (docs/arena.md,
//! "The viewer"):
//!
//! - **Shot**: a shot sets the shooter's cooldown to `reload`; without one the cooldown only drops
//!   by 1 or stays at 0, and commands never touch it. So with `reload > 0` a unit fired in a tick
//!   exactly when its cooldown went up. Its target is the one in its orders after the tick:
//!   commands apply before the units act, and acting never changes orders.
//! - **Death**: alive (hit points above 0) in the earlier state, 0 in the later one.

use super::RenderError;
use crate::fx::{raw, Fx};
use crate::scenario::{Obstacle, Scenario};
use crate::state::{Outcome, State, TeamState, UnitState};

/// How a unit is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// A disc in its team's colour with a health bar.
    Alive,
    /// Killed since the previous frame: a bold cross.
    Killed,
    /// Killed earlier: a faint cross.
    Dead,
}

/// A unit in a frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// Team.
    pub team: u32,
    /// Position, in tiles.
    pub x: f32,
    /// Position, in tiles.
    pub y: f32,
    /// Hit points over the starting hit points, 0 to 1.
    pub health: f32,
    /// How it is drawn.
    pub look: Look,
}

/// A shot fired in the frame's tick: a line from the shooter to its target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shot {
    /// The shooter's team.
    pub team: u32,
    /// The shooter's position, in tiles.
    pub from: (f32, f32),
    /// The target's position, in tiles.
    pub to: (f32, f32),
}

/// Everything shown for one tick.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The tick: `states[tick]` is the state after it (0 is the start).
    pub tick: u32,
    /// Every unit, by id.
    pub units: Vec<Figure>,
    /// Shots fired in this tick.
    pub shots: Vec<Shot>,
    /// Standings by team.
    pub teams: Vec<TeamState>,
    /// The result, once the match is over.
    pub outcome: Option<Outcome>,
}

/// The field and the shown frames.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Tiles across, walls included.
    pub width: u32,
    /// Tiles down, walls included.
    pub height: u32,
    /// Blocked rectangles inside the walls.
    pub obstacles: Vec<Obstacle>,
    /// Units each team started with.
    pub roster: Vec<u32>,
    /// The shown frames, by tick.
    pub frames: Vec<Frame>,
}

impl Scene {
    /// The frames of `states[k]` for each `k` in `shown` (ascending). A frame marks as freshly
    /// killed the units that died since the previous shown frame (for the first one, in its own
    /// tick), and draws the shots of its own tick.
    pub fn new(scenario: &Scenario, states: &[State], shown: &[usize]) -> Result<Scene, RenderError> {
        let last = states.len().checked_sub(1).ok_or(RenderError::NoStates)?;
        if let Some((index, state)) = states.iter().enumerate().find(|(_, s)| s.units.len() != scenario.units.len()) {
            return Err(RenderError::UnitCount { index, found: state.units.len(), expected: scenario.units.len() });
        }
        if let Some(&tick) = shown.iter().find(|&&k| k > last) {
            return Err(RenderError::NoSuchTick { tick: tick as u64, last: last as u64 });
        }
        let frames = shown
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let since = if i == 0 { k.checked_sub(1) } else { Some(shown[i - 1]) };
                frame(scenario, states, k, since.map(|p| &states[p]))
            })
            .collect();
        let roster = (0..scenario.teams()).map(|t| scenario.units.iter().filter(|u| u.team == t).count() as u32);
        Ok(Scene {
            width: scenario.arena.width,
            height: scenario.arena.height,
            obstacles: scenario.obstacles.clone(),
            roster: roster.collect(),
            frames,
        })
    }
}

/// The frame of `states[k]`; units alive in `since` and dead now are freshly killed.
fn frame(scenario: &Scenario, states: &[State], k: usize, since: Option<&State>) -> Frame {
    let now = &states[k];
    let units = scenario
        .units
        .iter()
        .zip(&now.units)
        .enumerate()
        .map(|(id, (spec, unit))| Figure {
            team: unit.team,
            x: unit.pos.0.to_num(),
            y: unit.pos.1.to_num(),
            health: (unit.hp as f32 / spec.hp.max(1) as f32).min(1.0),
            look: if unit.alive() {
                Look::Alive
            } else if since.is_some_and(|s| s.units[id].alive()) {
                Look::Killed
            } else {
                Look::Dead
            },
        })
        .collect();
    let shots = match k.checked_sub(1) {
        Some(p) => (0..now.units.len()).filter_map(|id| shot(scenario, id, &states[p], now)).collect(),
        None => Vec::new(),
    };
    Frame { tick: k as u32, units, shots, teams: now.teams.clone(), outcome: now.outcome() }
}

/// The shot unit `id` fired in the tick from `before` to `now`, if it fired.
fn shot(scenario: &Scenario, id: usize, before: &State, now: &State) -> Option<Shot> {
    let (was, is) = (&before.units[id], &now.units[id]);
    let target = is.orders.target? as usize;
    let (target_was, target_is) = (before.units.get(target)?, now.units.get(target)?);
    let spec = &scenario.units[id];
    let fired = if spec.reload > 0 {
        is.cooldown > was.cooldown
    } else {
        // The cooldown stays 0, so the shot shows only as the target's loss. This misreads a tick
        // where another unit hurt the target while this one's shot was stopped by the target dying
        // earlier in the tick: it is a viewer's guess, never a rule.
        was.alive() && target_is.hp < target_was.hp && in_range(was, target_was, spec.range)
    };
    fired.then(|| Shot { team: is.team, from: point(is), to: point(target_is) })
}

/// The rules' range test (docs/arena.md, "Act"), exact on raw bits.
fn in_range(unit: &UnitState, target: &UnitState, range: Fx) -> bool {
    let d = |a: Fx, b: Fx| (raw(a) - raw(b)).pow(2);
    d(target.pos.0, unit.pos.0) + d(target.pos.1, unit.pos.1) <= raw(range).pow(2)
}

fn point(unit: &UnitState) -> (f32, f32) {
    (unit.pos.0.to_num(), unit.pos.1.to_num())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture;

    #[test]
    fn a_rising_cooldown_is_a_shot_at_the_target_in_the_orders() {
        let (scenario, mut states) = fixture::skirmish();
        // Unit 1 aims at unit 0 in tick 2 but its cooldown stays 0: it did not fire.
        states[2].units[1].orders.target = Some(0);
        let scene = Scene::new(&scenario, &states, &[0, 1, 2]).expect("scene");
        assert!(scene.frames[0].shots.is_empty(), "nothing is fired before the first tick");
        let shots = &scene.frames[1].shots;
        assert_eq!(shots.len(), 2, "units 0 and 3 fired in tick 1: {shots:?}");
        assert_eq!(shots[0], Shot { team: 0, from: (2.5, 2.5), to: (7.5, 5.5) });
        assert_eq!(shots[1].team, 1);
        // Tick 2: the cooldowns only drop or stay at 0, so nobody fired.
        assert!(scene.frames[2].shots.is_empty(), "{:?}", scene.frames[2].shots);
    }

    #[test]
    fn with_reload_zero_a_shot_is_the_targets_loss_in_range() {
        let (mut scenario, mut states) = fixture::skirmish();
        scenario.units[0].reload = 0;
        states[1].units[0].cooldown = 0;
        let scene = Scene::new(&scenario, &states, &[1]).expect("scene");
        assert!(scene.frames[0].shots.iter().any(|s| s.team == 0), "unit 1 lost hit points in range of unit 0");
        scenario.units[0].range = Fx::from_num(1);
        let scene = Scene::new(&scenario, &states, &[1]).expect("scene");
        assert!(scene.frames[0].shots.iter().all(|s| s.team != 0), "out of range, so someone else hit it");
    }

    #[test]
    fn a_death_is_fresh_in_the_first_frame_after_it_and_faint_later() {
        let (scenario, states) = fixture::skirmish();
        let looks = |shown: &[usize]| {
            let scene = Scene::new(&scenario, &states, shown).expect("scene");
            scene.frames.iter().map(|f| f.units[2].look).collect::<Vec<_>>()
        };
        // Unit 2 dies in tick 1.
        assert_eq!(looks(&[0, 1, 2]), [Look::Alive, Look::Killed, Look::Dead]);
        assert_eq!(looks(&[0, 2]), [Look::Alive, Look::Killed], "skipped frames still show it fresh once");
        assert_eq!(looks(&[2]), [Look::Dead], "a lone frame shows its own tick's deaths as fresh");
        assert_eq!(looks(&[1]), [Look::Killed]);
    }

    #[test]
    fn health_is_hit_points_over_the_starting_hit_points() {
        let (scenario, states) = fixture::skirmish();
        let scene = Scene::new(&scenario, &states, &[0, 1]).expect("scene");
        assert_eq!(scene.frames[0].units[1].health, 1.0);
        assert_eq!(scene.frames[1].units[1].health, 0.5);
        assert_eq!(scene.roster, [2, 2]);
    }

    #[test]
    fn bad_input_is_an_error() {
        let (scenario, mut states) = fixture::skirmish();
        assert!(matches!(Scene::new(&scenario, &[], &[]), Err(RenderError::NoStates)));
        assert!(matches!(Scene::new(&scenario, &states, &[3]), Err(RenderError::NoSuchTick { tick: 3, last: 2 })));
        states[1].units.pop();
        let error = Scene::new(&scenario, &states, &[0]);
        assert!(matches!(error, Err(RenderError::UnitCount { index: 1, found: 3, expected: 4 })), "{error:?}");
    }
}

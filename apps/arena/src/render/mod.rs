//! The replay viewer: pictures of what a proof is about (docs/arena.md, "The viewer").
//!
//! Every output starts from the scenario and the states of a replayed match, `states[0]` at the
//! start and `states[k]` after tick `k`. A [`scene::Scene`] derives once what each shown tick
//! draws (units, health, shots, deaths, standings); [`svg`], [`animated_svg`], [`png`] and
//! [`html`] draw it.
//!
//! The command is meant to call them as follows, after replaying `REPLAY` into its states:
//!
//! | `appvm render REPLAY …` | call | picture |
//! |---|---|---|
//! | `--svg --tick N` | [`svg`] | tick `N` |
//! | `--svg [--every N]` | [`animated_svg`] | ticks `0, N, 2N, …` and the last, looping |
//! | `--png [--tick N]` | [`png`] | tick `N`, or the last |
//! | `--html [--every N] [--tick N]` | [`html`] | a player of ticks `0, N, 2N, …`, opening at `--tick` |
//!
//! `--scale N` sets [`RenderOptions::scale`] and `-o FILE` is where the `String` or bytes go.
//!
//! ```
//! use appvm_arena::genesis::genesis;
//! use appvm_arena::layout::decode;
//! use appvm_arena::render::{self, RenderOptions};
//! use appvm_arena::scenario::Scenario;
//!
//! let scenario: Scenario = ron::from_str(
//!     "(arena: (width: 8, height: 6), seed: 7, tick_limit: 50, units: [
//!         (team: 0, x: 2.5, y: 2.5, hp: 30, damage: 5, range: 4, reload: 3, speed: 0.25),
//!         (team: 1, x: 5.5, y: 3.5, hp: 30, damage: 5, range: 4, reload: 3, speed: 0.25)])",
//! )?;
//! let states = vec![decode(&genesis(&scenario), scenario.units.len())];
//! let picture = render::svg(&scenario, &states, RenderOptions { tick: Some(0), ..Default::default() })?;
//! assert!(picture.starts_with("<svg"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(test)]
mod fixture;
mod html;
mod png;
pub mod scene;
pub mod style;
mod svg;

use crate::scenario::Scenario;
use crate::state::State;
use scene::Scene;

/// What to draw, and how large.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Animations and the player show every `every`-th tick (and always the last); at least 1.
    pub every: u32,
    /// The tick a single picture shows (default: the last); the tick the player opens at.
    pub tick: Option<u32>,
    /// Pixels per tile, 1 to [`style::MAX_SCALE`].
    pub scale: u32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { every: 1, tick: None, scale: style::DEFAULT_SCALE }
    }
}

/// Why a picture cannot be drawn.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The states are empty.
    #[error("there is no state to draw")]
    NoStates,
    /// A state's units are not the scenario's.
    #[error("state {index} has {found} units, but the scenario has {expected}")]
    UnitCount { index: usize, found: usize, expected: usize },
    /// The asked tick was never reached.
    #[error("tick {tick} was not played: the last state is after tick {last}")]
    NoSuchTick { tick: u64, last: u64 },
    /// `every` is 0.
    #[error("every must be at least 1")]
    ZeroEvery,
    /// The scale is 0 or above [`style::MAX_SCALE`].
    #[error("the scale must be 1 to {max} pixels per tile, not {0}", max = style::MAX_SCALE)]
    Scale(u32),
    /// resvg could not read the SVG it was given.
    #[error("cannot read the SVG: {0}")]
    Svg(#[from] resvg::usvg::Error),
    /// The PNG encoder failed.
    #[error("cannot encode the PNG: {0}")]
    Png(String),
}

/// One tick as an SVG: the field, units with health bars, the tick's shots and deaths, and the
/// standings above the field.
pub fn svg(scenario: &Scenario, states: &[State], opts: RenderOptions) -> Result<String, RenderError> {
    Ok(svg::document(&single(scenario, states, opts)?, opts.scale, true))
}

/// The match as a looping SVG animation of every `opts.every`-th tick, played by the browser
/// (SMIL, no script); viewers without animation show the last tick.
pub fn animated_svg(scenario: &Scenario, states: &[State], opts: RenderOptions) -> Result<String, RenderError> {
    Ok(svg::document(&sampled(scenario, states, opts)?, opts.scale, true))
}

/// One tick as a PNG, rasterised from its SVG. Without text: resvg is built without fonts, so
/// the standings band is left out (docs/arena.md, "The viewer").
pub fn png(scenario: &Scenario, states: &[State], opts: RenderOptions) -> Result<Vec<u8>, RenderError> {
    png::rasterise(&svg::document(&single(scenario, states, opts)?, opts.scale, false))
}

/// A self-contained HTML page that plays the match: every `opts.every`-th tick as inline data and
/// a small canvas player (play and pause, a tick slider, speed); no external resources.
pub fn html(scenario: &Scenario, states: &[State], opts: RenderOptions) -> Result<String, RenderError> {
    let scene = sampled(scenario, states, opts)?;
    if let Some(tick) = opts.tick.filter(|&t| t as usize >= states.len()) {
        return Err(RenderError::NoSuchTick { tick: tick.into(), last: states.len() as u64 - 1 });
    }
    // The last shown frame at or before the asked tick.
    let start = opts.tick.map_or(0, |t| scene.frames.iter().rposition(|f| f.tick <= t).unwrap_or(0));
    Ok(html::page(&scene, opts.scale, start))
}

/// The scene of `opts.tick`, or of the last state.
fn single(scenario: &Scenario, states: &[State], opts: RenderOptions) -> Result<Scene, RenderError> {
    check_scale(opts)?;
    let last = states.len().checked_sub(1).ok_or(RenderError::NoStates)?;
    let tick = opts.tick.map_or(last, |t| t as usize);
    Scene::new(scenario, states, &[tick])
}

/// The scene of ticks `0, every, 2 · every, …` and the last.
fn sampled(scenario: &Scenario, states: &[State], opts: RenderOptions) -> Result<Scene, RenderError> {
    check_scale(opts)?;
    if opts.every == 0 {
        return Err(RenderError::ZeroEvery);
    }
    let last = states.len().checked_sub(1).ok_or(RenderError::NoStates)?;
    let mut shown: Vec<usize> = (0..=last).step_by(opts.every as usize).collect();
    if shown.last() != Some(&last) {
        shown.push(last);
    }
    Scene::new(scenario, states, &shown)
}

fn check_scale(opts: RenderOptions) -> Result<(), RenderError> {
    match opts.scale {
        1..=style::MAX_SCALE => Ok(()),
        scale => Err(RenderError::Scale(scale)),
    }
}

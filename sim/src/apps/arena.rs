//! The arena VM of `appvm-arena`: matches recorded as replays, played on the VM's executor into
//! one batch, and checked tick by tick against the reference simulation.

use std::sync::Arc;

use anyhow::{anyhow, bail, ensure, Context, Result};
use appvm::{Execution, Machine, Params, Vm as _};
use appvm_arena::events::{Event, Reason};
use appvm_arena::generate;
use appvm_arena::genesis::genesis;
use appvm_arena::layout::{self, decode};
use appvm_arena::reference::{self, Run};
use appvm_arena::replay::{Replay, ReplayError};
use appvm_arena::scenario::MAX_UNITS;
use appvm_arena::session::play;
use appvm_arena::state::State;
use appvm_arena::vm::{events, from_vm, Arena, Input};
use ron::extensions::Extensions;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::json;

use crate::app::{App, Effects, Event as AppEvent, Inputs, Recorded, ReplayApp, Unit, Workload};

/// The arena in the command.
#[derive(Debug)]
pub struct ArenaApp;

/// What the arena's check needs besides the VM's execution: the replay, which the reference
/// simulation plays on its own (so the check also covers how the input stream was made from it),
/// and the states the VM's executor went through, tick by tick, while making that stream.
#[derive(Clone, Debug)]
pub struct Match {
    replay: Arc<Replay>,
    states: Arc<[State]>,
}

impl Inputs for Arena {
    const INTERNAL: &'static [&'static str] = &["Act", "Reap", "EndTick"];
}

impl App for ArenaApp {
    type Vm = Arena;
    type Reference = Match;
    type Results = Run;

    const ABOUT: &'static str = "arena game: teams of units walk, chase and shoot on a tiled field; \
                                 a replay (the start and every command) proven in one batch";
    // A tick costs a row per live unit, so a match's size is its unit-ticks, not its inputs.
    const UNIT: Unit = Unit { name: "unit-tick", row: Some("Act") };

    fn run_reference(game: &mut Match, _: &[Arena]) -> Run {
        // The replay, not the stream made from it: the stream's making is checked too.
        reference::replay(&game.replay)
    }

    fn agree(game: &Match, run: &Run, execution: &Execution) -> Result<()> {
        let expected: Vec<&State> = run.states().collect();
        ensure!(
            game.states.len() == expected.len(),
            "the VM played {} ticks, the reference simulation {}",
            game.states.len() - 1,
            expected.len() - 1
        );
        if let Some(tick) = (0..expected.len()).find(|&t| &game.states[t] != expected[t]) {
            bail!(
                "the VM and the reference simulation disagree after tick {tick}: {}",
                difference(&game.states[tick], expected[tick])
            );
        }
        let vm_events: Vec<Event> = events(&execution.outputs)
            .context("an output record of the VM is not an arena event")?
            .into_iter()
            .map(|(_, event)| event)
            .collect();
        let ref_events: Vec<Event> = run.events().copied().collect();
        if let Some(i) = (0..vm_events.len().max(ref_events.len())).find(|&i| vm_events.get(i) != ref_events.get(i)) {
            bail!(
                "the VM and the reference simulation disagree on event #{i}: VM {:?}, reference {:?}",
                vm_events.get(i),
                ref_events.get(i)
            );
        }
        // The batch's final state, beside the per-tick states of the stream's making.
        let end = decode(&execution.final_memory, game.replay.scenario.units.len());
        ensure!(
            &end == run.end(),
            "the VM and the reference simulation disagree at the end of the batch: {}",
            difference(&end, run.end())
        );
        Ok(())
    }

    fn summary(batch: &Effects<'_, Arena>) -> Vec<(&'static str, String)> {
        // `agree` has refused a batch whose outputs do not decode.
        let events: Vec<Event> = events(batch.outputs).unwrap_or_default().into_iter().map(|(_, e)| e).collect();
        let mut lines = Vec::new();
        if let Some(outcome) = events.iter().find_map(|e| if let Event::Outcome(o) = e { Some(*o) } else { None }) {
            let words = batch.final_state.len() as u64 / Arena::MEMORY_WIDTH as u64;
            let units = words.saturating_sub(layout::UNITS) / layout::UNIT_WORDS;
            lines.push(("match", format!("{units} units: {} after {} ticks", result(outcome.winner), outcome.tick)));
        }
        let standings: Vec<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Standing { team, alive, kills } => Some(format!("team {team}: {alive} alive, {kills} kills")),
                _ => None,
            })
            .collect();
        if !standings.is_empty() {
            lines.push(("standings", standings.join("; ")));
        }
        let rejected = events.iter().filter(|e| matches!(e, Event::Rejected { .. })).count();
        lines.push(("rejected", format!("{rejected} command{}", if rejected == 1 { "" } else { "s" })));
        lines
    }

    fn events(batch: &Effects<'_, Arena>) -> Result<Vec<AppEvent>> {
        let decoded = events(batch.outputs).context("an output record is not an arena event")?;
        Ok(decoded
            .into_iter()
            .map(|(seq, event)| {
                let seq = usize::try_from(seq).unwrap_or(usize::MAX);
                let input = batch.ops.get(seq).and_then(from_vm);
                match event {
                    Event::Rejected { unit, reason } => {
                        let what = match input {
                            Some(Input::Command(command)) => format!("{command:?}"),
                            Some(Input::Tick) => "Tick".into(),
                            None => "an internal row".into(),
                        };
                        AppEvent::new(
                            seq,
                            "rejected",
                            format!("rejected {what} (unit {unit}): {reason:?} ({})", explain(reason)),
                            json!({ "unit": unit, "command": what, "reason": format!("{reason:?}"), "reason_code": reason.code() }),
                        )
                    }
                    Event::Outcome(outcome) => AppEvent::new(
                        seq,
                        "outcome",
                        format!("the match ends after {} ticks: {}", outcome.tick, result(outcome.winner)),
                        json!({ "tick": outcome.tick, "winner": outcome.winner }),
                    ),
                    Event::Standing { team, alive, kills } => AppEvent::new(
                        seq,
                        "standing",
                        format!("team {team}: {alive} alive, {kills} kills"),
                        json!({ "team": team, "alive": alive, "kills": kills }),
                    ),
                }
            })
            .collect())
    }
}

/// A match's result in words.
fn result(winner: Option<u32>) -> String {
    match winner {
        Some(team) => format!("team {team} wins"),
        None => "a draw".into(),
    }
}

/// What a refusal reason means, in a few words.
fn explain(reason: Reason) -> &'static str {
    match reason {
        Reason::NotAlive => "the unit is dead",
        Reason::BadPoint => "the point is off the field",
        Reason::TargetNotAlive => "the target is dead",
        Reason::TargetFriendly => "the target is on the unit's team",
        Reason::MatchOver => "the match is over",
    }
}

impl ReplayApp for ArenaApp {
    type Replay = Replay;

    const REPLAY: &'static str = include_str!("../../scenarios/arena.ron");
    const GENERATOR: Workload = Workload {
        name: "bot",
        about: "a match the bot plays for every team: `gen arena --seed S --units N --ticks T`, or \
                `--ops N` for about N unit-ticks",
    };

    fn recognises(text: &str) -> bool {
        // Only a replay has `scenario` or `ticks` at the top; a scenario file has `vm`.
        #[derive(Deserialize)]
        #[serde(rename = "Replay")]
        struct TopLevel {
            vm: Option<IgnoredAny>,
            scenario: Option<IgnoredAny>,
            ticks: Option<IgnoredAny>,
        }
        let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
        options
            .from_str::<TopLevel>(text)
            .is_ok_and(|top| top.vm.is_none() && (top.scenario.is_some() || top.ticks.is_some()))
    }

    fn parse(name: &str, text: &str) -> Result<Replay> {
        Replay::parse(text).map_err(|e| match e {
            ReplayError::Syntax { line, col, message } => anyhow!("{name}:{line}:{col}: {message}"),
            ReplayError::Scenario { line, error } => anyhow!("{name}:{line}: {error}"),
            ReplayError::Entry { line, message } => anyhow!("{name}:{line}: {message}"),
        })
    }

    fn to_text(replay: &Replay) -> String {
        replay.to_ron()
    }

    fn seed(replay: &Replay) -> u64 {
        replay.scenario.seed.into()
    }

    fn generate(seed: u64, units: usize, ticks: u32) -> Result<Replay> {
        ensure!((1..=MAX_UNITS).contains(&units), "a match has 1 to {MAX_UNITS} units, not {units}");
        ensure!(ticks >= 1, "a match lasts at least 1 tick");
        Ok(generate::replay(seed, units, ticks))
    }

    /// About √(size / 8) units, so that matches of every size last long enough to fight. Deaths
    /// make a match's unit-ticks fewer than units × ticks, so the tick limit comes from playing
    /// it (`cut`); a match that ends short of `size` is played again with more units.
    fn sized(seed: u64, size: usize) -> Result<Replay> {
        let mut units = (size / 8).isqrt().clamp(2, MAX_UNITS);
        loop {
            let (ticks, played) = cut(seed, units, size)?;
            if played >= size || units == MAX_UNITS {
                return Self::generate(seed, units, ticks);
            }
            // As many more units as the match lacked unit-ticks; each round adds some.
            units = (units * size).div_ceil(played.max(1)).min(MAX_UNITS);
        }
    }

    fn batch(replay: &Replay) -> Result<Recorded<Self>> {
        // The input stream ends when the match does, so only playing it tells where: on a machine
        // of its own, since execution does not depend on the parameter set.
        let machine = Machine::<Arena>::new(Params::Fast).context("the arena VM does not lay out")?;
        let played = play(&machine, replay)?;
        // A tick costs one `Act` row per unit alive at its start.
        let size = played.unit_ticks();
        Ok(Recorded {
            memory: genesis(&replay.scenario),
            ops: played.inputs,
            reference: Match { replay: Arc::new(replay.clone()), states: played.states.into() },
            size,
        })
    }
}

/// The tick limit at which the live units of the bot's match of `units` units (from `seed`) have
/// played `size` unit-ticks, or the match's end if it ends sooner; and the unit-ticks played by
/// then. The bot does not look at the limit, so the match cut there is the start of this one.
fn cut(seed: u64, units: usize, size: usize) -> Result<(u32, usize)> {
    // Twice the ticks of `units × ticks = size` leaves room for half the units to die.
    let long = u32::try_from(2 * size / units).unwrap_or(u32::MAX).max(1);
    let run = reference::replay(&ArenaApp::generate(seed, units, long)?);
    let before_each_tick = run.states();
    let mut played = 0;
    for (tick, state) in before_each_tick.take(run.steps.len()).enumerate() {
        if played >= size {
            return Ok((tick as u32, played));
        }
        played += state.live();
    }
    Ok((run.steps.len() as u32, played))
}

/// Where two states first differ, briefly.
fn difference(vm: &State, reference: &State) -> String {
    match (0..vm.units.len().max(reference.units.len())).find(|&u| vm.units.get(u) != reference.units.get(u)) {
        Some(unit) => format!("unit {unit}: VM {:?}, reference {:?}", vm.units.get(unit), reference.units.get(unit)),
        None => format!(
            "VM tick {}, rng {}, over {}, teams {:?}; reference tick {}, rng {}, over {}, teams {:?}",
            vm.tick, vm.rng, vm.over, vm.teams, reference.tick, reference.rng, reference.over, reference.teams
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_replay_is_the_one_its_gen_command_writes() {
        // sim/README.md gives the command; this keeps it true.
        let generated = ArenaApp::generate(7, 16, 400).map(|replay| replay.to_ron());
        assert_eq!(generated.ok().as_deref(), Some(ArenaApp::REPLAY));
    }

    #[test]
    fn replays_are_recognised_and_scenarios_are_not() {
        assert!(ArenaApp::recognises(ArenaApp::REPLAY));
        assert!(ArenaApp::recognises("Replay(ticks: [])"));
        assert!(!ArenaApp::recognises("Scenario(vm: \"ledger\", ops: 4)"));
        assert!(!ArenaApp::recognises("(vm: \"ledger\", ops: 4)"));
        assert!(!ArenaApp::recognises("(vm: \"arena\", scenario: (), ticks: [])"));
    }

    #[test]
    fn sized_matches_play_about_the_asked_unit_ticks() {
        for (seed, size) in [(1, 100), (2, 1000), (3, 6000)] {
            let replay = ArenaApp::sized(seed, size).expect("a valid size");
            let run = reference::replay(&replay);
            let played: usize = run.states().take(run.steps.len()).map(State::live).sum();
            let units = replay.scenario.units.len();
            assert!((size..size + units).contains(&played), "seed {seed}: {played} unit-ticks for {size}");
        }
    }
}

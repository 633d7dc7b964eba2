//! A whole replay played by the reference, kept tick by tick for comparison with the VM.

use super::Reference;
use crate::events::Event;
use crate::replay::Replay;
use crate::state::{Outcome, State};

/// One tick of a [`Run`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What the tick emitted: its commands' rejections in command order, then the tick's own
    /// events (the outcome and standings, if the match ended).
    pub events: Vec<Event>,
    /// The state after the tick.
    pub state: State,
}

/// A replay as the reference played it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The state before the first tick.
    pub start: State,
    /// Tick `t` at index `t`, up to the tick the match ended at.
    pub steps: Vec<Step>,
}

impl Run {
    /// Every event, in the order emitted.
    pub fn events(&self) -> impl Iterator<Item = &Event> + '_ {
        self.steps.iter().flat_map(|step| &step.events)
    }

    /// The state at the end.
    pub fn end(&self) -> &State {
        self.steps.last().map_or(&self.start, |step| &step.state)
    }

    /// The start and the state after every tick.
    pub fn states(&self) -> impl Iterator<Item = &State> + '_ {
        std::iter::once(&self.start).chain(self.steps.iter().map(|step| &step.state))
    }

    /// `State::hash` of the start and of the state after every tick.
    pub fn hashes(&self) -> Vec<appvm::Digest> {
        self.states().map(State::hash).collect()
    }

    /// How the match ended.
    pub fn outcome(&self) -> Option<Outcome> {
        self.events().find_map(|event| match event {
            Event::Outcome(outcome) => Some(*outcome),
            _ => None,
        })
    }
}

/// Plays `replay` (checked, as [`Replay::parse`] leaves it): for each tick `t = 0, 1, ...`, its
/// commands in order and then the tick, until the match is over. Ticks without commands are
/// played too; commands for ticks after the end are never applied.
///
/// Keeps every tick's state, so memory grows with ticks × units.
pub fn replay(replay: &Replay) -> Run {
    let mut game = Reference::new(&replay.scenario);
    let start = game.state();
    let mut inputs = replay.ticks.iter().peekable();
    let mut steps = Vec::new();
    while !game.over() {
        let tick = game.ticks_played();
        let commands = inputs.next_if(|input| input.tick == tick).map_or(&[][..], |input| &input.commands);
        let mut events: Vec<Event> =
            commands.iter().filter_map(|command| game.apply(command)).map(Event::from).collect();
        events.extend(game.tick());
        steps.push(Step { events, state: game.state() });
    }
    Run { start, steps }
}

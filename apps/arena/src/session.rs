//! Playing a match on the VM's executor, tick by tick: what the bevy game and the command call to
//! run the rules natively (no trace), and what [`play`] uses to turn a replay into the VM's input
//! stream for proving.

use appvm::{ExecError, Machine, Memory};

use crate::events::Event;
use crate::genesis::genesis;
use crate::layout::decode;
use crate::replay::{Command, Replay};
use crate::scenario::Scenario;
use crate::state::State;
use crate::vm::{events, to_vm, Arena, Tick};

/// Why the executor stopped: the rules never do this for a valid replay.
#[derive(Debug, thiserror::Error)]
pub enum PlayError {
    /// The VM refused to execute an input (a command naming no unit of the scenario).
    #[error("tick {tick}: {error}")]
    Exec { tick: u32, error: ExecError },
    /// The VM emitted a record that is not an arena event.
    #[error("tick {tick}: an output record is not an arena event")]
    Output { tick: u32 },
}

/// A match in play: the VM's memory between ticks.
#[derive(Debug, Clone)]
pub struct Session {
    memory: Memory,
    units: usize,
}

impl Session {
    /// A match at its start.
    pub fn new(scenario: &Scenario) -> Self {
        Self { memory: genesis(scenario), units: scenario.units.len() }
    }

    /// The decoded state.
    pub fn state(&self) -> State {
        decode(&self.memory, self.units)
    }

    /// The VM's memory.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// Applies `commands` and plays one tick; returns the events, in order.
    pub fn tick(&mut self, machine: &Machine<Arena>, commands: &[Command]) -> Result<Vec<Event>, PlayError> {
        let tick = self.state().tick;
        let mut ops: Vec<Arena> = commands.iter().map(to_vm).collect();
        ops.push(Arena::Tick(Tick {}));
        let run = machine.execute(&self.memory, &ops).map_err(|error| PlayError::Exec { tick, error })?;
        self.memory = run.final_memory;
        let decoded = events(&run.outputs).ok_or(PlayError::Output { tick })?;
        Ok(decoded.into_iter().map(|(_, event)| event).collect())
    }
}

/// A replay played to its end on the VM.
#[derive(Debug, Clone)]
pub struct Played {
    /// The state at the start and after every tick.
    pub states: Vec<State>,
    /// Every event, in order.
    pub events: Vec<Event>,
    /// The input stream that reproduces the match in one batch: what is proven.
    pub inputs: Vec<Arena>,
}

/// Plays `replay` from its start until the match is over.
pub fn play(machine: &Machine<Arena>, replay: &Replay) -> Result<Played, PlayError> {
    let mut session = Session::new(&replay.scenario);
    let mut states = vec![session.state()];
    let mut events = Vec::new();
    let mut inputs = Vec::new();
    let mut log = replay.ticks.iter().peekable();
    while !states.last().is_some_and(|s| s.over) {
        let tick = states.last().map_or(0, |s| s.tick);
        let commands = log.next_if(|entry| entry.tick == tick).map_or(&[][..], |entry| &entry.commands[..]);
        events.extend(session.tick(machine, commands)?);
        inputs.extend(commands.iter().map(to_vm));
        inputs.push(Arena::Tick(Tick {}));
        states.push(session.state());
    }
    Ok(Played { states, events, inputs })
}

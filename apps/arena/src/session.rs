//! Playing a match on the VM's executor, tick by tick: what the bevy game and the command call to
//! run the rules natively (no trace), and what [`play`] uses to turn a replay into the VM's input
//! stream for proving.

use appvm::{ExecError, Machine, Memory, Vm};
use p3_field::PrimeField64;

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

impl Played {
    /// Unit-ticks played: the units alive at the start of each tick (one `Act` row each).
    pub fn unit_ticks(&self) -> usize {
        self.states[..self.states.len().saturating_sub(1)].iter().map(State::live).sum()
    }
}

/// Plays `replay` from its start until the match is over.
pub fn play(machine: &Machine<Arena>, replay: &Replay) -> Result<Played, PlayError> {
    let mut session = Session::new(&replay.scenario);
    let mut states = vec![session.state()];
    let mut events = Vec::new();
    let mut log = replay.ticks.iter().peekable();
    while !states.last().is_some_and(|s| s.over) {
        let tick = states.last().map_or(0, |s| s.tick);
        let commands = log.next_if(|entry| entry.tick == tick).map_or(&[][..], |entry| &entry.commands[..]);
        events.extend(session.tick(machine, commands)?);
        states.push(session.state());
    }
    let inputs = replay_inputs(replay, states.len() as u32 - 1);
    Ok(Played { states, events, inputs })
}

/// The input stream of a match of `ticks` ticks played from `replay`: for each tick, its commands
/// and then `Tick`. This is what a proof of the replay must list, built without executing.
pub fn replay_inputs(replay: &Replay, ticks: u32) -> Vec<Arena> {
    let mut log = replay.ticks.iter().peekable();
    let mut ops = Vec::new();
    for tick in 0..ticks {
        if let Some(entry) = log.next_if(|entry| entry.tick == tick) {
            ops.extend(entry.commands.iter().map(to_vm));
        }
        ops.push(Arena::Tick(Tick {}));
    }
    ops
}

/// Why a statement is not the proof of a replay's whole match.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayStatementError {
    /// Its initial memory is not the replay's scenario at its start (another seed, other units).
    #[error("the statement does not start from the replay's scenario")]
    Start,
    /// Its outputs are not arena events.
    #[error("the statement's outputs are not arena events")]
    Outputs,
    /// It does not end the match with its last input: no outcome, several, or inputs after it.
    #[error("the statement does not end the match at its last input")]
    Unfinished,
    /// Its inputs are not the replay's commands and ticks up to the end.
    #[error("the statement's inputs are not the replay's commands and ticks (first difference at input #{0})")]
    Inputs(usize),
}

/// Checks, without executing anything, that `statement` is the one a proof of `replay`'s whole
/// match must have: it starts from the scenario's genesis, its inputs are the replay's commands and
/// ticks up to the tick the match ends, and its one outcome is emitted by its last input. With a
/// verified proof of the statement, its outputs and final memory are then the match's result.
pub fn check_replay_statement(replay: &Replay, statement: &appvm::Statement) -> Result<(), ReplayStatementError> {
    if statement.initial_state != genesis(&replay.scenario).to_u64s() {
        return Err(ReplayStatementError::Start);
    }
    let decoded = events(&statement.outputs).ok_or(ReplayStatementError::Outputs)?;
    let mut outcomes = decoded.iter().filter_map(|(seq, event)| match event {
        Event::Outcome(outcome) => Some((*seq, outcome.tick)),
        _ => None,
    });
    let (seq, ticks) = match (outcomes.next(), outcomes.next()) {
        (Some(only), None) => only,
        _ => return Err(ReplayStatementError::Unfinished),
    };
    if seq + 1 != statement.inputs.len() as u64 {
        return Err(ReplayStatementError::Unfinished);
    }
    let expected = replay_inputs(replay, ticks);
    let encoded = expected.iter().map(|op| {
        std::iter::once(op.opcode() as u64)
            .chain(op.encode().iter().map(|f| f.as_canonical_u64()))
            .collect::<Vec<u64>>()
    });
    let mut listed = statement.inputs.iter();
    for (at, want) in encoded.enumerate() {
        if listed.next() != Some(&want) {
            return Err(ReplayStatementError::Inputs(at));
        }
    }
    match listed.next() {
        Some(_) => Err(ReplayStatementError::Inputs(expected.len())),
        None => Ok(()),
    }
}

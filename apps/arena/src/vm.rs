//! The arena VM: its opcodes, the map from commands to instructions ([`to_vm`]) and back
//! ([`from_vm`]), and the decoding of its output records into [`Event`]s ([`events`]).

use appvm::{Output, Vm};

use crate::events::{Event, Reason};
pub use crate::ops::{Act, Attack, EndTick, Halt, MoveTo, Reap, Tick};
use crate::replay::Command;
use crate::state::Outcome;
use crate::wire::{Kind, OutcomeRecord, RejectedRecord, StandingRecord};

/// The arena VM. The first four opcodes are the inputs (the commands and `Tick`); the rest are
/// the rows a tick continues into. Its verifier accepts only statements that start a match
/// ([`crate::genesis::check_genesis`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Vm)]
#[vm(name = "arena", memory_width = 8, initial_state = crate::genesis::check_genesis)]
pub enum Arena {
    /// `Move`.
    MoveTo(MoveTo),
    /// `Attack`.
    Attack(Attack),
    /// `Hold` and `Stop`.
    Halt(Halt),
    /// Play one tick.
    Tick(Tick),
    /// Internal: one live unit's turn.
    Act(Act),
    /// Internal: one killed unit leaves the live list.
    Reap(Reap),
    /// Internal: the tick's end and, once the match is over, its outcome.
    EndTick(EndTick),
}

/// A command's instruction.
pub fn to_vm(command: &Command) -> Arena {
    let unit = |u: u32| u16::try_from(u).unwrap_or(u16::MAX);
    match *command {
        Command::Move { unit: u, x, y } => Arena::MoveTo(MoveTo { unit: unit(u), x: x.to_bits(), y: y.to_bits() }),
        Command::Attack { unit: u, target } => Arena::Attack(Attack { unit: unit(u), target: unit(target) }),
        Command::Hold { unit: u } => Arena::Halt(Halt { unit: unit(u), forget: false }),
        Command::Stop { unit: u } => Arena::Halt(Halt { unit: unit(u), forget: true }),
    }
}

/// One step of a replay's input stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A command.
    Command(Command),
    /// The end of a tick's commands: play the tick.
    Tick,
}

/// The instruction of an input, and back: `None` for an internal opcode, which is never an input
/// of a replay.
pub fn from_vm(op: &Arena) -> Option<Input> {
    let fx = fixed::types::I16F16::from_bits;
    Some(match *op {
        Arena::MoveTo(MoveTo { unit, x, y }) => Input::Command(Command::Move { unit: unit.into(), x: fx(x), y: fx(y) }),
        Arena::Attack(Attack { unit, target }) => {
            Input::Command(Command::Attack { unit: unit.into(), target: target.into() })
        }
        Arena::Halt(Halt { unit, forget: false }) => Input::Command(Command::Hold { unit: unit.into() }),
        Arena::Halt(Halt { unit, forget: true }) => Input::Command(Command::Stop { unit: unit.into() }),
        Arena::Tick(Tick {}) => Input::Tick,
        Arena::Act(_) | Arena::Reap(_) | Arena::EndTick(_) => return None,
    })
}

/// The events of a batch's output records (`[seq, index, ..record]`), with the sequence number
/// of the input that emitted each; `None` if a record is not one the VM emits.
pub fn events(outputs: &[Vec<u64>]) -> Option<Vec<(u64, Event)>> {
    outputs.iter().map(|record| Some((Output::parse(record)?.seq, event(record)?))).collect()
}

fn event(record: &[u64]) -> Option<Event> {
    let output = Output::parse(record)?;
    let kind = *output.fields.first()?;
    let small = |x: u64| u32::try_from(x).ok();
    Some(if kind == Kind::Rejected as u64 {
        let r: RejectedRecord<u64> = output.event()?;
        Event::Rejected { unit: small(r.unit)?, reason: Reason::from_code(small(r.reason)?)? }
    } else if kind == Kind::Outcome as u64 {
        let o: OutcomeRecord<u64> = output.event()?;
        Event::Outcome(Outcome {
            tick: small(o.tick)?,
            winner: match o.winner {
                0 => None,
                w => Some(small(w - 1)?),
            },
        })
    } else if kind == Kind::Standing as u64 {
        let s: StandingRecord<u64> = output.event()?;
        Event::Standing { team: small(s.team)?, alive: small(s.alive)?, kills: small(s.kills)? }
    } else {
        return None;
    })
}

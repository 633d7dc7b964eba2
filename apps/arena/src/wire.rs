//! The output records the VM emits, one record type per event, each led by its [`Kind`] so that a
//! decoder tells them apart ([`crate::vm::events`] turns them into [`crate::events::Event`]s).

use appvm::Record;

/// The first lane of every output record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Kind {
    /// [`RejectedRecord`].
    Rejected = 1,
    /// [`OutcomeRecord`].
    Outcome = 2,
    /// [`StandingRecord`].
    Standing = 3,
}

/// A command or tick the rules refused, and why (docs/arena.md).
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct RejectedRecord<T> {
    /// [`Kind::Rejected`].
    pub kind: T,
    /// The unit the command was for (0 for a tick).
    pub unit: T,
    /// The reason's code.
    pub reason: T,
}

/// The end of the match.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct OutcomeRecord<T> {
    /// [`Kind::Outcome`].
    pub kind: T,
    /// Ticks played.
    pub tick: T,
    /// The winning team plus 1, or 0 for a draw.
    pub winner: T,
}

/// A team's standing at the end of the match.
#[derive(Clone, Debug, PartialEq, Eq, Record)]
pub struct StandingRecord<T> {
    /// [`Kind::Standing`].
    pub kind: T,
    /// The team.
    pub team: T,
    /// Its live units.
    pub alive: T,
    /// Units it killed.
    pub kills: T,
}

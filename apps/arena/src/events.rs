//! What a match emits, in the rules' words: rejected commands and ticks, and the outcome with
//! every team's standing. The VM's output records decode into these ([`crate::vm::events`]) and
//! the reference simulation produces them directly.

use crate::state::Outcome;

/// Why a command or a tick was refused (docs/arena.md, "Orders").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The unit's hit points are 0.
    NotAlive = 1,
    /// A `Move` point outside `[0, 32)`.
    BadPoint = 2,
    /// The target's hit points are 0.
    TargetNotAlive = 3,
    /// The target is on the unit's team.
    TargetFriendly = 4,
    /// A tick after the match ended.
    MatchOver = 5,
}

impl Reason {
    /// The reason with code `code`.
    pub fn from_code(code: u64) -> Option<Self> {
        [Self::NotAlive, Self::BadPoint, Self::TargetNotAlive, Self::TargetFriendly, Self::MatchOver]
            .into_iter()
            .find(|r| *r as u64 == code)
    }
}

/// One event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A command (or, with unit 0 and `MatchOver`, a tick) changed nothing.
    Rejected { unit: u32, reason: Reason },
    /// The match ended.
    Outcome(Outcome),
    /// A team's standing at the end, after the `Outcome`, one per team in order.
    Standing { team: u32, alive: u32, kills: u32 },
}

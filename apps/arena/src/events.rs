//! What a match reports besides its state: refused commands and ticks, and how it ended
//! (docs/arena.md, "Orders" and "A tick"). Both implementations emit these in the same order, so
//! the differential tests compare event lists as they are.

use crate::state::Outcome;

/// Why a command or a tick was refused. The discriminant is the code the proof emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u32)]
pub enum Reason {
    /// The commanded unit's hit points are 0.
    NotAlive = 1,
    /// A `Move` point is outside `[0, 32)` on some axis.
    BadPoint = 2,
    /// An `Attack`'s target's hit points are 0.
    TargetNotAlive = 3,
    /// An `Attack`'s target is on the unit's own team (the unit itself included).
    TargetFriendly = 4,
    /// The match is already over.
    MatchOver = 5,
}

impl Reason {
    /// Every reason, in code order.
    pub const ALL: [Reason; 5] =
        [Reason::NotAlive, Reason::BadPoint, Reason::TargetNotAlive, Reason::TargetFriendly, Reason::MatchOver];

    /// The code the proof emits for this reason.
    pub fn code(self) -> u32 {
        self as u32
    }

    /// The reason with this code, if there is one (for decoding the VM's output).
    pub fn from_code(code: u32) -> Option<Reason> {
        Reason::ALL.into_iter().find(|reason| reason.code() == code)
    }
}

/// A refused command: the unit it was for and why. Nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The commanded unit (0 for a refused tick).
    pub unit: u32,
    /// Why.
    pub reason: Reason,
}

/// Something a match proves besides its state, in the order it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A command was refused and changed nothing; `unit` 0 with [`Reason::MatchOver`] is a tick
    /// played after the end.
    Rejected { unit: u32, reason: Reason },
    /// The match ended at this tick; a [`Event::Standing`] per team follows.
    Outcome(Outcome),
    /// A team's live units and kills when the match ended.
    Standing { team: u32, alive: u32, kills: u32 },
}

impl From<Rejection> for Event {
    fn from(Rejection { unit, reason }: Rejection) -> Self {
        Event::Rejected { unit, reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_are_the_documented_ones_and_decode_back() {
        let codes: Vec<u32> = Reason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5]);
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(reason));
        }
        assert_eq!(Reason::from_code(0), None);
        assert_eq!(Reason::from_code(6), None);
    }
}

//! Commands (docs/arena.md, "Orders"): the checks, in the document's order, and their effect on a
//! unit's orders.

use super::Reference;
use crate::events::Reason;
use crate::fx::{raw, Fx, FRAC_BITS};
use crate::replay::Command;
use crate::scenario::GRID;
use crate::state::Orders;

impl Reference {
    /// Why `command` is refused, if it is.
    pub(super) fn check(&self, command: &Command) -> Result<(), Reason> {
        if self.over {
            return Err(Reason::MatchOver);
        }
        let unit = command.unit();
        if self.hp(unit) == 0 {
            return Err(Reason::NotAlive);
        }
        match *command {
            Command::Move { x, y, .. } if !on_grid(x) || !on_grid(y) => Err(Reason::BadPoint),
            Command::Attack { target, .. } if self.hp(target) == 0 => Err(Reason::TargetNotAlive),
            Command::Attack { target, .. } if self.team(target) == self.team(unit) => Err(Reason::TargetFriendly),
            _ => Ok(()),
        }
    }

    /// Sets the orders of a command that passed [`Reference::check`].
    pub(super) fn obey(&mut self, command: &Command) {
        let orders = &mut self.units[command.unit() as usize].orders;
        match *command {
            Command::Move { x, y, .. } => *orders = Orders { moves: true, dest: (x, y), target: None },
            Command::Attack { target, .. } => {
                orders.moves = true;
                orders.target = Some(target);
            }
            Command::Hold { .. } => orders.moves = false,
            Command::Stop { .. } => {
                orders.moves = false;
                orders.target = None;
            }
        }
    }

    /// A unit's hit points; a unit the scenario does not have has none.
    fn hp(&self, unit: u32) -> u32 {
        self.units.get(unit as usize).map_or(0, |u| u.hp)
    }

    /// A unit's team (the unit exists).
    fn team(&self, unit: u32) -> u32 {
        self.units[unit as usize].team
    }
}

/// Whether a coordinate is in `[0, 32)`.
fn on_grid(v: Fx) -> bool {
    (0..i64::from(GRID) << FRAC_BITS).contains(&raw(v))
}

//! The ECS side of a unit and of the match: components and resources. Every value here is a
//! mirror of the VM's memory, written by the `mirror` system after the VM played a tick; no
//! system computes a rule from them.

use bevy_ecs::prelude::{Component, Resource};

use crate::events::Event;
use crate::fx::Fx;
use crate::replay::Command;
use crate::session::Session;
use crate::state::{Orders, State};

/// The unit's game id: its position in the scenario, the canonical order of every query.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnitId(pub u32);

/// The unit's team.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Team(pub u32);

/// Position, `I16F16`.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub x: Fx,
    pub y: Fx,
}

/// The step taken in the last tick.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Velocity {
    pub x: Fx,
    pub y: Fx,
}

/// Hit points, and the starting ones (for a health bar).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Health {
    pub hp: u32,
    pub max: u32,
}

/// Ticks until the weapon is ready.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cooldown(pub u32);

/// The unit's standing orders.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitOrders(pub Orders);

/// Marks live units; removed by the mirror when the VM reports a unit dead.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alive;

/// The rules: the VM's memory between ticks, and the match's clock, generator and teams as the
/// VM last wrote them.
#[derive(Resource, Debug, Clone)]
pub struct Rules {
    /// The VM session.
    pub session: Session,
    /// The decoded VM state after the last tick.
    pub state: State,
}

/// A command source's function: the commands for the tick about to be played, from the state.
pub type Commander = Box<dyn FnMut(&State) -> Vec<Command> + Send + Sync>;

/// Where commands come from: a replay's log, a bot, a person.
#[derive(Resource)]
pub struct CommandSource(pub Commander);

impl std::fmt::Debug for CommandSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CommandSource")
    }
}

/// The commands of the tick being played, as gathered.
#[derive(Resource, Debug, Default, Clone)]
pub struct Pending(pub Vec<Command>);

/// What has been played: every tick's commands (a replay can be written from it), events, and
/// state hashes (the start's first).
#[derive(Resource, Debug, Default, Clone)]
pub struct Record {
    /// Commands by tick (ticks without commands included, as empty lists).
    pub commands: Vec<Vec<Command>>,
    /// Every event, in order.
    pub events: Vec<Event>,
    /// `State::hash` of the mirrored ECS state at the start and after every tick.
    pub hashes: Vec<appvm::Digest>,
}

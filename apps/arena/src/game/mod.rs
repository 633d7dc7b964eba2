//! The arena as a bevy_ecs game: bevy owns the world (a unit is an entity with components), the
//! schedule (an explicit chain of systems), the input and the viewer; the VM owns the rules.
//!
//! Each [`Game::step`] runs the schedule once: `gather_commands` asks the [`CommandSource`] (a
//! replay's log, a bot, a player) for the tick's commands; `play_rules` hands them to the VM's
//! executor, which applies them and plays the tick over its own live list; `mirror` copies what
//! the VM wrote into the components; `record` keeps the commands, the events and a hash of the
//! ECS state. No system computes a rule, so there is no second copy of the rules to drift, and
//! what the ECS shows is what a proof of the same commands covers (docs/arena.md, "bevy and the
//! VM").

mod components;
mod systems;

use std::sync::Arc;

use appvm::Machine;
use bevy_ecs::prelude::*;
use bevy_ecs::system::RunSystemOnce;

pub use components::{
    Alive, CommandSource, Cooldown, Health, Pending, Position, Record, Rules, Team, UnitId, UnitOrders, Velocity,
};
use systems::{gather_commands, mirror, play_rules, record, Failure};
pub use systems::{snapshot, UnitView, Vm};

use crate::replay::{Command, Replay, TickInput};
use crate::scenario::Scenario;
use crate::session::Session;
use crate::state::State;
use crate::vm::Arena;

/// A match in a bevy world.
pub struct Game {
    world: World,
    schedule: Schedule,
    scenario: Scenario,
}

impl std::fmt::Debug for Game {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Game").field("tick", &self.state().tick).finish_non_exhaustive()
    }
}

/// A game's rules state at one tick, to roll back to ([`Game::restore`]).
#[derive(Debug, Clone)]
pub struct Snapshot {
    rules: Rules,
    record: Record,
}

impl Game {
    /// A match of `scenario` whose commands come from `source`.
    pub fn new(
        machine: Arc<Machine<Arena>>,
        scenario: &Scenario,
        source: impl FnMut(&State) -> Vec<Command> + Send + Sync + 'static,
    ) -> Self {
        let mut world = World::new();
        let session = Session::new(scenario);
        let state = session.state();
        for (id, (spec, unit)) in scenario.units.iter().zip(&state.units).enumerate() {
            world.spawn((
                UnitId(id as u32),
                Team(unit.team),
                Position { x: unit.pos.0, y: unit.pos.1 },
                Velocity { x: unit.vel.0, y: unit.vel.1 },
                Health { hp: unit.hp, max: spec.hp },
                Cooldown(unit.cooldown),
                UnitOrders(unit.orders),
                Alive,
            ));
        }
        world.insert_resource(Vm(machine));
        world.insert_resource(Rules { session, state: state.clone() });
        world.insert_resource(CommandSource(Box::new(source)));
        world.insert_resource(Pending::default());
        world.insert_resource(Record { hashes: vec![state.hash()], ..Default::default() });
        world.insert_resource(Failure::default());
        let mut schedule = Schedule::default();
        schedule.add_systems((gather_commands, play_rules, mirror, record).chain());
        Self { world, schedule, scenario: scenario.clone() }
    }

    /// A match that plays `replay`'s commands.
    pub fn of_replay(machine: Arc<Machine<Arena>>, replay: &Replay) -> Self {
        // Looked up by tick, not read from a cursor, so that a rollback replays the same commands.
        let log = replay.ticks.clone();
        Self::new(machine, &replay.scenario, move |state| {
            match log.binary_search_by_key(&state.tick, |entry| entry.tick) {
                Ok(at) => log[at].commands.clone(),
                Err(_) => Vec::new(),
            }
        })
    }

    /// Plays one tick; an error if the VM refused it (never for a validated replay).
    pub fn step(&mut self) -> Result<(), String> {
        self.schedule.run(&mut self.world);
        match self.world.resource_mut::<Failure>().0.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Plays until the match is over.
    pub fn run(&mut self) -> Result<(), String> {
        while !self.state().over {
            self.step()?;
        }
        Ok(())
    }

    /// The state as the VM last wrote it.
    pub fn state(&self) -> &State {
        &self.world.resource::<Rules>().state
    }

    /// The state as the ECS components hold it.
    pub fn ecs_state(&mut self) -> State {
        let rules = self.world.resource::<Rules>().state.clone();
        let mut system_state = bevy_ecs::system::SystemState::<Query<'_, '_, UnitView<'_>>>::new(&mut self.world);
        let units = system_state.get(&self.world);
        snapshot(&units, &rules)
    }

    /// What has been played.
    pub fn record(&self) -> &Record {
        self.world.resource::<Record>()
    }

    /// The replay of what has been played: the scenario and every non-empty tick's commands.
    pub fn replay(&self) -> Replay {
        let ticks = (self.record().commands.iter().enumerate())
            .filter(|(_, commands)| !commands.is_empty())
            .map(|(tick, commands)| TickInput { tick: tick as u32, commands: commands.clone() })
            .collect();
        Replay { scenario: self.scenario.clone(), ticks }
    }

    /// The rules' state and the record now, to roll back to.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot { rules: self.world.resource::<Rules>().clone(), record: self.record().clone() }
    }

    /// Rolls the rules and the record back to `snapshot` and re-mirrors the components; the
    /// command source is not rewound (give the game a source that follows `State::tick`).
    pub fn restore(&mut self, snapshot: &Snapshot) -> Result<(), String> {
        self.world.insert_resource(snapshot.rules.clone());
        self.world.insert_resource(snapshot.record.clone());
        // The same system that mirrors a played tick.
        self.world.run_system_once(mirror).map_err(|error| error.to_string())
    }
}

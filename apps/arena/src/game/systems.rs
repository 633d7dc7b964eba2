//! The tick's systems, in the order the schedule chains them:
//! `gather_commands` → `play_rules` → `mirror` → `record`. Every query that builds something
//! ordered sorts by [`UnitId`], never by archetype or entity order.

use std::sync::Arc;

use appvm::Machine;
use bevy_ecs::prelude::*;

use super::components::*;
use crate::state::{State, TeamState, UnitState};
use crate::vm::Arena;

/// The VM, shared by every game of a process.
#[derive(Resource, Clone, Debug)]
pub struct Vm(pub Arc<Machine<Arena>>);

/// Why a tick could not be played; kept as a resource so the caller can report it.
#[derive(Resource, Debug, Default)]
pub struct Failure(pub Option<String>);

/// Asks the command source for this tick's commands.
pub fn gather_commands(rules: Res<'_, Rules>, mut source: ResMut<'_, CommandSource>, mut pending: ResMut<'_, Pending>) {
    pending.0 = (source.0)(&rules.state);
}

/// The VM plays the tick: the only place a rule runs.
pub fn play_rules(
    vm: Res<'_, Vm>,
    mut rules: ResMut<'_, Rules>,
    pending: Res<'_, Pending>,
    mut record: ResMut<'_, Record>,
    mut failure: ResMut<'_, Failure>,
) {
    match rules.session.tick(&vm.0, &pending.0) {
        Ok(events) => {
            rules.state = rules.session.state();
            record.commands.push(pending.0.clone());
            record.events.extend(events);
        }
        Err(error) => failure.0 = Some(error.to_string()),
    }
}

/// The components `mirror` writes, and whether the unit is marked [`Alive`].
pub type MirrorView<'a> = (
    Entity,
    &'a UnitId,
    &'a mut Position,
    &'a mut Velocity,
    &'a mut Health,
    &'a mut Cooldown,
    &'a mut UnitOrders,
    Has<Alive>,
);

/// Copies the VM's state into the components, unit by unit, and marks the live ones [`Alive`]
/// (after a tick, or after a rollback, which may bring a unit back).
pub fn mirror(mut commands: Commands<'_, '_>, rules: Res<'_, Rules>, mut units: Query<'_, '_, MirrorView<'_>>) {
    for (entity, id, mut pos, mut vel, mut health, mut cooldown, mut orders, marked) in &mut units {
        let Some(unit) = rules.state.units.get(id.0 as usize) else { continue };
        *pos = Position { x: unit.pos.0, y: unit.pos.1 };
        *vel = Velocity { x: unit.vel.0, y: unit.vel.1 };
        health.hp = unit.hp;
        *cooldown = Cooldown(unit.cooldown);
        *orders = UnitOrders(unit.orders);
        match (unit.alive(), marked) {
            (false, true) => {
                commands.entity(entity).remove::<Alive>();
            }
            (true, false) => {
                commands.entity(entity).insert(Alive);
            }
            _ => {}
        }
    }
}

/// Hashes the state as the ECS holds it (units sorted by id), so determinism tests check the
/// mirror as well as the rules.
pub fn record(world_units: Query<'_, '_, UnitView<'_>>, rules: Res<'_, Rules>, mut record: ResMut<'_, Record>) {
    record.hashes.push(snapshot(&world_units, &rules.state).hash());
}

/// The components a unit's state is read back from.
pub type UnitView<'a> = (&'a UnitId, &'a Team, &'a Position, &'a Velocity, &'a Health, &'a Cooldown, &'a UnitOrders);

/// The game state as the ECS holds it: units from the components, in id order; the clock,
/// generator and teams from the rules resource.
pub fn snapshot(units: &Query<'_, '_, UnitView<'_>>, rules: &State) -> State {
    let mut list: Vec<(u32, UnitState)> = units
        .iter()
        .map(|(id, team, pos, vel, health, cooldown, orders)| {
            let unit = UnitState {
                team: team.0,
                pos: (pos.x, pos.y),
                vel: (vel.x, vel.y),
                hp: health.hp,
                cooldown: cooldown.0,
                orders: orders.0,
            };
            (id.0, unit)
        })
        .collect();
    list.sort_by_key(|(id, _)| *id);
    let teams: Vec<TeamState> = rules.teams.clone();
    State {
        tick: rules.tick,
        rng: rules.rng,
        over: rules.over,
        units: list.into_iter().map(|(_, u)| u).collect(),
        teams,
    }
}

//! Step 1 of a tick for one unit (docs/arena.md, "A tick", "Act"): aim, step, shoot.

use super::{rng, Death, Reference};
use crate::fx::{raw, Fx};

impl Reference {
    /// Unit `id` acts; returns the unit it killed, if its shot killed one. Units earlier in the
    /// live list have already acted, so a target's position is the one it has now.
    pub(super) fn act(&mut self, id: usize) -> Option<Death> {
        let unit = self.units[id];
        let stats = self.stats[id];
        let (x, y) = (raw(unit.pos.0), raw(unit.pos.1));
        // Targets were checked to exist when the `Attack` was applied.
        let target = unit.orders.target.map(|t| t as usize);
        let target_alive = target.is_some_and(|t| self.units[t].alive());
        let (tx, ty) = target.map_or((0, 0), |t| (raw(self.units[t].pos.0), raw(self.units[t].pos.1)));
        // Exact: positions are below 2^21, so the sum of squares is below 2^43.
        let in_range = (tx - x).pow(2) + (ty - y).pow(2) <= stats.range2;
        let fire = target_alive && in_range && unit.cooldown == 0;
        let approach = unit.orders.moves && if target.is_some() { target_alive && !in_range } else { true };
        let goal = if target.is_some() { (tx, ty) } else { (raw(unit.orders.dest.0), raw(unit.orders.dest.1)) };

        let step = |d: i64| if approach { d.clamp(-stats.speed, stats.speed) } else { 0 };
        // One axis after the other, `x` first: a step into a blocked tile is refused on that
        // axis only, so the unit slides along walls.
        let vx = Some(step(goal.0 - x)).filter(|&vx| !self.field.blocks((x + vx, y))).unwrap_or(0);
        let vy = Some(step(goal.1 - y)).filter(|&vy| !self.field.blocks((x + vx, y + vy))).unwrap_or(0);
        let unit = &mut self.units[id];
        // Free tiles are inside the arena, so the point fits in an `I16F16`.
        unit.pos = (Fx::from_bits((x + vx) as i32), Fx::from_bits((y + vy) as i32));
        unit.vel = (Fx::from_bits(vx as i32), Fx::from_bits(vy as i32));

        match target {
            Some(victim) if fire => self.shoot(id, victim),
            _ => {
                let unit = &mut self.units[id];
                unit.cooldown = unit.cooldown.saturating_sub(1);
                None
            }
        }
    }

    /// Unit `id` shoots `victim`: the generator advances once and the shot deals the unit's
    /// damage plus the top 3 bits of the new state; the weapon then rests `reload` ticks.
    fn shoot(&mut self, id: usize, victim: usize) -> Option<Death> {
        self.rng = rng::next(self.rng);
        let dmg = self.stats[id].damage + rng::bonus(self.rng);
        self.units[id].cooldown = self.stats[id].reload;
        let killer = self.units[id].team;
        let victim_state = &mut self.units[victim];
        if dmg >= victim_state.hp {
            victim_state.hp = 0;
            Some(Death { unit: victim, killer })
        } else {
            victim_state.hp -= dmg;
            None
        }
    }
}

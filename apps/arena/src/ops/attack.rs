//! `Attack` (input): chase an enemy and shoot it.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::reason;
use super::unit::{reject_if, UnitAddr};
use crate::layout::{Body, Drive, Stats};

/// Orders `unit` to attack `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Attack {
    pub unit: u16,
    pub target: u16,
}

impl Semantics for Attack {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: AttackArgs<V<B>>) {
        let at = UnitAddr::of(&op.unit);
        let target_at = UnitAddr::of(&op.target);
        let body: Body<V<B>> = cx.access("body", &at.body).read();
        let stats: Stats<V<B>> = cx.access("stats", &at.stats).read();
        let target: Body<V<B>> = cx.access("target_body", &target_at.body).read();
        let target_stats: Stats<V<B>> = cx.access("target_stats", &target_at.stats).read();
        // The rules in order; each flag is 1 where every earlier rule held and this one fails.
        let dead = cx.is_zero("dead", &body.hp);
        let alive = cx.not(&dead);
        let target_dead = cx.is_zero("target_dead", &target.hp);
        let target_dead = cx.materialize("target_dead_first", &(&alive * &target_dead));
        let friendly = cx.is_eq("friendly", &stats.team, &target_stats.team);
        let friendly = cx.materialize("friendly_first", &((&alive - &target_dead) * &friendly));
        let valid = cx.materialize("valid", &(&alive - &target_dead - &friendly));
        cx.access("drive", &at.drive)
            .when(&valid)
            .update(|cx, old: Drive<V<B>>| (Drive { moves: cx.one(), target: &op.target + 1, ..old }, ()));
        let why =
            &dead * reason::NOT_ALIVE + &target_dead * reason::TARGET_NOT_ALIVE + &friendly * reason::TARGET_FRIENDLY;
        reject_if(cx, &(cx.one() - &valid), &op.unit, why);
    }
}

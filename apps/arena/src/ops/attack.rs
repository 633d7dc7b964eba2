//! `Attack` (input): chase an enemy and shoot it.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::reason;
use super::unit::{Checks, UnitAddr};
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
        let mut checks = Checks::new(cx);
        let body: Body<V<B>> = cx.access("body", &at.body).read();
        let stats: Stats<V<B>> = cx.access("stats", &at.stats).read();
        let target: Body<V<B>> = cx.access("target_body", &target_at.body).read();
        let target_stats: Stats<V<B>> = cx.access("target_stats", &target_at.stats).read();
        let dead = cx.is_zero("dead", &body.hp);
        checks.check(cx, "not_alive", &dead, reason::NOT_ALIVE);
        let target_dead = cx.is_zero("target_dead", &target.hp);
        checks.check(cx, "target_not_alive", &target_dead, reason::TARGET_NOT_ALIVE);
        let friendly = cx.is_eq("friendly", &stats.team, &target_stats.team);
        checks.check(cx, "target_friendly", &friendly, reason::TARGET_FRIENDLY);
        let valid = checks.verdict(cx, &op.unit);
        cx.access("drive", &at.drive)
            .when(&valid)
            .update(|cx, old: Drive<V<B>>| (Drive { moves: cx.one(), target: &op.target + 1, ..old }, ()));
    }
}

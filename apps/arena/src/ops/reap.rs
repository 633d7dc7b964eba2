//! `Reap` (internal): one unit killed in this tick leaves the live list (docs/arena.md, "A tick",
//! step 2), and its team and its killer's team are updated; then the next unit of the tick's
//! death list is reaped. The row for the link 0 ends the list and continues into `EndTick`.
//!
//! The live list is doubly linked, so a removal touches only the unit's neighbours: the previous
//! unit's `Drive::next` (or the game's `head`) and the next unit's `Body::prev`.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::end_tick::EndTickArgs;
use super::unit::UnitAddr;
use crate::layout::{Body, Drive, Game, Stats, Team, GAME, TEAMS};

/// Reaps unit `unit` (an id + 1; 0 ends the death list); `rng` passes through to `EndTick`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Reap {
    pub unit: u32,
    pub rng: u32,
}

impl Semantics for Reap {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: ReapArgs<V<B>>) {
        let end = cx.is_zero("end", &op.unit);
        let live = cx.not(&end);
        let at = UnitAddr::linked(&op.unit);
        let body: Body<V<B>> = cx.access("body", &at.body).when(&live).read();
        let drive: Drive<V<B>> = cx.access("drive", &at.drive).when(&live).read();
        let stats: Stats<V<B>> = cx.access("stats", &at.stats).when(&live).read();

        let first = cx.is_zero("first", &body.prev);
        let has_prev = cx.materialize("has_prev", &(&live * cx.not(&first)));
        let prev = UnitAddr::linked(&body.prev);
        cx.access("prev", &prev.drive)
            .when(&has_prev)
            .update(|_, old: Drive<V<B>>| (Drive { next: drive.next.clone(), ..old }, ()));
        cx.access("game", &cx.lit(GAME))
            .when(&(&live - &has_prev))
            .update(|_, old: Game<V<B>>| (Game { head: drive.next.clone(), ..old }, ()));
        let last = cx.is_zero("last", &drive.next);
        let has_next = cx.materialize("has_next", &(&live * cx.not(&last)));
        cx.access("next", &UnitAddr::linked(&drive.next).body)
            .when(&has_next)
            .update(|_, old: Body<V<B>>| (Body { prev: body.prev.clone(), ..old }, ()));

        // The killer is always on another team (attacks on allies are rejected), so the two
        // team words are distinct.
        cx.access("team", &(&stats.team + TEAMS))
            .when(&live)
            .update(|cx, old: Team<V<B>>| (Team { alive: &old.alive - cx.one(), ..old }, ()));
        cx.access("killer", &(&body.killer + TEAMS))
            .when(&live)
            .update(|cx, old: Team<V<B>>| (Team { kills: &old.kills + cx.one(), ..old }, ()));

        cx.call(&live, ReapArgs { unit: body.next_dead.clone(), rng: op.rng.clone() });
        cx.call(&end, EndTickArgs { rng: op.rng });
    }
}

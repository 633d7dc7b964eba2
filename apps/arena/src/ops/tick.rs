//! `Tick` (input): play one tick. It starts the act pass at the head of the live list (or, with
//! no unit left, goes straight to the deaths and the end); once the match is over it is rejected.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::act::ActArgs;
use super::reap::ReapArgs;
use super::reason;
use super::unit::reject_if;
use crate::layout::{Game, GAME};

/// Plays one tick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Opcode)]
pub struct Tick {}

impl Semantics for Tick {
    fn eval<B: Interp>(cx: &mut Cx<B>, _: TickArgs<V<B>>) {
        let game: Game<V<B>> = cx.access("game", &cx.lit(GAME)).read();
        let play = cx.not(&game.over);
        let empty = cx.is_zero("no_unit", &game.head);
        let act = cx.materialize("act", &(&play * (cx.one() - &empty)));
        let zero = cx.zero();
        cx.call(&act, ActArgs { unit: &game.head - 1, rng: game.rng.clone(), dead: zero.clone() });
        cx.call(&(&play - &act), ReapArgs { unit: zero.clone(), rng: game.rng.clone() });
        reject_if(cx, &game.over, &zero, cx.lit(reason::MATCH_OVER));
    }
}

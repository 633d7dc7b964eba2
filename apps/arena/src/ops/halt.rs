//! `Halt` (input, the `Hold` and `Stop` commands): stop walking; `Stop` also forgets the target.
//! One opcode for both, so that they share one chip.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::reason;
use super::unit::{reject_if, UnitAddr};
use crate::layout::{Body, Drive};

/// Orders `unit` to stop walking, and to forget its target if `forget` (`Stop`; else `Hold`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Halt {
    pub unit: u16,
    pub forget: bool,
}

impl Semantics for Halt {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: HaltArgs<V<B>>) {
        let at = UnitAddr::of(&op.unit);
        let body: Body<V<B>> = cx.access("body", &at.body).read();
        let dead = cx.is_zero("dead", &body.hp);
        let alive = cx.not(&dead);
        cx.access("drive", &at.drive).when(&alive).update(|cx, old: Drive<V<B>>| {
            let target = (cx.one() - &op.forget) * &old.target;
            (Drive { moves: cx.zero(), target, ..old }, ())
        });
        reject_if(cx, &dead, &op.unit, cx.lit(reason::NOT_ALIVE));
    }
}

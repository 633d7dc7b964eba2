//! `Halt` (input, the `Hold` and `Stop` commands): stop walking; `Stop` also forgets the target.
//! One opcode for both, so that they share one chip.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::reason;
use super::unit::{Checks, UnitAddr};
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
        let mut checks = Checks::new(cx);
        let body: Body<V<B>> = cx.access("body", &at.body).read();
        let dead = cx.is_zero("dead", &body.hp);
        checks.check(cx, "not_alive", &dead, reason::NOT_ALIVE);
        let valid = checks.verdict(cx, &op.unit);
        cx.access("drive", &at.drive).when(&valid).update(|cx, old: Drive<V<B>>| {
            let target = (cx.one() - &op.forget) * &old.target;
            (Drive { moves: cx.zero(), target, ..old }, ())
        });
    }
}

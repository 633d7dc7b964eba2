//! `MoveTo` (input, the `Move` command): walk towards a point, forgetting the target.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::reason;
use super::unit::{Checks, UnitAddr};
use crate::layout::{Body, Drive};

/// Positions are below `2^21` raw (32 tiles of `2^16`).
const POINT_BITS: u32 = 21;

/// Sends `unit` towards `(x, y)` (raw `I16F16` bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct MoveTo {
    pub unit: u16,
    pub x: i32,
    pub y: i32,
}

impl Semantics for MoveTo {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: MoveToArgs<V<B>>) {
        let at = UnitAddr::of(&op.unit);
        let mut checks = Checks::new(cx);
        let body: Body<V<B>> = cx.access("body", &at.body).read();
        let dead = cx.is_zero("dead", &body.hp);
        checks.check(cx, "not_alive", &dead, reason::NOT_ALIVE);
        // `0 <= x < 2^21`, for an `i32` operand: shifted by `2^31`, it is below `2^31 + 2^21`.
        let shift = 1u64 << 31;
        let limit = cx.lit(shift + (1 << POINT_BITS));
        let x_ok = cx.lt("x_ok", &(&op.x + shift), &limit, 32);
        let y_ok = cx.lt("y_ok", &(&op.y + shift), &limit, 32);
        checks.check(cx, "bad_point", &(cx.one() - &x_ok * &y_ok), reason::BAD_POINT);
        let valid = checks.verdict(cx, &op.unit);
        cx.access("drive", &at.drive).when(&valid).update(|cx, old: Drive<V<B>>| {
            let new = Drive { moves: cx.one(), dest_x: op.x.clone(), dest_y: op.y.clone(), target: cx.zero(), ..old };
            (new, ())
        });
    }
}

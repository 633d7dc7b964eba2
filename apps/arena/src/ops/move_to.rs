//! `MoveTo` (input, the `Move` command): walk towards a point, forgetting the target.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::reason;
use super::unit::{reject_if, UnitAddr};
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
        let body: Body<V<B>> = cx.access("body", &at.body).read();
        let dead = cx.is_zero("dead", &body.hp);
        // `0 <= x < 2^21`, for an `i32` operand: shifted by `2^31`, it is below `2^31 + 2^21`.
        let shift = 1u64 << 31;
        let limit = cx.lit(shift + (1 << POINT_BITS));
        let x_ok = cx.lt("x_ok", &(&op.x + shift), &limit, 32);
        let y_ok = cx.lt("y_ok", &(&op.y + shift), &limit, 32);
        let point_ok = cx.materialize("point_ok", &(&x_ok * &y_ok));
        let alive = cx.not(&dead);
        let valid = cx.materialize("valid", &(&alive * &point_ok));
        cx.access("drive", &at.drive).when(&valid).update(|cx, old: Drive<V<B>>| {
            let new = Drive { moves: cx.one(), dest_x: op.x.clone(), dest_y: op.y.clone(), target: cx.zero(), ..old };
            (new, ())
        });
        let why = &dead * reason::NOT_ALIVE + (&alive - &valid) * reason::BAD_POINT;
        reject_if(cx, &(cx.one() - &valid), &op.unit, why);
    }
}

//! `Reject` (internal): an order whose operands break a rule of the spec's table (`BadMarket` to
//! `BelowMinimum`). `PlaceLimit` and `PlaceMarket` assert those rules under a hinted bit and hand
//! the order here when the bit is 0; this row evaluates the same rules ([`order_rules`]) as flags,
//! must find one that fails, and emits `Rejected` with the first. So the hint cannot lie: a valid
//! order has no failing rule to find, and an invalid one fails an assertion in the first row.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::place_limit::{order_rules, LimitOrder, NewOrder};
use super::validate::Checks;
use crate::types::EventKind;
use crate::wire::{self, Rejected};

/// The rejection of an order with invalid operands (a market order's `tif` is IOC's code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Reject {
    /// The order's operands.
    #[operands(flatten)]
    pub order: LimitOrder,
}

impl Semantics for Reject {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: RejectArgs<V<B>>) {
        let mut checks = Checks::new(cx);
        order_rules(cx, &mut checks, &NewOrder::limit(op.order));
        cx.assert_zero("some_rule_fails", &checks.pass());
        cx.output(Rejected { kind: wire::kind(cx, EventKind::Rejected), reason: checks.reason() });
    }
}

//! `Reject` (internal): an order whose operands break a rule of the spec's table (`BadMarket` to
//! `BelowMinimum`). `PlaceLimit` and `PlaceMarket` assert those rules under a hinted bit and hand
//! the order here when the bit is 0; this row evaluates the same rules ([`order_rules`]) as flags,
//! must find one that fails, and emits `Rejected` with the first. So the hint cannot lie: a valid
//! order has no failing rule to find, and an invalid one fails an assertion in the first row.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::place_limit::{order_rules, Order};
use super::validate::Flags;
use crate::types::EventKind;

/// The rejection of an order with invalid operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Reject {
    /// The trader.
    pub account: u32,
    /// The market.
    pub market: u32,
    /// 0 buy, 1 sell.
    pub side: u32,
    /// Limit price.
    pub price: u32,
    /// Quantity.
    pub qty: u32,
    /// Time in force code (1, IOC, for a market order).
    pub tif: u32,
    /// Self-trade prevention code.
    pub stp: u32,
}

impl Semantics for Reject {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: RejectArgs<V<B>>) {
        let order = Order {
            account: op.account,
            market: op.market,
            side: op.side,
            price: op.price,
            qty: op.qty,
            tif: Some(op.tif),
            stp: op.stp,
        };
        let mut flags = Flags::new(cx);
        order_rules(cx, &mut flags, &order);
        cx.assert_zero(appvm::Name::new("some_rule_fails"), &flags.checks.pass());
        let rejected = cx.lit(EventKind::Rejected.code().into());
        cx.output(&[rejected, flags.checks.reason()]);
    }
}

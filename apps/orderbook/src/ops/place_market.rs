//! `PlaceMarket`: exactly `PlaceLimit { price: worst_price, tif: IOC, .. }` (see `place_limit.rs`).

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::place_limit::{place, NewOrder};

/// A market order: IOC up to `worst_price`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct PlaceMarket {
    /// The trader.
    pub account: u32,
    /// The market.
    pub market: u32,
    /// 0 buy, 1 sell.
    pub side: u32,
    /// Quantity.
    pub qty: u32,
    /// The worst price it accepts (its limit).
    pub worst_price: u32,
    /// Self-trade prevention code.
    pub stp: u32,
}

impl Semantics for PlaceMarket {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: PlaceMarketArgs<V<B>>) {
        let order = NewOrder {
            account: op.account,
            market: op.market,
            side: op.side,
            price: op.worst_price,
            qty: op.qty,
            tif: None,
            stp: op.stp,
        };
        place(cx, &order);
    }
}

//! `Settle` (internal): the end of a taker's matching. Settles the taker's and the fee account's
//! balances from the sums `Match` accumulated, then ends the order: `Filled` if nothing remains,
//! `StpCancelled` if self-trade prevention stopped it, a call to `Rest` if it rests (GTC,
//! PostOnly), `Cancelled` otherwise (IOC, FOK, or a `Rest` that found no level record left).
//!
//! With `filled = qty - remaining` and the remainder `cancelled` (0 or `remaining`), the taker's
//! lock releases `filled + cancelled` units of collateral (at its own price for a buy). A buyer
//! gets `price * filled - notional` back as price improvement plus the cancelled part, and receives
//! `filled - fees` base; a seller gets the cancelled part back and receives `notional - fees`
//! quote. The fee account receives the buyer's fees in base and the seller's in quote.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::rest::call_rest;
use crate::types::{EventKind, FEE_ACCOUNT};

/// The end of a taker order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Settle {
    /// The taker's id.
    pub order: u32,
    /// The taker's account.
    pub account: u32,
    /// Market bit.
    pub market: u32,
    /// Side bit.
    pub side: u32,
    /// The taker's limit.
    pub limit: u64,
    /// The quantity the order had when it came to this row's settlement (`qty - remaining` has
    /// traded since).
    pub qty: u32,
    /// Open quantity.
    pub remaining: u32,
    /// Self-trade prevention cancelled the taker.
    pub stopped: bool,
    /// The remainder rests (GTC, PostOnly).
    pub rests: bool,
    /// Sum of the trades' notionals.
    pub notional: u64,
    /// The taker's fees.
    pub taker_fees: u64,
    /// The makers' fees.
    pub maker_fees: u64,
}

impl Semantics for Settle {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: SettleArgs<V<B>>) {
        let books = Books::new(cx, &op.market, &op.side);
        let cfg = Market::new(cx, &op.market);
        let s = &op.side;
        let not_s = cx.not(s);

        let done = cx.is_zero("taker_filled", &op.remaining);
        let open = cx.not(&done);
        let rest = cx.materialize("rest", &(&open * (cx.one() - &op.stopped) * &op.rests));
        let cancelled = cx.materialize("cancelled_qty", &((&open - &rest) * &op.remaining));
        let filled = &op.qty - &op.remaining;

        // Collateral released: units for a sell, units at the taker's own price for a buy.
        let price = cx.materialize("price", &books.opposite_price(&op.limit));
        let units = &filled + &cancelled;
        let value = cx.materialize("released_value", &(&price * &units));
        let released = cx.materialize("released", &(&units + &not_s * (&value - &units)));
        let paid = &filled + &not_s * (&op.notional - &filled);
        let received = &op.notional + &not_s * (&filled - &op.notional);

        let collateral = balances::addr(&op.account, &books.collateral_asset(&cfg));
        balances::adjust(cx, "collateral_balance", None, &collateral, |_, _, _| (&released - &paid, -&released));
        let receive = balances::addr(&op.account, &books.receive_asset(&cfg));
        balances::adjust(cx, "receive_balance", None, &receive, |cx, _, _| (&received - &op.taker_fees, cx.zero()));

        let fee_account = cx.lit(FEE_ACCOUNT.into());
        let base_fees = &op.taker_fees + s * (&op.maker_fees - &op.taker_fees);
        let quote_fees = &op.maker_fees + s * (&op.taker_fees - &op.maker_fees);
        let fee_base = balances::addr(&fee_account, &cfg.base);
        balances::adjust(cx, "fee_base", None, &fee_base, |cx, _, _| (base_fees, cx.zero()));
        let fee_quote = balances::addr(&fee_account, &cfg.quote);
        balances::adjust(cx, "fee_quote", None, &fee_quote, |cx, _, _| (quote_fees, cx.zero()));

        // The last event: Filled, StpCancelled or Cancelled; or resting.
        let (filled_kind, stp_kind, cancel_kind) = (
            u64::from(EventKind::Filled.code()),
            u64::from(EventKind::StpCancelled.code()),
            u64::from(EventKind::Cancelled.code()),
        );
        let ends = cx.not(&rest);
        let stopped = &open * &op.stopped;
        let kind = &done * filled_kind + &stopped * stp_kind + (&open - &stopped - &rest) * cancel_kind;
        cx.output_if(&ends, &[kind, op.order.clone(), &ends * &op.remaining]);
        call_rest(cx, &rest, &books, [&op.order, &op.account, &op.market, &op.side, &op.limit, &op.remaining]);
    }
}

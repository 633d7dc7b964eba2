//! `Settle` (internal): the end of a taker's matching. Settles the taker's and the fee account's
//! balances from the sums `Match` accumulated, then ends the order: `Filled` if nothing remains,
//! `StpCancelled` if self-trade prevention stopped it, a call to `Rest` if it rests (GTC,
//! PostOnly), `Cancelled` otherwise (IOC, FOK, or a `NewLevel` that found no level record left).
//! An order that ends pushes its slot on the free list, after the pushes of the makers `Match`
//! removed: `Match` carries both free-list heads in its operands and this row writes them back.
//!
//! With `filled = qty - remaining` and the remainder `cancelled` (0 or `remaining`), the taker's
//! lock releases `filled + cancelled` units of collateral (at its own price for a buy). A buyer
//! gets `price * filled - notional` back as price improvement plus the cancelled part, and receives
//! `filled - fees` base; a seller gets the cancelled part back and receives `notional - fees`
//! quote. The fee account receives the buyer's fees in base and the seller's in quote.

use appvm::{Cx, Interp, Name, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::rest::call_rest;
use super::slots::{self, SLOT_BITS};
use crate::layout::{self, counters, order};
use crate::types::{order_slot, EventKind, FEE_ACCOUNT};

/// The end of a taker order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Settle {
    /// The taker's id.
    pub order: u64,
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
    /// The top of the free slot list, as the rows before left it.
    pub free_slot: u32,
    /// The top of the free level list, likewise.
    pub free_level: u32,
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

        // The free lists as `Match` left them; an order that ends pushes its slot. The slot is
        // hinted and pinned by the id: `order = slot + SLOTS * generation` with `slot < 2^16` and
        // the slot's generation below 2^47 is an equation between integers below 2^63 < p, so
        // only the order's own slot satisfies it.
        let slot = cx.hint_u64(Name::new("slot"), |w| order_slot(w.u64(&op.order)));
        cx.range(Name::new("slot"), &slot, SLOT_BITS);
        cx.update_word("slot", &slots::order_addr(&slot), |cx, old| {
            cx.assert_eq("slot_holds_order", &op.order, &slots::order_id(&slot, &old[order::GENERATION]));
            let mut new = old.to_vec();
            new[order::NEXT] = cx.select(&ends, &op.free_slot, &old[order::NEXT]);
            new
        });
        let counters_addr = cx.lit(layout::COUNTERS);
        cx.update_lanes("counters", &counters_addr, counters::LANES, |cx, old| {
            let mut new = old.to_vec();
            new[counters::FREE_SLOT] = cx.select(&ends, &slot, &op.free_slot);
            new[counters::FREE_LEVEL] = op.free_level.clone();
            new
        });
        let args = [&op.order, &slot, &op.account, &op.market, &op.side, &op.limit, &op.remaining];
        call_rest(cx, &rest, &books, args);
    }
}

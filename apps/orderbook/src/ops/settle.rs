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

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::rest::{call_rest, RestingArgs};
use super::slots::{self, SLOT_BITS};
use super::taker::Taker;
use crate::layout::{self, Balance, Counters, Order};
use crate::types::{order_slot, EventKind, FEE_ACCOUNT};
use crate::wire::Remaining;

/// The end of a taker order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Settle {
    /// The taker, with the sums and free-list heads the rows before left.
    #[operands(flatten)]
    pub taker: Taker,
    /// Self-trade prevention cancelled the taker.
    pub stopped: bool,
}

impl Semantics for Settle {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: SettleArgs<V<B>>) {
        let t = &op.taker;
        let books = Books::new(cx, &t.market, &t.side);
        let cfg = Market::new(cx, &t.market);
        let s = &t.side;
        let not_s = cx.not(s);

        let done = cx.is_zero("taker_filled", &t.remaining);
        let open = cx.not(&done);
        let rest = cx.materialize("rest", &(&open * (cx.one() - &op.stopped) * &t.rests));
        let cancelled = cx.materialize("cancelled_qty", &((&open - &rest) * &t.remaining));
        let filled = &t.qty - &t.remaining;

        // Collateral released: units for a sell, units at the taker's own price for a buy.
        let price = cx.materialize("price", &books.opposite_price(&t.limit));
        let units = &filled + &cancelled;
        let value = cx.materialize("released_value", &(&price * &units));
        let released = cx.materialize("released", &(&units + &not_s * (&value - &units)));
        let paid = &filled + &not_s * (&t.notional - &filled);
        let received = &t.notional + &not_s * (&filled - &t.notional);

        let collateral = balances::addr(&t.account, &books.collateral_asset(&cfg));
        balances::adjust(cx, "collateral_balance", None, &collateral, |_, _| {
            (Balance { available: &released - &paid, locked: -&released }, ())
        });
        let receive = balances::addr(&t.account, &books.receive_asset(&cfg));
        balances::adjust(cx, "receive_balance", None, &receive, |cx, _| {
            (Balance { available: &received - &t.taker_fees, locked: cx.zero() }, ())
        });

        let fee_account = cx.lit(FEE_ACCOUNT.into());
        let base_fees = &t.taker_fees + s * (&t.maker_fees - &t.taker_fees);
        let quote_fees = &t.maker_fees + s * (&t.taker_fees - &t.maker_fees);
        let fee_base = balances::addr(&fee_account, &cfg.base);
        balances::adjust(cx, "fee_base", None, &fee_base, |cx, _| {
            (Balance { available: base_fees, locked: cx.zero() }, ())
        });
        let fee_quote = balances::addr(&fee_account, &cfg.quote);
        balances::adjust(cx, "fee_quote", None, &fee_quote, |cx, _| {
            (Balance { available: quote_fees, locked: cx.zero() }, ())
        });

        // The last event: Filled (nothing remains), StpCancelled or Cancelled; or resting.
        let (filled_kind, stp_kind, cancel_kind) = (
            u64::from(EventKind::Filled.code()),
            u64::from(EventKind::StpCancelled.code()),
            u64::from(EventKind::Cancelled.code()),
        );
        let ends = cx.not(&rest);
        let stopped = &open * &op.stopped;
        let kind = &done * filled_kind + &stopped * stp_kind + (&open - &stopped - &rest) * cancel_kind;
        cx.output_if(&ends, Remaining { kind, order: t.order.clone(), remaining: &ends * &t.remaining });

        // The free lists as `Match` left them; an order that ends pushes its slot. The slot is
        // hinted and pinned by the id: `order = slot + SLOTS * generation` with `slot < 2^16` and
        // the slot's generation below 2^47 is an equation between integers below 2^63 < p, so
        // only the order's own slot satisfies it.
        let slot = cx.hint_u64("slot", |w| order_slot(w.u64(&t.order)));
        cx.range("slot", &slot, SLOT_BITS);
        cx.access("slot", &slots::order_addr(&slot)).update(|cx, old: Order<V<B>>| {
            cx.assert_eq("slot_holds_order", &t.order, &slots::order_id(&slot, &old.generation));
            let next = cx.select(&ends, &t.free_slot, &old.next);
            (Order { next, ..old }, ())
        });
        let counters_addr = cx.lit(layout::COUNTERS);
        cx.access("counters", &counters_addr).update(|cx, _: Counters<V<B>>| {
            (Counters { free_slot: cx.select(&ends, &slot, &t.free_slot), free_level: t.free_level.clone() }, ())
        });
        let resting = RestingArgs {
            order: t.order.clone(),
            slot,
            account: t.account.clone(),
            market: t.market.clone(),
            side: t.side.clone(),
            limit: t.limit.clone(),
            remaining: t.remaining.clone(),
        };
        call_rest(cx, &rest, &books, resting);
    }
}

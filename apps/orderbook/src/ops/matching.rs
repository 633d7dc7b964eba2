//! `Match` (internal): one step of a taker against the oldest order of the best opposite level.
//!
//! The row's `level` operand is the best opposite level, and it crosses: the header named it to
//! the first row (PlaceLimit or FokWalk read it), and a row that empties its level hands the
//! successor to `LevelOut`, which writes it into the header and checks that it crosses.
//! The maker is the level's `head`, so every step takes the oldest order at the best price:
//! price-time priority, given that books are sorted and queues are FIFO (see `rest.rs`).
//!
//! A step is either a fill of `min(remaining, maker remaining)` at the maker's price, or, when the
//! maker belongs to the taker's account, self-trade prevention (the maker is removed for `stp`
//! 0 or 2; the taker stops for 1 or 2). The maker's balances are settled here; the taker's, and
//! the fee account's, are accumulated in the operands and settled once by `Settle`. Then the row
//! continues with `Match` at the same level while the taker has quantity and is not stopped (the
//! level still crosses: its price has not moved), with `LevelOut` if the level emptied, else with
//! `Settle`.
//!
//! A maker that leaves (filled or STP-cancelled) pushes its slot on the free slot list, and an
//! emptied level its record on the free level list. Both list heads travel in the operands rather
//! than being read from the counters word each step: `Settle` writes them back (no row reads the
//! counters word in between; see `docs/orderbook-vm.md`).

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::balances;
use super::market::{Books, Market};
use super::slots;
use super::validate::fee;
use crate::layout::{self, level, order};
use crate::types::EventKind;

/// One matching step of a taker order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Match {
    /// The taker's id.
    pub order: u64,
    /// The taker's account.
    pub account: u32,
    /// Market bit.
    pub market: u32,
    /// Taker side bit.
    pub side: u32,
    /// The taker's limit (its price as a key of the opposite book).
    pub limit: u64,
    /// The taker's open quantity (positive).
    pub remaining: u32,
    /// The taker's original quantity.
    pub qty: u32,
    /// STP: cancel the maker.
    pub stp_maker: bool,
    /// STP: cancel the taker.
    pub stp_taker: bool,
    /// The remainder rests (GTC, PostOnly).
    pub rests: bool,
    /// The best opposite level, which crosses.
    pub level: u32,
    /// Sum of the taker's trade notionals so far.
    pub notional: u64,
    /// The taker's fees so far (in the asset it receives).
    pub taker_fees: u64,
    /// The makers' fees so far (in the asset the taker pays).
    pub maker_fees: u64,
    /// The top of the free slot list (`counters` is written back by `Settle`).
    pub free_slot: u32,
    /// The top of the free level list (likewise).
    pub free_level: u32,
}

/// Bits of a fee on a base quantity: `qty * bps < 2^32 * 10000`.
const BASE_FEE_BITS: u32 = 32;
/// Bits of a fee on a notional: `price * qty * bps < 2^56 * 10000`.
const QUOTE_FEE_BITS: u32 = 48;

impl Semantics for Match {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: MatchArgs<V<B>>) {
        let books = Books::new(cx, &op.market, &op.side);
        let cfg = Market::new(cx, &op.market);
        let s = &op.side;
        let level_addr = &op.level + layout::LEVELS;

        // The level, its head order (the maker) and the step. A maker that leaves is pushed on the
        // free slot list, a level that empties on the free level list: both heads are carried in
        // the operands, and their records' `next` lanes link them.
        let mut step = None;
        let lvl = cx.update_word("level", &level_addr, |cx, lvl| {
            let maker_slot = lvl[level::HEAD].clone();
            let mut inner = None;
            cx.update_word("maker", &slots::order_addr(&maker_slot), |cx, maker| {
                let st = Step::new(cx, &op, &books, &maker_slot, maker);
                let mut new = maker.to_vec();
                new[order::REMAINING] = &maker[order::REMAINING] - &st.consumed;
                new[order::NEXT] = cx.select(&st.maker_out, &op.free_slot, &st.maker_next);
                inner = Some(st);
                new
            });
            let Some(st) = inner else { return lvl.to_vec() };
            let total = &lvl[level::TOTAL] - &st.consumed;
            let level_out = cx.is_zero("level_out", &total);
            let head = cx.select(&st.maker_out, &st.maker_next, &lvl[level::HEAD]);
            let next = cx.select(&level_out, &op.free_level, &lvl[level::NEXT]);
            step = Some((st, level_out));
            vec![total, lvl[level::KEY].clone(), head, next]
        });
        let Some((st, level_out)) = step else { return };

        // Price and fees. Each side pays its fee in the asset it receives: the buyer in base on
        // the quantity, the seller in quote on the notional. The taker is the buyer iff s = 0.
        let price = cx.materialize("price", &books.opposite_price(&lvl[level::KEY]));
        let released = cx.materialize("released_value", &(&price * &st.consumed));
        let notional = cx.materialize("trade_notional", &(&st.trade * &released));
        let buyer_bps = cx.materialize("buyer_bps", &(&cfg.taker_bps + s * (&cfg.maker_bps - &cfg.taker_bps)));
        let seller_bps = cx.materialize("seller_bps", &(&cfg.maker_bps + s * (&cfg.taker_bps - &cfg.maker_bps)));
        let base_fee = fee(cx, "base_fee", &st.fill, &buyer_bps, BASE_FEE_BITS);
        let quote_fee = fee(cx, "quote_fee", &notional, &seller_bps, QUOTE_FEE_BITS);
        // Materialised so the events and the calls carry degree-1 fields (see `docs/statement.md`:
        // the calls then share the row's exit column, the two events one LogUp column).
        let taker_fee = cx.materialize("taker_fee", &(&base_fee + s * (&quote_fee - &base_fee)));
        let maker_fee = &quote_fee + &base_fee - &taker_fee;

        // The maker's balances. A selling maker (s = 0) gives `consumed` base out of its lock
        // (back to available if it was an STP cancel) and receives the notional less its fee; a
        // buying maker gives `price * consumed` quote out of its lock (its own price: nothing to
        // refund) and receives the fill less its fee.
        let not_s = cx.not(s);
        let stp_released = &st.consumed - &st.fill;
        let base = balances::addr(&st.owner, &cfg.base);
        balances::adjust(cx, "maker_base", None, &base, |_, _, _| {
            (&not_s * &stp_released + s * (&st.fill - &base_fee), -(&not_s * &st.consumed))
        });
        let quote = balances::addr(&st.owner, &cfg.quote);
        balances::adjust(cx, "maker_quote", None, &quote, |_, _, _| {
            (&not_s * (&notional - &quote_fee) + s * (&released - &notional), -(s * &released))
        });

        // Events: the trade, then the maker leaving (filled, or cancelled by STP).
        let trade = u64::from(EventKind::Trade.code());
        let trade_fields = [
            cx.lit(trade),
            st.maker_id.clone(),
            op.order.clone(),
            price.clone(),
            st.fill.clone(),
            maker_fee.clone(),
            taker_fee.clone(),
        ];
        cx.output_if(&st.trade, &trade_fields);
        let (filled, stp) = (u64::from(EventKind::Filled.code()), u64::from(EventKind::StpCancelled.code()));
        let leave_kind = &st.trade * filled + &st.own * stp;
        // What an STP-cancelled maker had left: `consumed - fill` is its remainder when it is
        // cancelled and 0 on a trade, the same as `own * maker_remaining` whenever it leaves.
        cx.output_if(&st.maker_out, &[leave_kind, st.maker_id.clone(), &st.consumed - &st.fill]);

        // Continue at the same level while the taker has quantity and is not stopped (a level that
        // did not empty still crosses: its price has not moved); an emptied level goes to
        // `LevelOut`, which moves to its successor; else `Settle`.
        let remaining = &op.remaining - &st.fill;
        let done = cx.is_zero("taker_filled", &remaining);
        let stopped = cx.materialize("taker_stopped", &(&st.own * &op.stp_taker));
        let open = cx.materialize("open", &((cx.one() - &done) * (cx.one() - &stopped)));
        let more = cx.materialize("more", &(&open * (cx.one() - &level_out)));
        let finish = cx.one() - &more - &level_out;

        let notional_sum = &op.notional + &notional;
        let taker_fees = &op.taker_fees + &taker_fee;
        let maker_fees = &op.maker_fees + &maker_fee;
        let free_slot = cx.materialize("free_slot_after", &cx.select(&st.maker_out, &st.maker_slot, &op.free_slot));
        let args = [
            &op.order,
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &remaining,
            &op.qty,
            &op.stp_maker,
            &op.stp_taker,
            &op.rests,
            &op.level,
            &notional_sum,
            &taker_fees,
            &maker_fees,
            &free_slot,
            &op.free_level,
        ];
        cx.call_by_name(&more, "Match", &args.map(V::clone));
        // The emptied level was pushed on the free level list (its `next` lane now links the
        // list), so it is the new top; its old `next` is the successor.
        let args = [
            &op.order,
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &remaining,
            &op.qty,
            &op.stp_maker,
            &op.stp_taker,
            &op.rests,
            &lvl[level::NEXT],
            &notional_sum,
            &taker_fees,
            &maker_fees,
            &free_slot,
            &op.level,
            &stopped,
            &open,
        ];
        cx.call_by_name(&level_out, "LevelOut", &args.map(V::clone));
        let args = [
            &op.order,
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &op.qty,
            &remaining,
            &stopped,
            &op.rests,
            &notional_sum,
            &taker_fees,
            &maker_fees,
            &free_slot,
            &op.free_level,
        ];
        cx.call_by_name(&finish, "Settle", &args.map(V::clone));
    }
}

/// What one step does to the maker, decided from the maker's order word.
#[derive(Debug)]
struct Step<B: Interp> {
    /// The maker's slot.
    maker_slot: V<B>,
    /// The maker's id.
    maker_id: V<B>,
    /// The maker's account.
    owner: V<B>,
    /// The next order of the level.
    maker_next: V<B>,
    /// 1 if the maker is the taker's own order.
    own: V<B>,
    /// `1 - own`: a trade happens.
    trade: V<B>,
    /// Traded quantity (0 on a self-trade).
    fill: V<B>,
    /// Quantity the maker loses: the fill, or its whole remainder when STP cancels it.
    consumed: V<B>,
    /// The maker leaves the book.
    maker_out: V<B>,
}

impl<B: Interp> Step<B> {
    fn new(cx: &mut Cx<B>, op: &MatchArgs<V<B>>, books: &Books<B>, maker_slot: &V<B>, maker: &[V<B>]) -> Self {
        // The maker rests on the opposite book at this level: its place lane holds the owner and
        // those two, so the owner is linear in it.
        let zero = cx.zero();
        let owner = &maker[order::PLACE] - slots::place(&zero, &books.opposite(), &op.level);
        let own = cx.is_eq("self_trade", &owner, &op.account);
        let trade = cx.not(&own);
        let maker_remaining = maker[order::REMAINING].clone();
        let smaller = cx.min("match_qty", &op.remaining, &maker_remaining, 32);
        let smaller = cx.materialize("match_qty", &smaller);
        let fill = cx.materialize("fill", &(&trade * &smaller));
        let cancel_maker = cx.materialize("stp_cancel_maker", &(&own * &op.stp_maker));
        let consumed = cx.materialize("consumed", &(&fill + &cancel_maker * &maker_remaining));
        let maker_out = cx.is_zero("maker_out", &(&maker_remaining - &consumed));
        Self {
            maker_slot: maker_slot.clone(),
            maker_id: slots::order_id(maker_slot, &maker[order::GENERATION]),
            owner,
            maker_next: maker[order::NEXT].clone(),
            own,
            trade,
            fill,
            consumed,
            maker_out,
        }
    }
}

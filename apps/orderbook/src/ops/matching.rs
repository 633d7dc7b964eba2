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
use super::level_out::LevelOutArgs;
use super::market::{Books, Market};
use super::settle::SettleArgs;
use super::slots;
use super::taker::{StpFlags, Taker, TakerArgs};
use crate::layout::{self, Balance, Level, Order};
use crate::types::EventKind;
use crate::wire::{self, Remaining, Trade};

/// One matching step of a taker order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Match {
    /// The taker (its open quantity is positive).
    #[operands(flatten)]
    pub taker: Taker,
    /// Its self-trade prevention.
    #[operands(flatten)]
    pub stp: StpFlags,
    /// The best opposite level, which crosses.
    pub level: u32,
}

/// Bits of a fee on a base quantity: `qty * bps < 2^32 * 10000`.
const BASE_FEE_BITS: u32 = 32;
/// Bits of a fee on a notional: `price * qty * bps < 2^56 * 10000`.
const QUOTE_FEE_BITS: u32 = 48;

impl Semantics for Match {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: MatchArgs<V<B>>) {
        let t = &op.taker;
        let books = Books::new(cx, &t.market, &t.side);
        let cfg = Market::new(cx, &t.market);
        let s = &t.side;
        let level_addr = &op.level + layout::LEVELS;

        // The level, its head order (the maker) and the step. A maker that leaves is pushed on the
        // free slot list, a level that empties on the free level list: both heads are carried in
        // the operands, and their records' `next` lanes link them.
        let (st, level_out, lvl) = cx.access("level", &level_addr).update(|cx, lvl: Level<V<B>>| {
            let maker_slot = lvl.head.clone();
            let st = cx.access("maker", &slots::order_addr(&maker_slot)).update(|cx, maker: Order<V<B>>| {
                let st = Step::new(cx, &op, &books, &maker_slot, &maker);
                let next = cx.select(&st.maker_out, &t.free_slot, &st.maker_next);
                (Order { remaining: &maker.remaining - &st.consumed, next, ..maker }, st)
            });
            let total = &lvl.total - &st.consumed;
            let level_out = cx.is_zero("level_out", &total);
            let head = cx.select(&st.maker_out, &st.maker_next, &lvl.head);
            let next = cx.select(&level_out, &t.free_level, &lvl.next);
            (Level { total, head, next, ..lvl.clone() }, (st, level_out, lvl))
        });

        // Price and fees. Each side pays its fee in the asset it receives: the buyer in base on
        // the quantity, the seller in quote on the notional. The taker is the buyer iff s = 0.
        let price = cx.materialize("price", &books.opposite_price(&lvl.key));
        let released = cx.materialize("released_value", &(&price * &st.consumed));
        let notional = cx.materialize("trade_notional", &(&st.trade * &released));
        let buyer_bps = cx.materialize("buyer_bps", &(&cfg.taker_bps + s * (&cfg.maker_bps - &cfg.taker_bps)));
        let seller_bps = cx.materialize("seller_bps", &(&cfg.maker_bps + s * (&cfg.taker_bps - &cfg.maker_bps)));
        let base_fee = cx.fee("base_fee", &st.fill, &buyer_bps, BASE_FEE_BITS);
        let quote_fee = cx.fee("quote_fee", &notional, &seller_bps, QUOTE_FEE_BITS);
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
        balances::adjust(cx, "maker_base", None, &base, |_, _| {
            let available = &not_s * &stp_released + s * (&st.fill - &base_fee);
            (Balance { available, locked: -(&not_s * &st.consumed) }, ())
        });
        let quote = balances::addr(&st.owner, &cfg.quote);
        balances::adjust(cx, "maker_quote", None, &quote, |_, _| {
            let available = &not_s * (&notional - &quote_fee) + s * (&released - &notional);
            (Balance { available, locked: -(s * &released) }, ())
        });

        // Events: the trade, then the maker leaving (filled, or cancelled by STP).
        let trade = Trade {
            kind: wire::kind(cx, EventKind::Trade),
            maker: st.maker_id.clone(),
            taker: t.order.clone(),
            price: price.clone(),
            qty: st.fill.clone(),
            maker_fee: maker_fee.clone(),
            taker_fee: taker_fee.clone(),
        };
        cx.output_if(&st.trade, trade);
        let (filled, stp) = (u64::from(EventKind::Filled.code()), u64::from(EventKind::StpCancelled.code()));
        // What an STP-cancelled maker had left: `consumed - fill` is its remainder when it is
        // cancelled and 0 on a trade (a `Filled`), the same as `own * maker_remaining` whenever it
        // leaves.
        let leave =
            Remaining { kind: &st.trade * filled + &st.own * stp, order: st.maker_id.clone(), remaining: stp_released };
        cx.output_if(&st.maker_out, leave);

        // Continue at the same level while the taker has quantity and is not stopped (a level that
        // did not empty still crosses: its price has not moved); an emptied level goes to
        // `LevelOut`, which moves to its successor; else `Settle`.
        let remaining = &t.remaining - &st.fill;
        let done = cx.is_zero("taker_filled", &remaining);
        let stopped = cx.materialize("taker_stopped", &(&st.own * &op.stp.stp_taker));
        let open = cx.materialize("open", &((cx.one() - &done) * (cx.one() - &stopped)));
        let more = cx.materialize("more", &(&open * (cx.one() - &level_out)));
        let finish = cx.one() - &more - &level_out;

        let free_slot = cx.materialize("free_slot_after", &cx.select(&st.maker_out, &st.maker_slot, &t.free_slot));
        let taker = TakerArgs {
            remaining,
            notional: &t.notional + &notional,
            taker_fees: &t.taker_fees + &taker_fee,
            maker_fees: &t.maker_fees + &maker_fee,
            free_slot,
            ..t.clone()
        };
        cx.call(&more, MatchArgs { taker: taker.clone(), ..op.clone() });
        // The emptied level was pushed on the free level list (its `next` lane now links the
        // list), so it is the new top; its old `next` is the successor.
        let emptied = TakerArgs { free_level: op.level.clone(), ..taker.clone() };
        let stp = op.stp.clone();
        cx.call(&level_out, LevelOutArgs { taker: emptied, stp, level: lvl.next, stopped: stopped.clone(), open });
        cx.call(&finish, SettleArgs { taker, stopped });
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
    fn new(cx: &mut Cx<B>, op: &MatchArgs<V<B>>, books: &Books<B>, maker_slot: &V<B>, maker: &Order<V<B>>) -> Self {
        // The maker rests on the opposite book at this level: its place lane holds the owner and
        // those two, so the owner is linear in it.
        let zero = cx.zero();
        let owner = &maker.place - slots::place(&zero, &books.opposite(), &op.level);
        let own = cx.is_eq("self_trade", &owner, &op.taker.account);
        let trade = cx.not(&own);
        let maker_remaining = maker.remaining.clone();
        let smaller = cx.min("match_qty", &op.taker.remaining, &maker_remaining, 32);
        let smaller = cx.materialize("match_qty", &smaller);
        let fill = cx.materialize("fill", &(&trade * &smaller));
        let cancel_maker = cx.materialize("stp_cancel_maker", &(&own * &op.stp.stp_maker));
        let consumed = cx.materialize("consumed", &(&fill + &cancel_maker * &maker_remaining));
        let maker_out = cx.is_zero("maker_out", &(&maker_remaining - &consumed));
        Self {
            maker_slot: maker_slot.clone(),
            maker_id: slots::order_id(maker_slot, &maker.generation),
            owner,
            maker_next: maker.next.clone(),
            own,
            trade,
            fill,
            consumed,
            maker_out,
        }
    }
}

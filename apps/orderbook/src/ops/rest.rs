//! `Rest` (internal): the taker's remainder joins the tail of its price level, which is on the
//! book. `NewLevel` handles the other case; the row that ends the taker's matching picks one with
//! [`call_rest`], and each of the two proves its case, so the pick is checked.
//!
//! The prover names the level (`at`) and its youngest order (`tail`). The level must be live
//! (`total > 0`) and have exactly the order's key; keys of different books never collide, so it
//! is the order's level. The tail must be live, at that level, and have no successor: live orders
//! are exactly the queued ones (a free slot has remaining 0, whatever its links), so it is the
//! tail. Appending there keeps the queue FIFO. The order keeps the slot it was given on acceptance.

use appvm::{Cx, Interp, Name, Opcode, Semantics, V};

use super::market::Books;
use super::peek::Peek;
use super::slots::{self, SLOT_BITS};
use super::validate::assert_nonzero_if;
use crate::layout::{self, level, order};
use crate::types::{EventKind, ACCOUNTS};

/// Rest a taker's remainder at its existing price level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Rest {
    /// The order's id.
    pub order: u64,
    /// Its slot (taken from the free list when it was accepted).
    pub slot: u32,
    /// Its account.
    pub account: u32,
    /// Market bit.
    pub market: u32,
    /// Side bit.
    pub side: u32,
    /// Its limit (its price as a key of the opposite book).
    pub limit: u64,
    /// The quantity that rests (positive).
    pub remaining: u32,
}

/// Continues, when `go` is 1, with `Rest` if the order's book has its price level, else with
/// `NewLevel`: one hint (forced to 0 when `go` is 0), checked by whichever row runs.
pub(crate) fn call_rest<B: Interp>(cx: &mut Cx<B>, go: &V<B>, books: &Books<B>, args: [&V<B>; 7]) {
    let book = books.own();
    let key = books.own_key(args[5]);
    let zero = cx.zero();
    let found = cx.hint_bool(Name::new("level_exists"), |w| {
        w.u64(go) == 1 && Peek::new(w, &zero).place(w.u64(&book), w.u64(&key)).is_ok()
    });
    cx.assert_zero(Name::new("level_exists_unused"), &((cx.one() - go) * &found));
    let args = args.map(V::clone);
    cx.call_by_name(&found, "Rest", &args);
    cx.call_by_name(&(go - &found), "NewLevel", &args);
}

impl Semantics for Rest {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: RestArgs<V<B>>) {
        let books = Books::new(cx, &op.market, &op.side);
        let book = books.own();
        let key = books.own_key(&op.limit);
        let zero = cx.zero();
        let at =
            cx.hint_u64(Name::new("level_at"), |w| Peek::new(w, &zero).place(w.u64(&book), w.u64(&key)).unwrap_or(0));
        let tail = cx.hint_u64(Name::new("tail"), |w| Peek::new(w, &zero).tail(w.u64(&at)));
        let level_records = cx.lit(layout::LEVEL_RECORDS);
        in_range(cx, "level_at_range", &at, &level_records);
        cx.range(Name::new("tail_range"), &tail, SLOT_BITS);

        // The level has the order's key, and the tail no successor: both lanes are known, so the
        // memory argument checks them.
        let one = cx.one();
        let mut level_known = vec![None; layout::WORD];
        level_known[level::KEY] = Some(key);
        cx.update_known("level", &(&at + layout::LEVELS), &level_known, |cx, old| {
            assert_nonzero_if(cx, "level_live", &one, &old[level::TOTAL]);
            let mut new = old.to_vec();
            new[level::TOTAL] = &old[level::TOTAL] + &op.remaining;
            new
        });
        let mut tail_known = vec![None; layout::WORD];
        tail_known[order::NEXT] = Some(cx.zero());
        cx.update_known("tail", &slots::order_addr(&tail), &tail_known, |cx, old| {
            assert_nonzero_if(cx, "tail_live", &one, &old[order::REMAINING]);
            // On this book at this level: its place lane less those two parts is an owner (the
            // parts are below 2^8, 2^2 and 2^13, so the lane's decomposition is unique).
            let zero = cx.zero();
            let owner = &old[order::PLACE] - slots::place(&zero, &book, &at);
            cx.range(Name::new("tail_at_level"), &owner, ACCOUNTS.ilog2());
            let mut new = old.to_vec();
            new[order::NEXT] = op.slot.clone();
            new
        });
        write_order(cx, &one, &op.slot, &op.account, &book, &op.remaining, &at);
        let rested = cx.lit(EventKind::Rested.code().into());
        cx.output(&[rested, op.order.clone(), op.remaining.clone()]);
    }
}

/// Writes a resting order into its slot (taken from the free list, so not live: its remaining
/// lane is known to be 0; and already at the order's generation) when `gate` is 1.
pub(crate) fn write_order<B: Interp>(
    cx: &mut Cx<B>,
    gate: &V<B>,
    slot: &V<B>,
    account: &V<B>,
    book: &V<B>,
    remaining: &V<B>,
    level_id: &V<B>,
) {
    let place = slots::place(account, book, level_id);
    let mut known = vec![None; layout::WORD];
    known[order::REMAINING] = Some(cx.zero());
    cx.update_known_if("order", gate, &slots::order_addr(slot), &known, |cx, old| {
        vec![remaining.clone(), place.clone(), old[order::GENERATION].clone(), cx.zero()]
    });
}

/// Requires `0 <= x < bound` for `bound <= 2^16` (a fixed expression): two 16-bit lookups.
pub(crate) fn in_range<B: Interp>(cx: &mut Cx<B>, name: &'static str, x: &V<B>, bound: &V<B>) {
    cx.range(Name::new(name), x, 16);
    cx.range(Name::part(name, "below_bound"), &(x + (1u64 << 16) - bound), 16);
}

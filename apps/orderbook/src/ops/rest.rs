//! `Rest` (internal): the taker's remainder joins the tail of its price level, which is on the
//! book. `NewLevel` handles the other case; the row that ends the taker's matching picks one with
//! [`call_rest`], and each of the two proves its case, so the pick is checked.
//!
//! The prover names the level (`at`) and its youngest order (`tail`). The level must be live
//! (`total > 0`) and have exactly the order's key; keys of different books never collide, so it
//! is the order's level. The tail must be live, at that level, and have no successor: live orders
//! are exactly the queued ones (a free slot has remaining 0, whatever its links), so it is the
//! tail. Appending there keeps the queue FIFO. The order keeps the slot it was given on acceptance.

use appvm::{Cx, Interp, Name, Opcode, Operands, Semantics, V};

use super::market::Books;
use super::new_level::NewLevelArgs;
use super::peek::Peek;
use super::slots::{self, SLOT_BITS};
use crate::layout::{self, Level, Order};
use crate::types::{EventKind, ACCOUNTS};
use crate::wire::{self, Remaining};

/// A taker's remainder on its way to the book: the operands of `Rest` and `NewLevel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Operands)]
pub struct Resting {
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

/// Rest a taker's remainder at its existing price level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Rest {
    /// The remainder.
    #[operands(flatten)]
    pub order: Resting,
}

/// Continues, when `go` is 1, with `Rest` if the order's book has its price level, else with
/// `NewLevel`: one hint (forced to 0 when `go` is 0), checked by whichever row runs.
pub(crate) fn call_rest<B: Interp>(cx: &mut Cx<B>, go: &V<B>, books: &Books<B>, order: RestingArgs<V<B>>) {
    let book = books.own();
    let key = books.own_key(&order.limit);
    let zero = cx.zero();
    let found = cx
        .hint_bool("level_exists", |w| w.u64(go) == 1 && Peek::new(w, &zero).place(w.u64(&book), w.u64(&key)).is_ok());
    cx.assert_zero("level_exists_unused", &((cx.one() - go) * &found));
    cx.call(&found, RestArgs { order: order.clone() });
    cx.call(&(go - &found), NewLevelArgs { order });
}

impl Semantics for Rest {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: RestArgs<V<B>>) {
        let o = &op.order;
        let books = Books::new(cx, &o.market, &o.side);
        let book = books.own();
        let key = books.own_key(&o.limit);
        let zero = cx.zero();
        let at = cx.hint_u64("level_at", |w| Peek::new(w, &zero).place(w.u64(&book), w.u64(&key)).unwrap_or(0));
        let tail = cx.hint_u64("tail", |w| Peek::new(w, &zero).tail(w.u64(&at)));
        let level_records = cx.lit(layout::LEVEL_RECORDS);
        in_range(cx, "level_at_range", &at, &level_records);
        cx.range("tail_range", &tail, SLOT_BITS);

        // The level has the order's key, and the tail no successor: both lanes are known, so the
        // memory argument checks them.
        cx.access("level", &(&at + layout::LEVELS)).known(Level { key: Some(key), ..Default::default() }).update(
            |cx, old| {
                cx.assert_nonzero("level_live", &old.total);
                (Level { total: &old.total + &o.remaining, ..old }, ())
            },
        );
        let tail_known = Order { next: Some(cx.zero()), ..Default::default() };
        cx.access("tail", &slots::order_addr(&tail)).known(tail_known).update(|cx, old| {
            cx.assert_nonzero("tail_live", &old.remaining);
            // On this book at this level: its place lane less those two parts is an owner (the
            // parts are below 2^8, 2^2 and 2^13, so the lane's decomposition is unique).
            let zero = cx.zero();
            let owner = &old.place - slots::place(&zero, &book, &at);
            cx.range("tail_at_level", &owner, ACCOUNTS.ilog2());
            (Order { next: o.slot.clone(), ..old }, ())
        });
        let one = cx.one();
        write_order(cx, &one, o, &book, &at);
        let rested = Remaining {
            kind: wire::kind(cx, EventKind::Rested),
            order: o.order.clone(),
            remaining: o.remaining.clone(),
        };
        cx.output(rested);
    }
}

/// Writes resting order `o` into its slot (taken from the free list, so not live: its remaining
/// lane is known to be 0; and already at the order's generation) at level `level_id` of `book`,
/// when `gate` is 1.
pub(crate) fn write_order<B: Interp>(cx: &mut Cx<B>, gate: &V<B>, o: &RestingArgs<V<B>>, book: &V<B>, level_id: &V<B>) {
    let place = slots::place(&o.account, book, level_id);
    let known = Order { remaining: Some(cx.zero()), ..Default::default() };
    cx.access("order", &slots::order_addr(&o.slot)).when(gate).known(known).update(|cx, old| {
        (Order { remaining: o.remaining.clone(), place, generation: old.generation, next: cx.zero() }, ())
    });
}

/// Requires `0 <= x < bound` for `bound <= 2^16` (a fixed expression): two 16-bit lookups.
pub(crate) fn in_range<B: Interp>(cx: &mut Cx<B>, name: &'static str, x: &V<B>, bound: &V<B>) {
    cx.range(name, x, 16);
    cx.range(Name::part(name, "below_bound"), &(x + (1u64 << 16) - bound), 16);
}

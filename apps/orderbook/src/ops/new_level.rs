//! `NewLevel` (internal): the taker's remainder rests at a price its book has no level for; a new
//! level record (the top of the free level list) is inserted at its sorted place, or, when the
//! free list is empty, the remainder is cancelled (by `Settle`; the trades before stand).
//!
//! The prover names the record after which the level goes (`pred`): a live level or the book's
//! header, with `pred.key < key < pred.next.key`. Keys of a book are strictly increasing along its
//! list and lie in the book's own range, bracketed by its header's and end sentinel's keys, so
//! this pins the one place on the right book, and proves that no level with this key exists (so
//! `Rest` was not the right row). Inserting only between such neighbours keeps every book strictly
//! sorted, which `Match` relies on for price priority.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::market::Books;
use super::peek::Peek;
use super::rest::{in_range, write_order, Resting};
use super::settle::SettleArgs;
use super::taker::TakerArgs;
use crate::layout::{self, key, Counters, Level};
use crate::types::EventKind;
use crate::wire::{self, Remaining};

/// Rest a taker's remainder at a new price level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct NewLevel {
    /// The remainder.
    #[operands(flatten)]
    pub order: Resting,
}

impl Semantics for NewLevel {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: NewLevelArgs<V<B>>) {
        let o = &op.order;
        let books = Books::new(cx, &o.market, &o.side);
        let book = books.own();
        let key = books.own_key(&o.limit);
        let zero = cx.zero();
        let pred = cx.hint_u64("pred", |w| Peek::new(w, &zero).place(w.u64(&book), w.u64(&key)).err().unwrap_or(0));
        let level_records = cx.lit(layout::LEVEL_RECORDS);
        in_range(cx, "pred_range", &pred, &level_records);

        // A level record, if one is left: the top of the free level list, popped. The neighbours
        // are checked whether or not a record is left (a full book must still show that the
        // order had no level to join). Nested in the counters access, whose new head is the
        // popped record's `next`.
        let counters_addr = cx.lit(layout::COUNTERS);
        let one = cx.one();
        let (free, create, new_level, successor) =
            cx.access("counters", &counters_addr).update(|cx, free: Counters<V<B>>| {
                let new_level = free.free_level.clone();
                let none_left = cx.is_zero("no_level_left", &new_level);
                let create = cx.not(&none_left);
                let successor = cx.access("pred", &(&pred + layout::LEVELS)).update(|cx, old: Level<V<B>>| {
                    cx.assert_nonzero("pred_live", &old.total);
                    cx.assert_lt_if("pred_key_below", &one, &old.key, &key, key::BITS);
                    let is_header = cx.is_eq("pred_is_header", &pred, &book);
                    let new_best = cx.materialize("new_best", &(&create * &is_header));
                    // A header's `head` lane caches the best key.
                    let head = &old.head + &new_best * (&key - &old.head);
                    let next = &old.next + &create * (&new_level - &old.next);
                    let successor = old.next.clone();
                    (Level { head, next, ..old }, successor)
                });
                // The new level (a free record: total 0, its `next` the rest of the free list).
                let rest_of_list =
                    cx.access("level", &(&new_level + layout::LEVELS)).when(&create).update(|_, old: Level<V<B>>| {
                        let level = Level {
                            total: o.remaining.clone(),
                            key: key.clone(),
                            head: o.slot.clone(),
                            next: successor.clone(),
                        };
                        (level, old.next)
                    });
                let new = Counters { free_level: &new_level + &create * (&rest_of_list - &new_level), ..free.clone() };
                (new, (free, create, new_level, successor))
            });
        let succ: Level<V<B>> = cx.access("successor", &(&successor + layout::LEVELS)).read();
        cx.assert_lt_if("successor_key_above", &one, &key, &succ.key, key::BITS);
        write_order(cx, &create, o, &book, &new_level);

        let rested = Remaining {
            kind: wire::kind(cx, EventKind::Rested),
            order: o.order.clone(),
            remaining: o.remaining.clone(),
        };
        cx.output_if(&create, rested);
        // No record left: `Settle` cancels the remainder (the trades before it stand, settled). The
        // free lists are then as they were.
        let stranded = cx.not(&create);
        let zero = cx.zero();
        let taker = TakerArgs {
            order: o.order.clone(),
            account: o.account.clone(),
            market: o.market.clone(),
            side: o.side.clone(),
            limit: o.limit.clone(),
            remaining: o.remaining.clone(),
            qty: o.remaining.clone(),
            rests: zero.clone(),
            notional: zero.clone(),
            taker_fees: zero.clone(),
            maker_fees: zero.clone(),
            free_slot: free.free_slot,
            free_level: free.free_level,
        };
        cx.call(&stranded, SettleArgs { taker, stopped: zero });
    }
}

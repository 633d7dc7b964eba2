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

use appvm::{Cx, Interp, Name, Opcode, Semantics, V};

use super::market::Books;
use super::peek::Peek;
use super::rest::{in_range, write_order};
use super::validate::{assert_lt_if, assert_nonzero_if};
use crate::layout::{self, counters, key, level};
use crate::types::EventKind;

/// Rest a taker's remainder at a new price level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct NewLevel {
    /// The order's id.
    pub order: u64,
    /// Its slot.
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

impl Semantics for NewLevel {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: NewLevelArgs<V<B>>) {
        let books = Books::new(cx, &op.market, &op.side);
        let book = books.own();
        let key = books.own_key(&op.limit);
        let zero = cx.zero();
        let pred =
            cx.hint_u64(Name::new("pred"), |w| Peek::new(w, &zero).place(w.u64(&book), w.u64(&key)).err().unwrap_or(0));
        let level_records = cx.lit(layout::LEVEL_RECORDS);
        in_range(cx, "pred_range", &pred, &level_records);

        // A level record, if one is left: the top of the free level list, popped. The neighbours
        // are checked whether or not a record is left (a full book must still show that the
        // order had no level to join). Nested in the counters access, whose new head is the
        // popped record's `next`.
        let counters_addr = cx.lit(layout::COUNTERS);
        let one = cx.one();
        let mut popped = None;
        let free = cx.update_lanes("counters", &counters_addr, counters::LANES, |cx, free| {
            let new_level = free[counters::FREE_LEVEL].clone();
            let none_left = cx.is_zero("no_level_left", &new_level);
            let create = cx.not(&none_left);
            let mut successor = None;
            cx.update_word("pred", &(&pred + layout::LEVELS), |cx, old| {
                assert_nonzero_if(cx, "pred_live", &one, &old[level::TOTAL]);
                assert_lt_if(cx, "pred_key_below", &one, &old[level::KEY], &key, key::BITS);
                let is_header = cx.is_eq("pred_is_header", &pred, &book);
                let new_best = cx.materialize("new_best", &(&create * &is_header));
                let mut new = old.to_vec();
                // A header's `head` lane caches the best key.
                new[level::HEAD] = &old[level::HEAD] + &new_best * (&key - &old[level::HEAD]);
                new[level::NEXT] = &old[level::NEXT] + &create * (&new_level - &old[level::NEXT]);
                successor = Some(old[level::NEXT].clone());
                new
            });
            let Some(successor) = successor else { return free.to_vec() };
            // The new level (a free record: total 0, its `next` the rest of the free list).
            let record = cx.update_word_if("level", &create, &(&new_level + layout::LEVELS), |_, _| {
                vec![op.remaining.clone(), key.clone(), op.slot.clone(), successor.clone()]
            });
            let mut new = free.to_vec();
            new[counters::FREE_LEVEL] = &new_level + &create * (&record[level::NEXT] - &new_level);
            popped = Some((create, new_level, successor));
            new
        });
        let Some((create, new_level, successor)) = popped else { return };
        let succ = cx.read_word("successor", &(&successor + layout::LEVELS));
        assert_lt_if(cx, "successor_key_above", &one, &key, &succ[level::KEY], key::BITS);
        write_order(cx, &create, &op.slot, &op.account, &book, &op.remaining, &new_level);

        let rested = cx.lit(EventKind::Rested.code().into());
        cx.output_if(&create, &[rested, op.order.clone(), op.remaining.clone()]);
        let stranded = cx.not(&create);
        let zero = cx.zero();
        let args = [
            &op.order,
            &op.account,
            &op.market,
            &op.side,
            &op.limit,
            &op.remaining,
            &op.remaining,
            &zero,
            &zero,
            &zero,
            &zero,
            &zero,
            &free[counters::FREE_SLOT],
            &free[counters::FREE_LEVEL],
        ];
        cx.call_by_name(&stranded, "Settle", &args.map(V::clone));
    }
}

//! `Unlink` (internal): a cancelled order emptied its level; the level leaves its book.
//!
//! The record before it (a live level, or the book's header if it was the best level) is
//! hinted: it must be live (a header's `total` lane is 1) and point at the level. Live levels form
//! proper lists, so exactly one record qualifies; dead levels keep stale links but have total 0.
//! A header also caches the best key, which becomes the successor's.

use appvm::{Cx, Interp, Name, Opcode, Semantics, V};

use super::peek::Peek;
use super::rest::in_range;
use super::validate::assert_nonzero_if;
use crate::layout::{self, level};

/// Take an emptied level off its book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Opcode)]
pub struct Unlink {
    /// The level's book.
    pub book: u32,
    /// The level.
    pub level: u32,
    /// Its successor.
    pub next: u32,
}

impl Semantics for Unlink {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: UnlinkArgs<V<B>>) {
        let zero = cx.zero();
        let pred = cx
            .hint_u64(Name::new("prev_level"), |w| Peek::new(w, &zero).level_before(w.u64(&op.book), w.u64(&op.level)));
        let level_records = cx.lit(layout::LEVEL_RECORDS);
        in_range(cx, "prev_level_range", &pred, &level_records);
        let was_best = cx.is_eq("prev_is_header", &pred, &op.book);
        let succ = cx.update_word_if("successor", &was_best, &(&op.next + layout::LEVELS), |_, old| old.to_vec());
        let one = cx.one();
        cx.update_word("prev_level", &(&pred + layout::LEVELS), |cx, old| {
            assert_nonzero_if(cx, "prev_level_live", &one, &old[level::TOTAL]);
            cx.assert_eq("prev_level_links", &old[level::NEXT], &op.level);
            let mut new = old.to_vec();
            // A header's `head` lane caches the best key.
            new[level::HEAD] = &old[level::HEAD] + &was_best * (&succ[level::KEY] - &old[level::HEAD]);
            new[level::NEXT] = op.next.clone();
            new
        });
    }
}

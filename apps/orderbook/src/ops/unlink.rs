//! `Unlink` (internal): a cancelled order emptied its level; the level leaves its book.
//!
//! The record before it (a live level, or the book's header if it was the best level) is
//! hinted: it must be live (a header's `total` lane is 1) and point at the level. Live levels form
//! proper lists, so exactly one record qualifies; dead levels keep stale links but have total 0.
//! A header also caches the best key, which becomes the successor's.

use appvm::{Cx, Interp, Opcode, Semantics, V};

use super::peek::Peek;
use super::rest::in_range;
use crate::layout::{self, Level};

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
        let pred = cx.hint_u64("prev_level", |w| Peek::new(w, &zero).level_before(w.u64(&op.book), w.u64(&op.level)));
        let level_records = cx.lit(layout::LEVEL_RECORDS);
        in_range(cx, "prev_level_range", &pred, &level_records);
        let was_best = cx.is_eq("prev_is_header", &pred, &op.book);
        let succ: Level<V<B>> = cx.access("successor", &(&op.next + layout::LEVELS)).when(&was_best).read();
        cx.access("prev_level", &(&pred + layout::LEVELS)).update(|cx, old: Level<V<B>>| {
            cx.assert_nonzero("prev_level_live", &old.total);
            cx.assert_eq("prev_level_links", &old.next, &op.level);
            // A header's `head` lane caches the best key.
            let head = &old.head + &was_best * (&succ.key - &old.head);
            (Level { head, next: op.next.clone(), ..old }, ())
        });
    }
}

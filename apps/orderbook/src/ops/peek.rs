//! Native reads of the state for hints: the prover's searches (where to insert a level, which
//! order precedes another). Nothing here is trusted; every answer is checked by the row that uses
//! it, and the row's doc says why the check pins the one right answer.
//!
//! `Hints::memory` reads at an address given as a DSL value. A search reads at addresses it
//! computes as it goes, so it builds each address as a constant (`zero + addr`): adding a
//! constant touches no interpreter state, which is what makes it usable inside a hint.

use appvm::{Hints, Interp, Record, V};
use p3_field::PrimeField64;

use crate::layout::{self, Level, Order};

/// Bound on the steps of any search, so a corrupted state cannot hang the executor.
const MAX_STEPS: u64 = layout::WORDS;

/// Read access to the state inside a hint.
pub(crate) struct Peek<'a, 'w, B: Interp> {
    w: &'a Hints<'w, B>,
    zero: &'a V<B>,
}

impl<'a, 'w, B: Interp> Peek<'a, 'w, B> {
    /// Reads through `w`; `zero` is any constant 0 of the evaluation.
    pub fn new(w: &'a Hints<'w, B>, zero: &'a V<B>) -> Self {
        Self { w, zero }
    }

    fn word<R: Record<u64>>(&self, addr: u64) -> R {
        let at = self.zero + addr;
        R::from_lanes(|lane| self.w.memory(&at, lane).as_canonical_u64())
    }

    /// Level record `id`.
    pub fn level(&self, id: u64) -> Level<u64> {
        self.word(layout::LEVELS + id)
    }

    /// Order record `id`.
    pub fn order(&self, id: u64) -> Order<u64> {
        self.word(layout::ORDERS + id)
    }

    /// Where a level with `key` goes on `book`: `Ok(level)` if one with that key is on the book,
    /// else `Err(pred)`, the record (a level, or the header) after which it would be inserted.
    pub fn place(&self, book: u64, key: u64) -> Result<u64, u64> {
        let mut cur = layout::header(book);
        for _ in 0..MAX_STEPS {
            let next = self.level(cur).next;
            let next_key = self.level(next).key;
            if next_key == key {
                return Ok(next);
            }
            if next_key > key || next == cur {
                break;
            }
            cur = next;
        }
        Err(cur)
    }

    /// The youngest order of `level` (its tail), 0 if it has none.
    pub fn tail(&self, level_id: u64) -> u64 {
        let mut cur = self.level(level_id).head;
        for _ in 0..MAX_STEPS {
            let next = self.order(cur).next;
            if next == 0 {
                return cur;
            }
            cur = next;
        }
        0
    }

    /// The order before `id` in the queue of `level_id`, 0 if `id` is the head (or not there).
    pub fn order_before(&self, level_id: u64, id: u64) -> u64 {
        let mut cur = self.level(level_id).head;
        if cur == id {
            return 0;
        }
        for _ in 0..MAX_STEPS {
            let next = self.order(cur).next;
            if next == id {
                return cur;
            }
            if next == 0 {
                break;
            }
            cur = next;
        }
        0
    }

    /// The record (a level, or the header) whose `next` is `level_id` on `book`.
    pub fn level_before(&self, book: u64, level_id: u64) -> u64 {
        let mut cur = layout::header(book);
        for _ in 0..MAX_STEPS {
            let next = self.level(cur).next;
            if next == level_id || next == cur || next == 0 {
                return cur;
            }
            cur = next;
        }
        cur
    }
}

//! State memory access by offline memory checking.
//!
//! Each access to the word at `addr` receives `(addr, old…, prev_clk)` and sends
//! `(addr, new…, clk)` on the memory bus, with `prev_clk < clk` range-checked. The memory
//! boundary chip sends every word's initial `(addr, initial…, 0)` and receives its final tuple, so
//! the multiset closes only if every access reads the last word written before it, in clock order.
//!
//! [`Cx::access`] (see `access.rs`) is the primitive authors use: it takes a typed record and
//! calls the machinery here.

use p3_field::{PrimeCharacteristicRing, PrimeField64};

use super::cx::{Cx, MEMORY_SLOTS};
use super::interp::{Bus, Interp, Name};
use super::value::V;
use crate::backend::F;

/// Column names of the clock gap's 16-bit limbs.
const GAP_LIMBS: [&str; 2] = ["gap0", "gap1"];

/// Widest memory word.
pub const MAX_MEMORY_WIDTH: usize = 8;

impl<B: Interp> Cx<B> {
    /// An access to the first `known.len()` lanes of the word at `addr`, of which those with a
    /// known value are not witnessed; the word's other lanes are zero before and after it. The
    /// witnessed lanes' columns are named `name.<lane name>`. Returns the old lanes and what `f`
    /// returned besides the new ones.
    pub(crate) fn access_lanes<X>(
        &mut self,
        name: Name,
        lane_names: &'static [&'static str],
        cond: Option<&V<B>>,
        addr: &V<B>,
        known: &[Option<V<B>>],
        f: impl FnOnce(&mut Self, &[V<B>]) -> (Vec<V<B>>, X),
    ) -> (Vec<V<B>>, X) {
        let name = name.scope;
        let lanes = known.len();
        let slot = self.accesses;
        self.accesses += 1;
        if slot >= MEMORY_SLOTS {
            self.misuse(Name::part(name, "more_than_16_memory_accesses_per_row"));
        }
        let word_width = self.memory_width.min(MAX_MEMORY_WIDTH);
        if lanes == 0 {
            self.misuse(Name::part(name, "record_without_lanes"));
        } else if lanes > word_width {
            self.misuse(Name::part(name, "record_wider_than_the_memory_word"));
        }
        let width = lanes.clamp(1, word_width);
        let clk = self.clk() * MEMORY_SLOTS + (slot + 1);
        let active = match cond {
            Some(cond) => self.flag(Name::part(name, "flag"), cond),
            None => self.one(),
        };
        let cond = cond.map(|_| active.clone());
        let cond = cond.as_ref();
        let old: Vec<V<B>> = (0..width)
            .map(|lane| match known.get(lane).cloned().flatten() {
                Some(value) => value,
                None => self.hint(Name::part(name, lane_names.get(lane).copied().unwrap_or("old")), |w| {
                    if w.get(&active) == F::ONE {
                        w.memory(addr, lane)
                    } else {
                        F::ZERO
                    }
                }),
            })
            .collect();
        let witnessed: Vec<V<B>> = old.iter().zip(known).filter(|(_, k)| k.is_none()).map(|(v, _)| v.clone()).collect();
        // The clock gap `clk - prev_clk - 1` is stored as two 16-bit limbs and `prev_clk` is
        // derived from it, so an access costs no `prev_clk` column; the limbs' lookups prove
        // `prev_clk < clk`.
        let gap_limbs: Vec<V<B>> = GAP_LIMBS
            .iter()
            .enumerate()
            .map(|(i, part)| {
                self.hint_u64(Name::part(name, part), |w| {
                    if w.get(&active) == F::ONE {
                        (w.u64(&clk) - w.last_clock(addr) - 1) >> (16 * i) & 0xffff
                    } else {
                        0
                    }
                })
            })
            .collect();
        if let Some(cond) = cond {
            // Inactive accesses have a unique witness: the old word and the gap are forced to 0.
            let off = self.one() - cond;
            for lane in witnessed.iter().chain(&gap_limbs) {
                self.assert_zero(Name::part(name, "off"), &(&off * lane));
            }
        }
        let one = self.one();
        for limb in &gap_limbs {
            self.interact(Bus::Range, vec![limb.clone()], one.clone());
        }
        if B::EXECUTES && B::value(&active.e) == F::ONE {
            // Lanes the tuple fixes: the known ones, and zero outside the record.
            let fixed: Vec<(usize, F, &'static str)> = (0..word_width)
                .filter_map(|lane| match known.get(lane) {
                    Some(Some(value)) => Some((lane, B::value(&value.e), "known_lane_differs")),
                    Some(None) => None,
                    None => Some((lane, F::ZERO, "unused_lane_not_zero")),
                })
                .collect();
            self.check_fixed_lanes(name, addr, &fixed);
        }
        if B::wants(Bus::Memory) {
            let gap = &gap_limbs[0] + &gap_limbs[1] * (1u64 << 16);
            let prev = &clk - 1 - gap;
            let mut received = vec![addr.clone()];
            received.extend(old.iter().cloned());
            received.resize_with(1 + word_width, || self.zero());
            received.push(prev);
            self.interact(Bus::Memory, received, -&active);
        }

        let (mut new, extra) = f(self, &old);
        if new.len() != width {
            self.misuse(Name::part(name, "new_word_of_wrong_width"));
            new.resize_with(width, || self.zero());
        }
        if B::wants(Bus::Memory) {
            let mut sent = vec![addr.clone()];
            sent.extend(new.iter().cloned());
            sent.resize_with(1 + word_width, || self.zero());
            sent.push(clk.clone());
            self.interact(Bus::Memory, sent, active.clone());
        }
        if B::EXECUTES && B::value(&active.e) == F::ONE {
            let clk = B::value(&clk.e).as_canonical_u64();
            let mut word: Vec<F> = new.iter().map(|v| B::value(&v.e)).collect();
            word.resize(word_width, F::ZERO);
            B::commit_memory(&mut self.st.borrow_mut(), B::value(&addr.e), &word, clk);
        }
        (old, extra)
    }

    /// Fails the row (as an unsatisfied constraint) when a lane the access's bus tuple fixes (a
    /// known lane, or one outside a narrow record) holds something else in memory: the memory
    /// argument could not balance.
    fn check_fixed_lanes(&mut self, name: &'static str, addr: &V<B>, fixed: &[(usize, F, &'static str)]) {
        let mut st = self.st.borrow_mut();
        for &(lane, expected, what) in fixed {
            let value = B::peek_memory(&st, B::value(&addr.e), lane);
            if value != expected {
                B::assert_zero(&mut st, B::lit(value - expected), Name::part(name, what));
            }
        }
    }
}

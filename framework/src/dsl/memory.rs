//! State memory access by offline memory checking.
//!
//! Each access to the word at `addr` receives `(addr, old…, prev_clk)` and sends
//! `(addr, new…, clk)` on the memory bus, with `prev_clk < clk` range-checked. The memory
//! boundary chip sends every word's initial `(addr, initial…, 0)` and receives its final tuple, so
//! the multiset closes only if every access reads the last word written before it, in clock order.
//!
//! [`Cx::access`] (see `access.rs`) is the one primitive authors use: it takes a typed record.
//! The positional methods here (`read`, `update_word`, `update_known_if`…) are its first edition,
//! kept while code moves over; every one is a choice of `.when`, `.known` and a record type.

use p3_field::{PrimeCharacteristicRing, PrimeField64};

use super::cx::{Cx, MEMORY_SLOTS};
use super::interp::{Bus, Interp, Name};
use super::value::V;
use crate::backend::F;

/// Column names of the clock gap's 16-bit limbs.
const GAP_LIMBS: [&str; 2] = ["gap0", "gap1"];

/// Column names of word lanes, so failures name the lane.
const OLD_LANES: [&str; 8] = ["old", "old1", "old2", "old3", "old4", "old5", "old6", "old7"];

/// Widest memory word.
pub const MAX_MEMORY_WIDTH: usize = OLD_LANES.len();

impl<B: Interp> Cx<B> {
    /// Reads the one-element word at `addr`.
    pub fn read(&mut self, name: impl Into<Name>, addr: &V<B>) -> V<B> {
        self.update(name, addr, |_, old| old)
    }

    /// Replaces the one-element word at `addr` by `f(old)`; returns `old`.
    pub fn update(&mut self, name: impl Into<Name>, addr: &V<B>, f: impl FnOnce(&mut Self, V<B>) -> V<B>) -> V<B> {
        self.scalar_access(name, None, addr, f)
    }

    /// [`Cx::update`] performed only when the boolean `cond` is 1. When it is 0 no access happens
    /// and the returned `old` is 0.
    pub fn update_if(
        &mut self,
        name: impl Into<Name>,
        cond: &V<B>,
        addr: &V<B>,
        f: impl FnOnce(&mut Self, V<B>) -> V<B>,
    ) -> V<B> {
        self.scalar_access(name, Some(cond), addr, f)
    }

    /// Reads the word at `addr`.
    pub fn read_word(&mut self, name: impl Into<Name>, addr: &V<B>) -> Vec<V<B>> {
        self.whole_word_access(name, None, addr, |_, old| old.to_vec())
    }

    /// Replaces the word at `addr` by `f(old)` (same width); returns `old`.
    pub fn update_word(
        &mut self,
        name: impl Into<Name>,
        addr: &V<B>,
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        self.whole_word_access(name, None, addr, f)
    }

    /// [`Cx::update_word`] performed only when the boolean `cond` is 1; when it is 0 no access
    /// happens and `old` is all zeros.
    pub fn update_word_if(
        &mut self,
        name: impl Into<Name>,
        cond: &V<B>,
        addr: &V<B>,
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        self.whole_word_access(name, Some(cond), addr, f)
    }

    /// [`Cx::update_word`] for a record that uses only the first `lanes` lanes of its word: the
    /// others are zero, in the memory image and in every write. The access then costs only
    /// `lanes` columns for the old value instead of the word's width, and `f` sees and returns
    /// `lanes` values.
    ///
    /// The bus tuples carry constant zeros in the unused lanes, so a word whose unused lanes are
    /// not zero cannot be read this way: the executor reports it, and no proof balances.
    pub fn update_lanes(
        &mut self,
        name: impl Into<Name>,
        addr: &V<B>,
        lanes: usize,
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        self.word_access(name, None, addr, &vec![None; lanes], f)
    }

    /// [`Cx::update_lanes`] performed only when the boolean `cond` is 1; when it is 0 no access
    /// happens and `old` is all zeros.
    pub fn update_lanes_if(
        &mut self,
        name: impl Into<Name>,
        cond: &V<B>,
        addr: &V<B>,
        lanes: usize,
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        self.word_access(name, Some(cond), addr, &vec![None; lanes], f)
    }

    /// [`Cx::update_lanes`] for a record some of whose lanes the row already knows: `known[lane]`
    /// is `Some(value)` for those, `None` for the others, and `known.len()` is the record's lanes.
    /// A known lane costs no column: `f` sees its value in `old`, and the bus tuple carries it, so
    /// a word that holds something else there cannot be read this way (the executor reports it,
    /// and no proof balances). Known values should have degree 1 at most, like every lane.
    pub fn update_known(
        &mut self,
        name: impl Into<Name>,
        addr: &V<B>,
        known: &[Option<V<B>>],
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        self.word_access(name, None, addr, known, f)
    }

    /// [`Cx::update_known`] performed only when the boolean `cond` is 1; when it is 0 no access
    /// happens, and `old` holds the known values and zeros elsewhere.
    pub fn update_known_if(
        &mut self,
        name: impl Into<Name>,
        cond: &V<B>,
        addr: &V<B>,
        known: &[Option<V<B>>],
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        self.word_access(name, Some(cond), addr, known, f)
    }

    fn scalar_access(
        &mut self,
        name: impl Into<Name>,
        cond: Option<&V<B>>,
        addr: &V<B>,
        f: impl FnOnce(&mut Self, V<B>) -> V<B>,
    ) -> V<B> {
        let name = name.into();
        if self.memory_width != 1 {
            self.misuse(Name::part(name.scope, "scalar_access_to_wide_memory_use_update_word"));
        }
        let old = self.whole_word_access(name, cond, addr, |cx, old| {
            let lane0 = old[0].clone();
            let mut word = old.to_vec();
            word[0] = f(cx, lane0);
            word
        });
        old[0].clone()
    }

    fn whole_word_access(
        &mut self,
        name: impl Into<Name>,
        cond: Option<&V<B>>,
        addr: &V<B>,
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        let width = self.memory_width.min(MAX_MEMORY_WIDTH);
        self.word_access(name, cond, addr, &vec![None; width], f)
    }

    /// The positional accesses above: lanes named `old`, `old1`…, `f` returns only the new word.
    fn word_access(
        &mut self,
        name: impl Into<Name>,
        cond: Option<&V<B>>,
        addr: &V<B>,
        known: &[Option<V<B>>],
        f: impl FnOnce(&mut Self, &[V<B>]) -> Vec<V<B>>,
    ) -> Vec<V<B>> {
        self.access_lanes(name.into(), &OLD_LANES, cond, addr, known, |cx, old| (f(cx, old), ())).0
    }

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

//! [`Access`]: the one memory primitive. `cx.access(name, &addr)` starts it; `.when(&flag)` gates
//! it, `.known(record)` fixes lanes the row already knows; `.read()` or `.update(..)` performs it.
//!
//! The record type decides the lanes: a record of as many lanes as the memory word uses all of
//! them; a narrower one uses the word's first lanes, and the others must be zero (in the memory
//! image and in every write), which saves their columns. A scalar [`V`] is a one-lane record.
//! The constraints are those of the memory module: see `memory.rs`.

use super::cx::Cx;
use super::interp::{Interp, Name};
use super::record::{Known, Record};
use super::value::V;

/// A memory access being built: see [`Cx::access`].
#[must_use = "an access happens only at `.read()` or `.update(..)`"]
pub struct Access<'a, B: Interp, K = ()> {
    cx: &'a mut Cx<B>,
    name: Name,
    addr: V<B>,
    when: Option<V<B>>,
    known: K,
}

impl<B: Interp, K> core::fmt::Debug for Access<'_, B, K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Access").field("name", &self.name).field("gated", &self.when.is_some()).finish()
    }
}

impl<B: Interp> Cx<B> {
    /// Starts an access to the word at `addr`, its columns named `name.<lane>`:
    ///
    /// ```
    /// # use appvm::{Cx, Interp, Record, V};
    /// #[derive(Clone, Debug, Record)]
    /// struct Level<T> { total: T, key: T, head: T, next: T }
    ///
    /// fn fill<B: Interp>(cx: &mut Cx<B>, addr: &V<B>, key: &V<B>, qty: &V<B>, live: &V<B>) -> V<B> {
    ///     // Read a whole record.
    ///     let level: Level<V<B>> = cx.access("level", addr).read();
    ///     // Update it when `live` is 1, with its `key` lane known (no column), returning what the
    ///     // closure computed besides the new record.
    ///     cx.access("level", addr).when(live).known(Level { key: Some(key.clone()), ..Default::default() }).update(
    ///         |cx, old| {
    ///             let emptied = cx.is_eq("emptied", &old.total, qty);
    ///             (Level { total: &old.total - qty, ..old }, emptied)
    ///         },
    ///     )
    /// }
    /// ```
    pub fn access(&mut self, name: impl Into<Name>, addr: &V<B>) -> Access<'_, B> {
        Access { cx: self, name: name.into(), addr: addr.clone(), when: None, known: () }
    }
}

impl<'a, B: Interp, K> Access<'a, B, K> {
    /// Performs the access only when the boolean `flag` is 1. When it is 0 no access happens: the
    /// old record reads as zeros (and known lanes as their known values), and the new one is
    /// dropped. Given twice, the access happens when both flags are 1.
    pub fn when(mut self, flag: &V<B>) -> Self {
        self.when = Some(match self.when.take() {
            Some(earlier) => earlier * flag,
            None => flag.clone(),
        });
        self
    }

    /// Performs the access with `known` lanes (padded or cut to `R`'s lanes).
    fn run<R: Record<V<B>>, X>(self, mut known: Vec<Option<V<B>>>, f: impl FnOnce(&mut Cx<B>, R) -> (R, X)) -> (R, X) {
        let Self { cx, name, addr, when, .. } = self;
        known.resize(R::LANES, None);
        let (old, extra) = cx.access_lanes(name, R::NAMES, when.as_ref(), &addr, &known, |cx, old| {
            let old = record(cx, old);
            let (new, extra) = f(cx, old);
            (new.into_lanes(), extra)
        });
        (record(cx, &old), extra)
    }
}

/// The record of lanes `lanes`. An access to a record wider than the word (a misuse, already
/// reported) has fewer lanes than the record: zeros fill in, so layout carries on.
fn record<B: Interp, R: Record<V<B>>>(cx: &Cx<B>, lanes: &[V<B>]) -> R {
    R::from_lanes(|lane| lanes.get(lane).cloned().unwrap_or_else(|| cx.zero()))
}

impl<'a, B: Interp> Access<'a, B> {
    /// Fixes the lanes that are `Some` in `known` to those values: they cost no column, the old
    /// record holds them, and the bus tuple carries them, so a word that holds something else
    /// there cannot be accessed this way (the executor reports it, and no proof balances). Known
    /// values should have degree 1 at most, like every lane.
    pub fn known<K: Known<B>>(self, known: K) -> Access<'a, B, K> {
        let Self { cx, name, addr, when, .. } = self;
        Access { cx, name, addr, when, known }
    }

    /// Reads the record at the address (writing it back unchanged).
    pub fn read<R: Record<V<B>>>(self) -> R {
        self.run(Vec::new(), |_, old: R| (old, ())).0
    }

    /// Replaces the record by the first value `f` returns, given the old record; returns the
    /// second.
    pub fn update<R: Record<V<B>>, X>(self, f: impl FnOnce(&mut Cx<B>, R) -> (R, X)) -> X {
        self.run(Vec::new(), f).1
    }
}

impl<B: Interp, K: Known<B>> Access<'_, B, K> {
    /// [`Access::read`] with known lanes.
    pub fn read(self) -> K::Record {
        self.run_known(|_, old| (old, ())).0
    }

    /// [`Access::update`] with known lanes: `f` sees their values in the old record, and what it
    /// returns there is written.
    pub fn update<X>(self, f: impl FnOnce(&mut Cx<B>, K::Record) -> (K::Record, X)) -> X {
        self.run_known(f).1
    }

    fn run_known<X>(self, f: impl FnOnce(&mut Cx<B>, K::Record) -> (K::Record, X)) -> (K::Record, X) {
        let Self { cx, name, addr, when, known } = self;
        Access { cx, name, addr, when, known: () }.run(known.into_lanes(), f)
    }
}

//! What several opcodes share: a unit's addresses and the rejection event.

use appvm::{Cx, Interp, V};

use crate::layout::{UNITS, UNIT_WORDS};
use crate::wire::{Kind, RejectedRecord};

/// The three words of a unit, from its id.
pub(crate) struct UnitAddr<B: Interp> {
    pub body: V<B>,
    pub drive: V<B>,
    pub stats: V<B>,
}

impl<B: Interp> UnitAddr<B> {
    /// The words of unit `id`.
    pub fn of(id: &V<B>) -> Self {
        let body = id * UNIT_WORDS + UNITS;
        Self { drive: &body + 1, stats: &body + 2, body }
    }

    /// The words of the unit a link names (`id + 1`); meaningless for the link 0, whose accesses
    /// must be gated off.
    pub fn linked(link: &V<B>) -> Self {
        Self::of(&(link - 1))
    }
}

/// Emits `Rejected { unit, reason }` when `cond` is 1.
pub(crate) fn reject_if<B: Interp>(cx: &mut Cx<B>, cond: &V<B>, unit: &V<B>, reason: V<B>) {
    let kind = cx.lit(Kind::Rejected as u64);
    cx.output_if(cond, RejectedRecord { kind, unit: unit.clone(), reason });
}

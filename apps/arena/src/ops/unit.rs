//! What several opcodes share: a unit's addresses, the checks of a command in order, and the
//! rejection event.

use appvm::{Cx, Interp, V};

use super::reason;
use crate::layout::{Game, GAME, UNITS, UNIT_WORDS};
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

/// A command's checks, in the order of docs/arena.md, "Orders": each has the columns' name, a
/// boolean that is 1 where it fails, and its reason code. The first is always "the match is
/// over", read from the game record.
pub(crate) struct Checks<B: Interp> {
    passed: V<B>,
    why: V<B>,
}

impl<B: Interp> Checks<B> {
    /// Starts with the match-over check.
    pub fn new(cx: &mut Cx<B>) -> Self {
        let game: Game<V<B>> = cx.access("game", &cx.lit(GAME)).read();
        Self { passed: cx.not(&game.over), why: &game.over * reason::MATCH_OVER }
    }

    /// Adds a check: `fails` (boolean) counts only where every earlier check passed, so exactly one
    /// reason is given.
    pub fn check(&mut self, cx: &mut Cx<B>, name: &'static str, fails: &V<B>, code: u64) {
        let first = cx.materialize(name, &(&self.passed * fails));
        self.why = &self.why + &first * code;
        self.passed = &self.passed - &first;
    }

    /// 1 where every check passed; emits `Rejected { unit, reason }` where one failed.
    pub fn verdict(self, cx: &mut Cx<B>, unit: &V<B>) -> V<B> {
        let valid = cx.materialize("valid", &self.passed);
        reject_if(cx, &cx.not(&valid), unit, self.why);
        valid
    }
}

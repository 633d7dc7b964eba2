//! Rejection reasons: the first failing check of an input gives its reason.
//!
//! The rules themselves are the framework's ([`Rule`], [`Validation`]). A list of rules is written
//! once per input kind, against a [`Judge`], which gives it one of two meanings:
//! - [`Checks`]: each rule becomes flags and the first failing one gives the reason (for rows that
//!   must say *why* an input is rejected);
//! - [`Validation`]: the rules are asserted under one hinted `valid` bit (for the row that handles
//!   a *valid* input: an assertion costs fewer columns than a flag, and no first-failure chain is
//!   needed). If the bit is 0, that row hands the input to a row that runs the same list as
//!   [`Checks`] and must find a failure, so the hint cannot lie either way.

use appvm::dsl::{Check, Rule, Validation};
use appvm::{Cx, Interp, Name, V};

use crate::types::Reason;

/// The checks of one input, in the spec's order: the first one that fails gives the reason.
///
/// `pass` is the product of every check so far, one column per factor; a check's reason is
/// charged `pass_before - pass_after`, which is 1 exactly for the first failing factor. The reason
/// is therefore linear in the `pass` columns and is 0 when everything passed.
#[derive(Debug)]
pub(crate) struct Checks<B: Interp> {
    pass: V<B>,
    reason: V<B>,
}

impl<B: Interp> Checks<B> {
    /// No check yet: everything passes.
    pub fn new(cx: &Cx<B>) -> Self {
        Self { pass: cx.one(), reason: cx.zero() }
    }

    /// Checks that start after an earlier verdict `pass` (a boolean).
    pub fn from_pass(cx: &Cx<B>, pass: &V<B>) -> Self {
        Self { pass: pass.clone(), reason: cx.zero() }
    }

    /// Adds the check `ok` (a boolean), rejected with `reason` if it is the first to fail.
    pub fn require(&mut self, cx: &mut Cx<B>, name: impl Into<Name>, ok: &V<B>, reason: Reason) {
        let name = name.into();
        let product = &self.pass * ok;
        let next = if product.degree() <= 1 {
            product
        } else {
            let col = cx.hint(name, |w| w.get(&product));
            cx.assert_zero(name, &(&col - &product));
            col
        };
        self.reason = &self.reason + (&self.pass - &next) * u64::from(reason.code());
        self.pass = next;
    }

    /// 1 if every check so far passed.
    pub fn pass(&self) -> V<B> {
        self.pass.clone()
    }

    /// The reason code of the first failed check, 0 if none failed.
    pub fn reason(&self) -> V<B> {
        self.reason.clone()
    }
}

/// The reason a failing rule is rejected with.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Why {
    /// One reason, whichever part fails.
    Always(Reason),
    /// For [`Rule::MultipleAtLeast`]: zero or off the grid, or too few multiples.
    Multiple {
        /// The value is 0 or not a multiple.
        zero_or_off_grid: Reason,
        /// The multiple is below the minimum.
        too_few: Reason,
    },
}

impl From<Reason> for Why {
    fn from(reason: Reason) -> Self {
        Why::Always(reason)
    }
}

impl Why {
    fn reason(self, check: Check) -> Reason {
        match (self, check) {
            (Why::Always(reason), _) => reason,
            (Why::Multiple { too_few, .. }, Check::Bound) => too_few,
            (Why::Multiple { zero_or_off_grid, .. }, _) => zero_or_off_grid,
        }
    }
}

/// `a < b` for `u32` operands, `b` at most `2^diff_bits` (so `b - a - 1` fits `diff_bits` bits
/// when the rule holds).
pub(crate) fn lt_u32<B: Interp>(a: &V<B>, b: &V<B>, diff_bits: u32) -> Rule<B> {
    Rule::Lt { a: a.clone(), b: b.clone(), bits: 32, diff_bits }
}

/// What a list of rules means: see the module docs.
pub(crate) trait Judge<B: Interp> {
    /// Adds `rule` (its columns named `name`, the running verdict `pass`), rejected with `why` if
    /// it is the first to fail.
    fn rule(&mut self, cx: &mut Cx<B>, name: (&'static str, &'static str), rule: Rule<B>, why: impl Into<Why>);

    /// `value` where every rule so far holds; where one fails, something that keeps the gadgets
    /// that use it in range (0). [`Validation`] returns `value`: its rules are asserted before
    /// anything uses it.
    fn checked(&mut self, cx: &mut Cx<B>, name: &'static str, value: &V<B>) -> V<B>;
}

impl<B: Interp> Judge<B> for Checks<B> {
    fn rule(&mut self, cx: &mut Cx<B>, (name, pass): (&'static str, &'static str), rule: Rule<B>, why: impl Into<Why>) {
        const PARTS: [&str; 3] = ["", "2", "3"];
        let why = why.into();
        for ((check, ok), part) in rule.flags(cx, name).into_iter().zip(PARTS) {
            self.require(cx, Name::part(pass, part), &ok, why.reason(check));
        }
    }

    fn checked(&mut self, cx: &mut Cx<B>, name: &'static str, value: &V<B>) -> V<B> {
        cx.materialize(name, &(value * self.pass()))
    }
}

impl<B: Interp> Judge<B> for Validation<B> {
    fn rule(&mut self, _cx: &mut Cx<B>, (name, _): (&'static str, &'static str), rule: Rule<B>, _why: impl Into<Why>) {
        self.require(name, rule);
    }

    fn checked(&mut self, _cx: &mut Cx<B>, _name: &'static str, value: &V<B>) -> V<B> {
        value.clone()
    }
}

//! Rules an input must satisfy, written once and given either of two meanings:
//! - as flags ([`Rule::flags`]): each rule becomes boolean gadgets that are 1 where it holds, for
//!   rows that must say *which* rule failed (a rejection reason);
//! - as assertions under a hinted verdict ([`Validation`]): the executor evaluates every rule
//!   natively ([`Rule::holds`]) into one hinted `valid` bit, and each rule is asserted gated by it
//!   ([`Rule::assert_if`]), which costs fewer columns than a flag. The bit may only be trusted
//!   one way: a row whose bit is 0 must hand the input to a row that evaluates the same rules as
//!   flags and finds a failure, so the hint cannot lie either way.

use super::cx::{Cx, Hints};
use super::interp::{Interp, Name};
use super::value::V;

/// One condition, in one of a few shapes whose native check, flags and gated assertion agree.
#[derive(Debug)]
pub enum Rule<B: Interp> {
    /// `a < b`, for `a, b` known to lie in `[0, 2^bits)`. When the rule holds, `b - a - 1` lies in
    /// `[0, 2^diff_bits)` (`diff_bits <= bits`; smaller when `b` is known to be small), which is
    /// what is asserted.
    Lt {
        /// Left side.
        a: V<B>,
        /// Right side.
        b: V<B>,
        /// Bits of both sides.
        bits: u32,
        /// Bits of `b - a - 1` when the rule holds.
        diff_bits: u32,
    },
    /// `x` is 0 or 1 (any field element).
    Bit(V<B>),
    /// `x != 0`.
    NonZero(V<B>),
    /// `x = d * q` with `q < limit`: `x` (below `2^32`) is on the grid of step `d` (an expression
    /// in `[1, 2^16]` for every operand value) and below `d * limit` (`limit <= 2^32`).
    MultipleBelow {
        /// The value.
        x: V<B>,
        /// The grid step.
        d: V<B>,
        /// Multiples allowed: `q < limit`.
        limit: V<B>,
    },
    /// `x = d * q` with `q >= min >= 1`: a positive multiple of `d` (as above), at least `d * min`.
    /// `min_is_one`: the caller knows `min` is 1, so "positive" and "at least `min`" are one
    /// comparison (one flag less).
    MultipleAtLeast {
        /// The value.
        x: V<B>,
        /// The grid step.
        d: V<B>,
        /// Fewest multiples allowed.
        min: V<B>,
        /// `min` is 1 for every input.
        min_is_one: bool,
    },
}

// By hand: a derive would require the interpreter marker `B` to be `Clone`.
impl<B: Interp> Clone for Rule<B> {
    fn clone(&self) -> Self {
        match self {
            Rule::Lt { a, b, bits, diff_bits } => {
                Rule::Lt { a: a.clone(), b: b.clone(), bits: *bits, diff_bits: *diff_bits }
            }
            Rule::Bit(x) => Rule::Bit(x.clone()),
            Rule::NonZero(x) => Rule::NonZero(x.clone()),
            Rule::MultipleBelow { x, d, limit } => {
                Rule::MultipleBelow { x: x.clone(), d: d.clone(), limit: limit.clone() }
            }
            Rule::MultipleAtLeast { x, d, min, min_is_one } => {
                Rule::MultipleAtLeast { x: x.clone(), d: d.clone(), min: min.clone(), min_is_one: *min_is_one }
            }
        }
    }
}

/// What one flag of [`Rule::flags`] checks, so a caller can map each to its own reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The whole rule (`Lt`, `Bit`, `NonZero`).
    Holds,
    /// `x` is a multiple of `d`.
    OnGrid,
    /// The multiple is positive (and, with `min_is_one`, at least `min`).
    Positive,
    /// The multiple is below `limit`, or at least `min`.
    Bound,
}

impl<B: Interp> Rule<B> {
    /// `a < b` for `a, b` in `[0, 2^bits)`.
    pub fn lt(a: &V<B>, b: &V<B>, bits: u32) -> Self {
        Rule::Lt { a: a.clone(), b: b.clone(), bits, diff_bits: bits }
    }

    /// Whether the rule holds, natively (inside a hint).
    pub fn holds(&self, h: &Hints<'_, B>) -> bool {
        let multiple = |x: &V<B>, d: &V<B>| {
            let d = h.u64(d);
            (d != 0 && h.u64(x) % d == 0).then(|| h.u64(x) / d)
        };
        match self {
            Rule::Lt { a, b, .. } => h.u64(a) < h.u64(b),
            Rule::Bit(x) => h.u64(x) <= 1,
            Rule::NonZero(x) => h.u64(x) != 0,
            Rule::MultipleBelow { x, d, limit } => multiple(x, d).is_some_and(|q| q < h.u64(limit)),
            Rule::MultipleAtLeast { x, d, min, .. } => multiple(x, d).is_some_and(|q| q >= h.u64(min)),
        }
    }

    /// The rule as boolean flags, each 1 where its part holds, in the order a first failure
    /// should be reported; the rule holds iff all are 1. Operands must respect the rule's bounds
    /// for every input (the flags' gadgets assume them).
    pub fn flags(&self, cx: &mut Cx<B>, name: impl Into<Name>) -> Vec<(Check, V<B>)> {
        let name = name.into().scope;
        match self {
            Rule::Lt { a, b, bits, .. } => vec![(Check::Holds, cx.lt(name, a, b, *bits))],
            Rule::Bit(x) => vec![(Check::Holds, cx.is_bit(name, x))],
            Rule::NonZero(x) => {
                let zero = cx.is_zero(name, x);
                vec![(Check::Holds, cx.not(&zero))]
            }
            Rule::MultipleBelow { x, d, limit } => {
                // The comparison also bounds q, which makes (q, r) the integer division: a wrong
                // r gives a q far from [0, 2^33).
                let (q, r) = cx.div_rem(name, x, d);
                let on_grid = cx.is_zero(name, &r);
                let below = cx.lt(name, &q, limit, 32);
                vec![(Check::OnGrid, on_grid), (Check::Bound, below)]
            }
            Rule::MultipleAtLeast { x, d, min, min_is_one } => {
                // The comparison bounds q, as for `MultipleBelow`.
                let (q, r) = cx.div_rem(name, x, d);
                let on_grid = cx.is_zero(name, &r);
                let few = cx.lt(name, &q, min, 32);
                let enough = cx.not(&few);
                if *min_is_one {
                    // On the grid, x = 0 iff q = 0 iff q < min: one flag serves both.
                    return vec![(Check::OnGrid, on_grid), (Check::Positive, enough)];
                }
                let one = cx.one();
                let none = cx.lt("no_multiple", &q, &one, 32);
                let some = cx.not(&none);
                vec![(Check::OnGrid, on_grid), (Check::Positive, some), (Check::Bound, enough)]
            }
        }
    }

    /// Requires the rule when the boolean `gate` is 1; every column it adds is 0 when `gate` is 0
    /// (so a row whose gate is off has a unique witness).
    pub fn assert_if(&self, cx: &mut Cx<B>, name: impl Into<Name>, gate: &V<B>) {
        let name = name.into().scope;
        match self {
            Rule::Lt { a, b, diff_bits, .. } => cx.assert_lt_if(name, gate, a, b, *diff_bits),
            Rule::Bit(x) => {
                let poly = cx.materialize(name, &(x * (x - 1)));
                cx.assert_zero(Name::part(name, "bit"), &(gate * &poly));
            }
            Rule::NonZero(x) => cx.assert_nonzero_if(name, gate, x),
            Rule::MultipleBelow { x, d, limit } => {
                // `limit - 1 - q` in [0, 2^32) leaves q in [0, limit) or within 2^32 below p; there
                // `d * q = x` would need `x + d * (p - q) = 0` over the integers, impossible for a
                // positive x. So q is the integer quotient, below `limit`.
                let q = gated_quotient(cx, name, x, d, gate);
                cx.range(Name::part(name, "below"), &(gate * (limit - 1 - &q)), 32);
            }
            Rule::MultipleAtLeast { x, d, min, .. } => {
                // `q - min` in [0, 2^32): q is at least min and below 2^33, so `d * q = x` is an
                // integer equation.
                let q = gated_quotient(cx, name, x, d, gate);
                cx.range(Name::part(name, "at_least"), &(gate * (&q - min)), 32);
            }
        }
    }
}

/// `q` with `d * q = gate * x`, hinted (0 when the gate is off: `d` is never 0).
fn gated_quotient<B: Interp>(cx: &mut Cx<B>, name: &'static str, x: &V<B>, d: &V<B>, gate: &V<B>) -> V<B> {
    let q =
        cx.hint_u64(Name::part(name, "quotient"), |w| if w.u64(gate) == 1 { w.u64(x) / w.u64(d).max(1) } else { 0 });
    cx.assert_zero(Name::part(name, "multiple"), &(d * &q - gate * x));
    q
}

/// Rules gathered for one hinted verdict: see the module docs.
///
/// ```
/// # use appvm::{Cx, Interp, V};
/// # use appvm::dsl::{Rule, Validation};
/// fn valid<B: Interp>(cx: &mut Cx<B>, qty: &V<B>, max: &V<B>) -> V<B> {
///     let mut rules = Validation::new();
///     rules.require("qty_nonzero", Rule::NonZero(qty.clone()));
///     rules.require("qty_below_max", Rule::lt(qty, max, 32));
///     // 1 iff every rule holds; each rule is asserted where it is 1. Where it is 0, the caller
///     // must hand the input to a row that finds the failing rule with `Rule::flags`.
///     rules.valid(cx, "valid")
/// }
/// ```
#[derive(Debug)]
pub struct Validation<B: Interp> {
    rules: Vec<(Name, Rule<B>)>,
}

impl<B: Interp> Default for Validation<B> {
    fn default() -> Self {
        Self { rules: Vec::new() }
    }
}

impl<B: Interp> Validation<B> {
    /// No rule yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `rule`, its columns named `name.<part>`.
    pub fn require(&mut self, name: impl Into<Name>, rule: Rule<B>) {
        self.rules.push((name.into(), rule));
    }

    /// A hinted bit, 1 iff every rule holds (evaluated natively), and every rule asserted under
    /// it. The caller must send the input to a row that evaluates the rules as flags when the bit
    /// is 0.
    pub fn valid(self, cx: &mut Cx<B>, name: impl Into<Name>) -> V<B> {
        let valid = cx.hint_bool(name, |h| self.rules.iter().all(|(_, rule)| rule.holds(h)));
        for (rule_name, rule) in &self.rules {
            rule.assert_if(cx, *rule_name, &valid);
        }
        valid
    }
}

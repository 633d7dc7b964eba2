//! Rejection-reason selection, the rules an input must satisfy, and the small arithmetic gadgets
//! they are built from.
//!
//! A [`Rule`] is one condition in one of a few shapes (`a < b`, a bit, non-zero, a multiple). A
//! list of rules is written once per input kind, against a [`Judge`], and a judge gives it one
//! of two meanings:
//! - [`Flags`]: each rule becomes a flag gadget and the first failing one gives the reason (for
//!   rows that must say *why* an input is rejected);
//! - [`Collect`]: the rules are gathered, evaluated natively by the executor into one hinted
//!   `valid` bit, and then asserted, gated by that bit (for the row that handles a *valid* input:
//!   an assertion costs fewer columns than a flag, and no first-failure chain is needed). If the
//!   hint is 0, that row hands the input to a row that runs the same list with [`Flags`] and must
//!   find a failure, so the hint cannot lie either way.

use appvm::dsl::Witness;
use appvm::{Cx, Interp, Name, V};
use p3_field::{Field, PrimeCharacteristicRing};

use crate::types::{Reason, BPS_DENOMINATOR};

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
    pub fn require(&mut self, cx: &mut Cx<B>, name: &'static str, ok: &V<B>, reason: Reason) {
        self.require_named(cx, Name::new(name), ok, reason);
    }

    /// [`Checks::require`] with a two-part column name.
    pub fn require_named(&mut self, cx: &mut Cx<B>, name: Name, ok: &V<B>, reason: Reason) {
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

/// 1 if `x` is 0 or 1: `x * (x - 1)` is zero. Works for any field element (an operand of any
/// value), with no range check.
pub(crate) fn is_bit<B: Interp>(cx: &mut Cx<B>, name: &'static str, x: &V<B>) -> V<B> {
    let poly = cx.materialize(name, &(x * (x - 1)));
    cx.is_zero(name, &poly)
}

/// Integer division of `x` (below `2^32`) by a divisor `d` in `[1, 2^16]` given as a fixed
/// expression: hints `q, r` with `x = d * q + r` and `0 <= r < d` (two 16-bit lookups: `r` and
/// `r + 2^16 - d`).
///
/// The caller must bound `q` (a range check, or a comparison that admits only small values): in
/// the field every `r` has some `q`, and only a bound on `q` leaves the integer quotient.
pub(crate) fn divide<B: Interp>(cx: &mut Cx<B>, name: &'static str, x: &V<B>, d: &V<B>) -> (V<B>, V<B>) {
    let q = cx.hint_u64(Name::part(name, "quotient"), |w| w.u64(x) / w.u64(d).max(1));
    let r = cx.hint_u64(Name::part(name, "remainder"), |w| w.u64(x) % w.u64(d).max(1));
    cx.assert_zero(Name::part(name, "division"), &(x - (d * &q + &r)));
    cx.range(Name::part(name, "remainder"), &r, 16);
    cx.range(Name::part(name, "remainder_below_divisor"), &(&r + (1u64 << 16) - d), 16);
    (q, r)
}

/// `floor(amount * bps / 10000)` for `amount * bps < 10000 * 2^quotient_bits`: the quotient is
/// range-checked to `quotient_bits`, the remainder below 10000, and `10000 * 2^quotient_bits` is
/// below the field's characteristic, so both are unique.
pub(crate) fn fee<B: Interp>(
    cx: &mut Cx<B>,
    name: &'static str,
    amount: &V<B>,
    bps: &V<B>,
    quotient_bits: u32,
) -> V<B> {
    let scaled = amount * bps;
    let q = cx.hint_u64(Name::part(name, "fee"), |w| w.u64(&scaled) / BPS_DENOMINATOR);
    let r = cx.hint_u64(Name::part(name, "rounding"), |w| w.u64(&scaled) % BPS_DENOMINATOR);
    cx.assert_zero(Name::part(name, "division"), &(&scaled - (&q * BPS_DENOMINATOR + &r)));
    cx.range(Name::part(name, "fee"), &q, quotient_bits);
    cx.range(Name::part(name, "rounding"), &r, 16);
    cx.range(Name::part(name, "rounding_below_10000"), &(&r + ((1u64 << 16) - BPS_DENOMINATOR)), 16);
    q
}

/// Requires `x != 0` when the boolean `gate` is 1, with one column: `w = gate / x`, constrained
/// by `x * w = gate` and `(1 - gate) * w = 0` (so `w` is unique, 0 when the gate is off).
pub(crate) fn assert_nonzero_if<B: Interp>(cx: &mut Cx<B>, name: &'static str, gate: &V<B>, x: &V<B>) {
    let w = cx.hint(Name::part(name, "inverse"), |w| {
        if w.get(gate) == <appvm::F as PrimeCharacteristicRing>::ONE {
            w.get(x).try_inverse().unwrap_or(appvm::F::ZERO)
        } else {
            appvm::F::ZERO
        }
    });
    cx.assert_zero(Name::part(name, "nonzero"), &(x * &w - gate));
    cx.assert_zero(Name::part(name, "inverse_off"), &((cx.one() - gate) * &w));
}

/// Requires `a < b` (both in `[0, 2^bits)`) when the boolean `gate` is 1, by range-checking
/// `gate * (b - a - 1)`.
pub(crate) fn assert_lt_if<B: Interp>(cx: &mut Cx<B>, name: &'static str, gate: &V<B>, a: &V<B>, b: &V<B>, bits: u32) {
    let d = gate * (b - a - 1);
    cx.range(Name::new(name), &d, bits);
}

/// One condition an input must satisfy.
#[derive(Clone, Debug)]
pub(crate) enum Rule<B: Interp> {
    /// `a < b`, for `a, b` known to lie in `[0, 2^bits)`. When the rule holds, `b - a - 1` lies in
    /// `[0, 2^diff_bits)` (`diff_bits <= bits`), which is what is asserted.
    Lt { a: V<B>, b: V<B>, bits: u32, diff_bits: u32 },
    /// `x` is 0 or 1.
    Bit(V<B>),
    /// `x != 0`.
    NonZero(V<B>),
    /// `x = d * q` with `q < limit`: `x` (below `2^32`) is on the grid of step `d` (a fixed
    /// expression in `[1, 2^16]`, non-zero for every operand value) and below `d * limit`
    /// (`limit <= 2^32`).
    Below { x: V<B>, d: V<B>, limit: V<B> },
    /// `x = d * q` with `q >= min` (`1 <= min`): `x` is a positive multiple of `d` and at least
    /// `d * min`. Its first failure is reported as `zero_or_off_grid` (the multiple part) or as
    /// the rule's own reason (too few multiples). `min_is_one`: `min` is 1 in every market, so
    /// "some multiple" and "enough multiples" are one comparison.
    AtLeast { x: V<B>, d: V<B>, min: V<B>, zero_or_off_grid: Reason, min_is_one: bool },
}

impl<B: Interp> Rule<B> {
    /// `a < b` for `u32`-bounded operands; `b` is at most `2^diff_bits`.
    pub fn lt(a: &V<B>, b: &V<B>, diff_bits: u32) -> Self {
        Rule::Lt { a: a.clone(), b: b.clone(), bits: 32, diff_bits }
    }

    /// Whether the rule holds, natively.
    fn holds(&self, w: &Witness<'_, B>) -> bool {
        let multiple = |x: &V<B>, d: &V<B>| {
            let d = w.u64(d);
            (d != 0 && w.u64(x) % d == 0).then(|| w.u64(x) / d)
        };
        match self {
            Rule::Lt { a, b, .. } => w.u64(a) < w.u64(b),
            Rule::Bit(x) => w.u64(x) <= 1,
            Rule::NonZero(x) => w.u64(x) != 0,
            Rule::Below { x, d, limit } => multiple(x, d).is_some_and(|q| q < w.u64(limit)),
            Rule::AtLeast { x, d, min, .. } => multiple(x, d).is_some_and(|q| q >= w.u64(min)),
        }
    }

    /// The rule's flags and their reasons, in order (`reason` for the rule's own). Operands must
    /// respect the rule's bounds for every input.
    fn flags(&self, cx: &mut Cx<B>, name: &'static str, reason: Reason) -> Vec<(V<B>, Reason)> {
        match self {
            Rule::Lt { a, b, bits, .. } => vec![(cx.lt(name, a, b, *bits), reason)],
            Rule::Bit(x) => vec![(is_bit(cx, name, x), reason)],
            Rule::NonZero(x) => {
                let zero = cx.is_zero(name, x);
                vec![(cx.not(&zero), reason)]
            }
            Rule::Below { x, d, limit } => {
                // The comparison also bounds q, which makes (q, r) the integer division: a wrong
                // r gives a q far from [0, 2^33).
                let (q, r) = divide(cx, name, x, d);
                let on_grid = cx.is_zero(name, &r);
                let below = cx.lt(name, &q, limit, 32);
                vec![(on_grid, reason), (below, reason)]
            }
            Rule::AtLeast { x, d, min, zero_or_off_grid, min_is_one } => {
                // The comparison bounds q, as for `Below`.
                let (q, r) = divide(cx, name, x, d);
                let on_grid = cx.is_zero(name, &r);
                let few = cx.lt(name, &q, min, 32);
                let enough = cx.not(&few);
                if *min_is_one {
                    // On the grid, x = 0 iff q = 0 iff q < min: one flag serves both reasons,
                    // and after it the minimum cannot fail.
                    return vec![(on_grid, *zero_or_off_grid), (enough, *zero_or_off_grid)];
                }
                let one = cx.one();
                let none = cx.lt("no_multiple", &q, &one, 32);
                let some = cx.not(&none);
                vec![(on_grid, *zero_or_off_grid), (some, *zero_or_off_grid), (enough, reason)]
            }
        }
    }

    /// Requires the rule when `gate` is 1; every column it adds is 0 when `gate` is 0.
    fn assert_if(&self, cx: &mut Cx<B>, name: &'static str, gate: &V<B>) {
        match self {
            Rule::Lt { a, b, diff_bits, .. } => cx.range(Name::new(name), &(gate * (b - a - 1)), *diff_bits),
            Rule::Bit(x) => {
                let poly = cx.materialize(name, &(x * (x - 1)));
                cx.assert_zero(Name::part(name, "bit"), &(gate * &poly));
            }
            Rule::NonZero(x) => assert_nonzero_if(cx, name, gate, x),
            Rule::Below { x, d, limit } => {
                // `limit - 1 - q` in [0, 2^32) leaves q in [0, limit) or within 2^32 below p; there
                // `d * q = x` would need `x + d * (p - q) = 0` over the integers, impossible for a
                // positive x. So q is the integer quotient, below `limit`.
                let q = quotient(cx, name, x, d, gate);
                cx.range(Name::part(name, "below"), &(gate * (limit - 1 - &q)), 32);
            }
            Rule::AtLeast { x, d, min, .. } => {
                // `q - min` in [0, 2^32): q is at least min and below 2^33, so `d * q = x` is an
                // integer equation.
                let q = quotient(cx, name, x, d, gate);
                cx.range(Name::part(name, "at_least"), &(gate * (&q - min)), 32);
            }
        }
    }
}

/// `q` with `d * q = gate * x`, the hinted quotient (0 when the gate is off: d is never 0).
fn quotient<B: Interp>(cx: &mut Cx<B>, name: &'static str, x: &V<B>, d: &V<B>, gate: &V<B>) -> V<B> {
    let q =
        cx.hint_u64(Name::part(name, "quotient"), |w| if w.u64(gate) == 1 { w.u64(x) / w.u64(d).max(1) } else { 0 });
    cx.assert_zero(Name::part(name, "multiple"), &(d * &q - gate * x));
    q
}

/// What a list of rules means: see the module docs.
pub(crate) trait Judge<B: Interp> {
    /// Adds `rule` (its columns named `name`, the running verdict `pass`), rejected with `reason`
    /// if it is the first to fail. Returns 1 if every rule so far holds, as far as this judge
    /// knows.
    fn rule(&mut self, cx: &mut Cx<B>, name: (&'static str, &'static str), rule: Rule<B>, reason: Reason) -> V<B>;

    /// `value` where every rule so far holds; where one fails, something that keeps the gadgets
    /// that use it in range (0). [`Collect`] returns `value`: its rules are asserted before
    /// anything uses it.
    fn checked(&mut self, cx: &mut Cx<B>, name: &'static str, value: &V<B>) -> V<B>;
}

/// Rules as flags with a first-failure reason.
#[derive(Debug)]
pub(crate) struct Flags<B: Interp> {
    /// The checks so far.
    pub checks: Checks<B>,
}

impl<B: Interp> Flags<B> {
    /// No rule yet.
    pub fn new(cx: &Cx<B>) -> Self {
        Self { checks: Checks::new(cx) }
    }
}

impl<B: Interp> Judge<B> for Flags<B> {
    fn rule(
        &mut self,
        cx: &mut Cx<B>,
        (name, pass): (&'static str, &'static str),
        rule: Rule<B>,
        reason: Reason,
    ) -> V<B> {
        const PARTS: [&str; 3] = ["", "2", "3"];
        for ((ok, reason), part) in rule.flags(cx, name, reason).into_iter().zip(PARTS) {
            self.checks.require_named(cx, Name::part(pass, part), &ok, reason);
        }
        self.checks.pass()
    }

    fn checked(&mut self, cx: &mut Cx<B>, name: &'static str, value: &V<B>) -> V<B> {
        cx.materialize(name, &(value * self.checks.pass()))
    }
}

/// Rules gathered for a hinted `valid` bit.
#[derive(Debug)]
pub(crate) struct Collect<B: Interp> {
    rules: Vec<(&'static str, Rule<B>)>,
}

impl<B: Interp> Collect<B> {
    /// No rule yet.
    pub fn new() -> Self {
        Self { rules: Vec::new() }
    }

    /// A hinted bit, 1 iff every rule holds (evaluated natively), and every rule asserted under
    /// it. The caller must send the input to a [`Flags`] row when the bit is 0.
    pub fn valid(self, cx: &mut Cx<B>, name: &'static str) -> V<B> {
        let valid = cx.hint_bool(Name::new(name), |w| self.rules.iter().all(|(_, rule)| rule.holds(w)));
        for (rule_name, rule) in &self.rules {
            rule.assert_if(cx, rule_name, &valid);
        }
        valid
    }
}

impl<B: Interp> Judge<B> for Collect<B> {
    fn rule(
        &mut self,
        cx: &mut Cx<B>,
        (name, _): (&'static str, &'static str),
        rule: Rule<B>,
        _reason: Reason,
    ) -> V<B> {
        self.rules.push((name, rule));
        cx.one()
    }

    fn checked(&mut self, _cx: &mut Cx<B>, _name: &'static str, value: &V<B>) -> V<B> {
        value.clone()
    }
}

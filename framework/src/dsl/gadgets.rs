//! Gadgets built once on the core primitives of [`Cx`]: zero tests, comparisons, selection,
//! gated assertions, division with remainder, signed fixed-point multiplication and floor, and a
//! linear congruential generator. Each comment
//! says why the witness is unique, which is what makes the mutation sweep meaningful.

use p3_field::{Field, PrimeCharacteristicRing, PrimeField64};

use super::cx::{Cx, Hints};
use super::interp::{Interp, Name};
use super::value::V;
use crate::backend::from_signed;
use crate::backend::F;

/// Fractional bits of `I16F16`.
const FX_FRAC_BITS: u32 = 16;

/// Basis points in one: a fee of `bps` basis points is `bps / 10_000` of the amount.
pub const BPS_DENOMINATOR: u64 = 10_000;

impl<B: Interp> Cx<B> {
    /// 1 if `v == 0`, else 0.
    ///
    /// Columns `inv` and `z` with `z = 1 - v * inv`, `v * z = 0` and `inv * z = 0`. If `v != 0`
    /// then `z = 0` and `inv = 1/v`; if `v = 0` then `z = 1` and the last constraint forces
    /// `inv = 0`. Both columns are unique.
    pub fn is_zero(&mut self, name: impl Into<Name>, v: &V<B>) -> V<B> {
        let name = name.into().scope;
        let inv = self.hint(Name::part(name, "inv"), |w| w.get(v).try_inverse().unwrap_or(F::ZERO));
        let z = self.hint(Name::part(name, "is_zero"), |w| F::from_bool(w.get(v).is_zero()));
        self.assert_zero(Name::part(name, "def"), &(&z - (self.one() - v * &inv)));
        self.assert_zero(Name::part(name, "v_z"), &(v * &z));
        self.assert_zero(Name::part(name, "inv_z"), &(&inv * &z));
        z
    }

    /// 1 if `a == b`, else 0.
    pub fn is_eq(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>) -> V<B> {
        self.is_zero(name, &(a - b))
    }

    /// 1 if `a < b`, for `a, b` already known to lie in `[0, 2^bits)`, `1 <= bits <= 62` (anything
    /// else is a misuse).
    ///
    /// A boolean `lt` and `d = lt ? b - a - 1 : a - b`, range-checked to `bits` bits. Exactly one
    /// choice of `lt` puts `d` in range (the other wraps to about `p`), so `lt` is unique.
    pub fn lt(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
        let name = name.into().scope;
        if bits > 62 {
            self.misuse(Name::part(name, "lt_operands_wider_than_62_bits"));
        } else if bits == 0 {
            self.misuse(Name::part(name, "lt_operands_of_0_bits"));
        }
        let lt = self.hint_bool(Name::part(name, "lt"), |w| w.u64(a) < w.u64(b));
        let d = &lt * (b - a - 1) + (self.one() - &lt) * (a - b);
        self.range(Name::part(name, "diff"), &d, bits);
        lt
    }

    /// 1 if `a <= b`, for `a, b` in `[0, 2^bits)`.
    pub fn le(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
        let gt = self.lt(name, b, a, bits);
        self.one() - gt
    }

    /// `a` if the boolean `c` is 1, else `b`.
    pub fn select(&self, c: &V<B>, a: &V<B>, b: &V<B>) -> V<B> {
        c * (a - b) + b
    }

    /// The smaller of `a, b` in `[0, 2^bits)`.
    pub fn min(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
        let lt = self.lt(name, a, b, bits);
        self.select(&lt, a, b)
    }

    /// The larger of `a, b` in `[0, 2^bits)`.
    pub fn max(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
        let lt = self.lt(name, a, b, bits);
        self.select(&lt, b, a)
    }

    /// Boolean negation.
    pub fn not(&self, x: &V<B>) -> V<B> {
        self.one() - x
    }

    /// Boolean conjunction.
    pub fn and(&self, x: &V<B>, y: &V<B>) -> V<B> {
        x * y
    }

    /// Boolean disjunction.
    pub fn or(&self, x: &V<B>, y: &V<B>) -> V<B> {
        x + y - x * y
    }

    /// 1 if `x` is 0 or 1, for any field element `x` (an operand of any value), with no range
    /// check: [`Cx::is_zero`] of `x * (x - 1)`, materialised (three columns).
    pub fn is_bit(&mut self, name: impl Into<Name>, x: &V<B>) -> V<B> {
        let name = name.into().scope;
        let poly = self.materialize(name, &(x * (x - 1)));
        self.is_zero(name, &poly)
    }

    /// Requires `x != 0`.
    pub fn assert_nonzero(&mut self, name: impl Into<Name>, x: &V<B>) {
        let one = self.one();
        self.assert_nonzero_if(name, &one, x);
    }

    /// Requires `x != 0` when the boolean `gate` is 1, with one column `inverse = gate / x`,
    /// constrained by `x * inverse = gate` and `(1 - gate) * inverse = 0`: with the gate on, `x`
    /// has an inverse, so is not 0; `inverse` is unique either way (0 when the gate is off).
    pub fn assert_nonzero_if(&mut self, name: impl Into<Name>, gate: &V<B>, x: &V<B>) {
        let name = name.into().scope;
        let inverse = self.hint(Name::part(name, "inverse"), |w| {
            if w.get(gate) == F::ONE {
                w.get(x).try_inverse().unwrap_or(F::ZERO)
            } else {
                F::ZERO
            }
        });
        self.assert_zero(Name::part(name, "nonzero"), &(x * &inverse - gate));
        self.assert_zero(Name::part(name, "inverse_off"), &((self.one() - gate) * &inverse));
    }

    /// Requires `a < b`, for `a, b` in `[0, 2^bits)`: `b - a - 1` is range-checked to `bits`.
    pub fn assert_lt(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>, bits: u32) {
        self.range(name, &(b - a - 1), bits);
    }

    /// Requires `a < b` (both in `[0, 2^bits)`) when the boolean `gate` is 1, by range-checking
    /// `gate * (b - a - 1)` to `bits` (0 when the gate is off, which is in range). No column
    /// beyond the range check's limbs.
    pub fn assert_lt_if(&mut self, name: impl Into<Name>, gate: &V<B>, a: &V<B>, b: &V<B>, bits: u32) {
        self.range(name, &(gate * (b - a - 1)), bits);
    }

    /// Integer division of `x` by a divisor `d` in `[1, 2^16]`: hints `(quotient, remainder)` with
    /// `x = d * quotient + remainder` and `0 <= remainder < d` (two 16-bit lookups: `remainder`
    /// and `remainder + 2^16 - d`).
    ///
    /// The caller must bound the quotient (a range check, or a comparison that admits only small
    /// values): in the field every remainder has some quotient, and only a bound on the quotient
    /// (with `d * bound` below the field's characteristic) leaves the integer one.
    pub fn div_rem(&mut self, name: impl Into<Name>, x: &V<B>, d: &V<B>) -> (V<B>, V<B>) {
        let name = name.into().scope;
        let q = self.hint_u64(Name::part(name, "quotient"), |w| w.u64(x) / w.u64(d).max(1));
        let r = self.hint_u64(Name::part(name, "remainder"), |w| w.u64(x) % w.u64(d).max(1));
        self.assert_zero(Name::part(name, "division"), &(x - (d * &q + &r)));
        self.range(Name::part(name, "remainder"), &r, 16);
        self.range(Name::part(name, "remainder_below_divisor"), &(&r + (1u64 << 16) - d), 16);
        (q, r)
    }

    /// `floor(a * b / denominator)`, for a constant `denominator` in `[1, 2^16]` and
    /// `a * b < denominator * 2^quotient_bits` as integers, with `denominator * 2^quotient_bits`
    /// at most the field's characteristic `p`. The quotient is range-checked to `quotient_bits`
    /// and the remainder below `denominator`, so `quotient * denominator + remainder` is an integer
    /// below `p`: the integer division of `a * b`, unique. A denominator or a quotient width
    /// outside those bounds is a misuse.
    pub fn mul_div(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>, denominator: u64, quotient_bits: u32) -> V<B> {
        let name = name.into().scope;
        if !(1..=1 << 16).contains(&denominator) {
            self.misuse(Name::part(name, "mul_div_denominator_outside_1_to_65536"));
        } else if quotient_bits >= 64 || u128::from(denominator) << quotient_bits > u128::from(F::ORDER_U64) {
            self.misuse(Name::part(name, "mul_div_quotient_too_wide_for_the_field"));
        }
        let denominator = denominator.clamp(1, 1 << 16);
        let scaled = a * b;
        let q = self.hint_u64(Name::part(name, "quotient"), |w| w.u64(&scaled) / denominator);
        let r = self.hint_u64(Name::part(name, "remainder"), |w| w.u64(&scaled) % denominator);
        self.assert_zero(Name::part(name, "division"), &(&scaled - (&q * denominator + &r)));
        self.range(Name::part(name, "quotient"), &q, quotient_bits);
        self.range(Name::part(name, "remainder"), &r, 16);
        self.range(Name::part(name, "remainder_below_denominator"), &(&r + ((1u64 << 16) - denominator)), 16);
        q
    }

    /// A fee of `bps` basis points on `amount`, rounded down: [`Cx::mul_div`] by
    /// `BPS_DENOMINATOR` (10,000), for `amount * bps < 10_000 * 2^quotient_bits`.
    pub fn fee(&mut self, name: impl Into<Name>, amount: &V<B>, bps: &V<B>, quotient_bits: u32) -> V<B> {
        self.mul_div(name, amount, bps, BPS_DENOMINATOR, quotient_bits)
    }

    /// Signed `I16F16` multiply, bit for bit `fixed::types::I16F16`'s `*` (floor of the exact
    /// product over `2^16`). Operands must already be `i32` bit patterns read as signed integers
    /// (as decoded operands and previous `fx_mul` results are). A product that does not fit
    /// `I16F16` has no witness: the executor reports it and no proof exists.
    ///
    /// `a * b = q * 2^16 + r` with `0 <= r < 2^16` and `-2^31 <= q < 2^31`. Because
    /// `|a * b| <= 2^62 < p / 2`, the field product is the integer product, and the range checks
    /// leave `q * 2^16 + r` a window of width `2^48 < p`, so `q` and `r` are unique.
    pub fn fx_mul(&mut self, name: impl Into<Name>, a: &V<B>, b: &V<B>) -> V<B> {
        let name = name.into().scope;
        let q = self.hint(Name::part(name, "q"), |w| {
            from_signed(((i128::from(w.i64(a)) * i128::from(w.i64(b))) >> FX_FRAC_BITS) as i64)
        });
        let r =
            self.hint_u64(Name::part(name, "rem"), |w| ((i128::from(w.i64(a)) * i128::from(w.i64(b))) & 0xffff) as u64);
        let recomposed = &q * (1u64 << FX_FRAC_BITS) + &r;
        self.assert_zero(Name::part(name, "div"), &(a * b - recomposed));
        self.range(Name::part(name, "rem"), &r, FX_FRAC_BITS);
        self.range(Name::part(name, "q"), &(&q + (1u64 << 31)), 32);
        q
    }

    /// The integer part of a non-negative `I16F16` (raw bits `x`) below `2^int_bits`
    /// (`1 <= int_bits <= 15`): `floor(x / 2^16)`, the tile or cell a fixed-point coordinate lies
    /// in. A negative or larger `x` has no witness.
    ///
    /// One column `i`, with `x - i * 2^16` range-checked to 16 bits and `i` to `int_bits` bits.
    /// `i * 2^16 + f` is then below `2^31 < p`, so `i` is unique.
    pub fn fx_floor(&mut self, name: impl Into<Name>, x: &V<B>, int_bits: u32) -> V<B> {
        let name = name.into().scope;
        if !(1..=15).contains(&int_bits) {
            self.misuse(Name::part(name, "fx_floor_int_bits_outside_1_to_15"));
        }
        let i = self.hint_u64(name, |w| w.u64(x) >> FX_FRAC_BITS);
        self.range(name, &i, int_bits.clamp(1, 15));
        self.range(Name::part(name, "frac"), &(x - &i * (1u64 << FX_FRAC_BITS)), FX_FRAC_BITS);
        i
    }

    /// One step of the linear congruential generator `s' = (a * s + c) mod 2^32`, for a state
    /// `s` below `2^32` and constants `a < 2^21`, `c < 2^32`: returns `s'` and its top `top_bits`
    /// bits (`1 <= top_bits <= 16`; an LCG's low bits are weak). Cheap in the field: one product
    /// and range checks, where xorshift would need bit decompositions.
    ///
    /// `a * s + c = k * 2^32 + hi * 2^(32 - top_bits) + lo` with `k < 2^22`, `hi < 2^top_bits` and
    /// `lo < 2^(32 - top_bits)`. Both sides are below `2^54 < p`, so the split is unique.
    pub fn lcg32(&mut self, name: impl Into<Name>, s: &V<B>, a: u64, c: u64, top_bits: u32) -> (V<B>, V<B>) {
        let name = name.into().scope;
        if a >= 1 << 21 || c >= 1 << 32 {
            self.misuse(Name::part(name, "lcg32_constants_too_large"));
        }
        if !(1..=16).contains(&top_bits) {
            self.misuse(Name::part(name, "lcg32_top_bits_outside_1_to_16"));
        }
        let top_bits = top_bits.clamp(1, 16);
        let low_bits = 32 - top_bits;
        let wide = move |w: &Hints<'_, B>| a * w.u64(s) + c;
        let k = self.hint_u64(Name::part(name, "wraps"), |w| wide(w) >> 32);
        let hi = self.hint_u64(Name::part(name, "top"), |w| (wide(w) & 0xffff_ffff) >> low_bits);
        let lo = self.hint_u64(Name::part(name, "low"), |w| wide(w) & ((1 << low_bits) - 1));
        self.range(Name::part(name, "wraps"), &k, 22);
        self.range(Name::part(name, "top"), &hi, top_bits);
        self.range(Name::part(name, "low"), &lo, low_bits);
        let next = &hi * (1u64 << low_bits) + &lo;
        self.assert_eq(Name::part(name, "step"), &(s * a + c), &(&k * (1u64 << 32) + &next));
        (next, hi)
    }
}

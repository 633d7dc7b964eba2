//! Gadgets built once on the core primitives of [`Cx`]: zero tests, comparisons, selection and
//! signed fixed-point multiplication. Each comment says why the witness is unique, which is what
//! makes the mutation sweep meaningful.

use p3_field::{Field, PrimeCharacteristicRing};

use super::cx::{from_signed, Cx};
use super::interp::{Interp, Name};
use super::value::V;
use crate::backend::F;

/// Fractional bits of `I16F16`.
const FX_FRAC_BITS: u32 = 16;

impl<B: Interp> Cx<B> {
    /// 1 if `v == 0`, else 0.
    ///
    /// Columns `inv` and `z` with `z = 1 - v * inv`, `v * z = 0` and `inv * z = 0`. If `v != 0`
    /// then `z = 0` and `inv = 1/v`; if `v = 0` then `z = 1` and the last constraint forces
    /// `inv = 0`. Both columns are unique.
    pub fn is_zero(&mut self, name: &'static str, v: &V<B>) -> V<B> {
        let inv = self.hint(Name::part(name, "inv"), |w| w.get(v).try_inverse().unwrap_or(F::ZERO));
        let z = self.hint(Name::part(name, "is_zero"), |w| F::from_bool(w.get(v).is_zero()));
        self.assert_zero(Name::part(name, "def"), &(&z - (self.one() - v * &inv)));
        self.assert_zero(Name::part(name, "v_z"), &(v * &z));
        self.assert_zero(Name::part(name, "inv_z"), &(&inv * &z));
        z
    }

    /// 1 if `a == b`, else 0.
    pub fn is_eq(&mut self, name: &'static str, a: &V<B>, b: &V<B>) -> V<B> {
        self.is_zero(name, &(a - b))
    }

    /// 1 if `a < b`, for `a, b` already known to lie in `[0, 2^bits)`, `bits <= 62`.
    ///
    /// A boolean `lt` and `d = lt ? b - a - 1 : a - b`, range-checked to `bits` bits. Exactly one
    /// choice of `lt` puts `d` in range (the other wraps to about `p`), so `lt` is unique.
    pub fn lt(&mut self, name: &'static str, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
        if bits > 62 {
            B::misuse(&mut self.st.borrow_mut(), Name::part(name, "lt_operands_wider_than_62_bits"));
        }
        let lt = self.hint_bool(Name::part(name, "lt"), |w| w.u64(a) < w.u64(b));
        let d = &lt * (b - a - 1) + (self.one() - &lt) * (a - b);
        self.range(Name::part(name, "diff"), &d, bits);
        lt
    }

    /// 1 if `a <= b`, for `a, b` in `[0, 2^bits)`.
    pub fn le(&mut self, name: &'static str, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
        let gt = self.lt(name, b, a, bits);
        self.one() - gt
    }

    /// `a` if the boolean `c` is 1, else `b`.
    pub fn select(&self, c: &V<B>, a: &V<B>, b: &V<B>) -> V<B> {
        c * (a - b) + b
    }

    /// The smaller of `a, b` in `[0, 2^bits)`.
    pub fn min(&mut self, name: &'static str, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
        let lt = self.lt(name, a, b, bits);
        self.select(&lt, a, b)
    }

    /// The larger of `a, b` in `[0, 2^bits)`.
    pub fn max(&mut self, name: &'static str, a: &V<B>, b: &V<B>, bits: u32) -> V<B> {
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

    /// Signed `I16F16` multiply, bit for bit `fixed::types::I16F16`'s `*` (floor of the exact
    /// product over `2^16`). Operands must already be `i32` bit patterns read as signed integers
    /// (as decoded operands and previous `fx_mul` results are). A product that does not fit
    /// `I16F16` has no witness: the executor reports it and no proof exists.
    ///
    /// `a * b = q * 2^16 + r` with `0 <= r < 2^16` and `-2^31 <= q < 2^31`. Because
    /// `|a * b| <= 2^62 < p / 2`, the field product is the integer product, and the range checks
    /// leave `q * 2^16 + r` a window of width `2^48 < p`, so `q` and `r` are unique.
    pub fn fx_mul(&mut self, name: &'static str, a: &V<B>, b: &V<B>) -> V<B> {
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
}

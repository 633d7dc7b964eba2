//! [`V`]: a value under some interpreter, with its polynomial degree.
//!
//! Arithmetic tracks degree; a product that would exceed [`super::MAX_EXPR_DEGREE`] first
//! materialises its higher-degree factor into a fresh column (constrained equal to it). The rule
//! depends only on degrees, never on values, so every interpreter lowers identically.

use core::fmt;
use core::ops::{Add, Mul, Neg, Sub};
use std::cell::RefCell;
use std::rc::Rc;

use p3_field::PrimeCharacteristicRing;

use super::interp::{Interp, Name};
use super::MAX_EXPR_DEGREE;
use crate::backend::F;

/// Shared per-evaluation state, reachable from every value so that operators can lower.
pub(crate) type Shared<B> = Rc<RefCell<<B as Interp>::State>>;

/// A value of the DSL under interpreter `B`.
pub struct V<B: Interp> {
    pub(crate) e: B::Expr,
    pub(crate) deg: u8,
    pub(crate) st: Shared<B>,
}

impl<B: Interp> Clone for V<B> {
    fn clone(&self) -> Self {
        Self { e: self.e.clone(), deg: self.deg, st: Rc::clone(&self.st) }
    }
}

impl<B: Interp> fmt::Debug for V<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V").field("degree", &self.deg).finish_non_exhaustive()
    }
}

impl<B: Interp> V<B> {
    pub(crate) fn new(e: B::Expr, deg: u8, st: &Shared<B>) -> Self {
        Self { e, deg, st: Rc::clone(st) }
    }

    /// Polynomial degree of this value in the trace columns (0 for constants).
    pub fn degree(&self) -> u8 {
        self.deg
    }

    /// A constant in the same evaluation as `self`.
    pub(crate) fn lit(&self, c: F) -> Self {
        Self::new(B::lit(c), 0, &self.st)
    }

    /// Replaces `self` by a fresh column constrained equal to it (degree 1).
    pub(crate) fn materialize(self, name: Name) -> Self {
        if self.deg <= 1 {
            return self;
        }
        let mut st = self.st.borrow_mut();
        let col = B::alloc(&mut st, name, B::value(&self.e));
        B::assert_zero(&mut st, col.clone() - self.e, name);
        drop(st);
        Self { e: col, deg: 1, st: self.st }
    }

    fn product(self, rhs: Self) -> Self {
        let (mut a, mut b) = (self, rhs);
        const LOWERED: Name = Name::new("lowered");
        if a.deg + b.deg > MAX_EXPR_DEGREE {
            if a.deg >= b.deg {
                a = a.materialize(LOWERED);
            } else {
                b = b.materialize(LOWERED);
            }
        }
        if a.deg + b.deg > MAX_EXPR_DEGREE {
            a = a.materialize(LOWERED);
            b = b.materialize(LOWERED);
        }
        Self { e: a.e * b.e, deg: a.deg + b.deg, st: a.st }
    }
}

macro_rules! binop {
    ($trait:ident, $method:ident, $body:expr) => {
        impl<B: Interp> $trait<V<B>> for V<B> {
            type Output = V<B>;
            fn $method(self, rhs: V<B>) -> V<B> {
                $body(self, rhs)
            }
        }
        impl<B: Interp> $trait<&V<B>> for V<B> {
            type Output = V<B>;
            fn $method(self, rhs: &V<B>) -> V<B> {
                $body(self, rhs.clone())
            }
        }
        impl<B: Interp> $trait<V<B>> for &V<B> {
            type Output = V<B>;
            fn $method(self, rhs: V<B>) -> V<B> {
                $body(self.clone(), rhs)
            }
        }
        impl<B: Interp> $trait<&V<B>> for &V<B> {
            type Output = V<B>;
            fn $method(self, rhs: &V<B>) -> V<B> {
                $body(self.clone(), rhs.clone())
            }
        }
        impl<B: Interp> $trait<u64> for V<B> {
            type Output = V<B>;
            fn $method(self, rhs: u64) -> V<B> {
                let rhs = self.lit(F::from_u64(rhs));
                $body(self, rhs)
            }
        }
        impl<B: Interp> $trait<u64> for &V<B> {
            type Output = V<B>;
            fn $method(self, rhs: u64) -> V<B> {
                let rhs = self.lit(F::from_u64(rhs));
                $body(self.clone(), rhs)
            }
        }
    };
}

binop!(Add, add, |a: V<B>, b: V<B>| V { e: a.e + b.e, deg: a.deg.max(b.deg), st: a.st });
binop!(Sub, sub, |a: V<B>, b: V<B>| V { e: a.e - b.e, deg: a.deg.max(b.deg), st: a.st });
binop!(Mul, mul, |a: V<B>, b: V<B>| a.product(b));

impl<B: Interp> Neg for V<B> {
    type Output = V<B>;
    fn neg(self) -> V<B> {
        V { e: -self.e, deg: self.deg, st: self.st }
    }
}

impl<B: Interp> Neg for &V<B> {
    type Output = V<B>;
    fn neg(self) -> V<B> {
        -self.clone()
    }
}

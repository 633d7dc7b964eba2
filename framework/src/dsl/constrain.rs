//! The constrain interpreter: values are AIR expressions over the current row; columns are
//! handed out in allocation order, and constraints and interactions are collected for the chip
//! to emit (gated by the row's `is_real` flag).

use core::ops::{Add, Mul, Neg, Sub};

use p3_field::PrimeCharacteristicRing;

use super::interp::{Branch, Bus, Interp, Name};
use crate::backend::F;

/// Interpreter marker: constraint generation over expressions of type `E`.
#[derive(Debug)]
pub struct Constrain<E>(core::marker::PhantomData<E>);

/// Collected constraints and interactions of one op row.
#[derive(Debug)]
pub struct ConstrainState<E> {
    row: Vec<E>,
    next: usize,
    pub(crate) constraints: Vec<E>,
    pub(crate) interactions: Vec<(Bus, Vec<E>, E)>,
    pub(crate) one_of: Vec<(Bus, Vec<Branch<E>>)>,
}

impl<E> ConstrainState<E> {
    /// State over the current row's column expressions.
    pub fn new(row: Vec<E>) -> Self {
        Self {
            row,
            next: 0,
            constraints: Vec::with_capacity(64),
            interactions: Vec::with_capacity(16),
            one_of: Vec::new(),
        }
    }

    /// Columns handed out so far.
    pub fn allocated(&self) -> usize {
        self.next
    }
}

impl<E> Interp for Constrain<E>
where
    E: Clone
        + PrimeCharacteristicRing
        + From<F>
        + Add<Output = E>
        + Sub<Output = E>
        + Mul<Output = E>
        + Neg<Output = E>
        + 'static,
{
    type Expr = E;
    type State = ConstrainState<E>;
    const EXECUTES: bool = false;

    fn lit(c: F) -> E {
        E::from(c)
    }

    fn value(_: &E) -> F {
        F::ZERO
    }

    fn alloc(st: &mut ConstrainState<E>, _name: Name, _value: F) -> E {
        // The chip sizes the row from the layout, which allocates identically; past its end
        // would be an interpreter bug, and the zero keeps the AIR total rather than panicking.
        let e = st.row.get(st.next).cloned().unwrap_or(E::ZERO);
        st.next += 1;
        e
    }

    fn assert_zero(st: &mut ConstrainState<E>, e: E, _name: Name) {
        st.constraints.push(e);
    }

    fn interact(st: &mut ConstrainState<E>, bus: Bus, fields: Vec<E>, mult: E, _bound: u32) {
        st.interactions.push((bus, fields, mult));
    }

    fn interact_one_of(st: &mut ConstrainState<E>, bus: Bus, branches: Vec<Branch<E>>) {
        st.one_of.push((bus, branches));
    }
}

//! The layout interpreter: allocates and names columns, and records every constraint and bus
//! interaction an op emits, without computing anything.

use p3_field::PrimeCharacteristicRing;

use super::interp::{Branch, Bus, Interp, Name};
use crate::backend::F;

/// Interpreter marker: column layout.
#[derive(Debug)]
pub struct Layout;

/// What the layout pass records.
#[derive(Debug, Default)]
pub struct LayoutState {
    pub(crate) columns: Vec<Name>,
    pub(crate) constraints: Vec<Name>,
    pub(crate) interactions: Vec<(Bus, usize)>,
    pub(crate) misuses: Vec<Name>,
    pub(crate) calls: Vec<usize>,
    pub(crate) one_of_at_zero: Vec<Vec<F>>,
}

/// The layout of one op chip: column names, constraint names and bus interactions in the order
/// every interpreter emits them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpLayout {
    /// Opcode name.
    pub name: &'static str,
    /// Column names, in column order.
    pub columns: Vec<String>,
    /// Names of the op's own constraints, in emission order.
    pub constraints: Vec<String>,
    /// `(bus, tuple width)` of every interaction, in emission order.
    pub interactions: Vec<(Bus, usize)>,
    /// DSL misuses found while laying out (each makes the VM unusable).
    pub misuses: Vec<String>,
    /// Opcodes this op continues into (at most one).
    pub calls: Vec<usize>,
    /// Per exclusive group (see [`Interp::interact_one_of`]), its flags' values on the all-zero
    /// row: the layout pass evaluates every expression there, since its columns are all 0. The
    /// chip subtracts them on padding rows, so every flag is 0 there without an `is_real` factor.
    pub one_of_at_zero: Vec<Vec<F>>,
}

impl OpLayout {
    pub(crate) fn from_state(name: &'static str, st: LayoutState) -> Self {
        Self {
            name,
            columns: st.columns.iter().map(ToString::to_string).collect(),
            constraints: st.constraints.iter().map(ToString::to_string).collect(),
            interactions: st.interactions,
            misuses: st.misuses.iter().map(ToString::to_string).collect(),
            calls: st.calls,
            one_of_at_zero: st.one_of_at_zero,
        }
    }

    /// Main trace columns per row.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// Width of one tuple sent on `bus` by this op, if it uses the bus.
    pub fn tuple_width(&self, bus: Bus) -> Option<usize> {
        self.interactions.iter().find(|(b, _)| *b == bus).map(|(_, w)| *w)
    }
}

impl Interp for Layout {
    type Expr = F;
    type State = LayoutState;
    const EXECUTES: bool = false;

    fn lit(c: F) -> F {
        c
    }

    fn value(_: &F) -> F {
        F::ZERO
    }

    fn alloc(st: &mut LayoutState, name: Name, _value: F) -> F {
        st.columns.push(name);
        F::ZERO
    }

    fn assert_zero(st: &mut LayoutState, _e: F, name: Name) {
        st.constraints.push(name);
    }

    fn interact(st: &mut LayoutState, bus: Bus, fields: Vec<F>, _mult: F, _bound: u32) {
        st.interactions.push((bus, fields.len()));
    }

    fn interact_one_of(st: &mut LayoutState, bus: Bus, branches: Vec<Branch<F>>) {
        st.one_of_at_zero.push(branches.iter().map(|(_, flag)| *flag).collect());
        for (fields, flag) in branches {
            Self::interact(st, bus, fields, flag, 1);
        }
    }

    fn misuse(st: &mut LayoutState, what: Name) {
        st.misuses.push(what);
    }

    fn call(st: &mut LayoutState, target: usize, _args: Vec<F>, _active: &F) {
        st.calls.push(target);
    }
}

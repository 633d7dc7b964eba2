//! The layout interpreter: allocates and names columns, and records every constraint and bus
//! interaction an op emits, without computing anything.

use p3_field::PrimeCharacteristicRing;

use super::interp::{Bus, Interp, Name};
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

    fn misuse(st: &mut LayoutState, what: Name) {
        st.misuses.push(what);
    }

    fn call(st: &mut LayoutState, target: usize, _args: Vec<F>, _active: &F) {
        st.calls.push(target);
    }
}

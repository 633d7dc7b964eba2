//! [`OpLayout`]: an opcode's chip as the symbolic pass recorded it: named columns, named
//! constraints, bus interactions, and the compiled [`Program`] the chip evaluates.

use p3_field::PrimeCharacteristicRing;

use super::interp::{Branch, Bus};
use super::program::Program;
use super::symbolic::SymbolicState;
use crate::backend::F;

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
    /// Per exclusive group (see [`Interp::interact_one_of`](super::Interp::interact_one_of)), its flags' values on the all-zero
    /// row: the layout pass evaluates every expression there, since its columns are all 0. The
    /// chip subtracts them on padding rows, so every flag is 0 there without an `is_real` factor.
    pub one_of_at_zero: Vec<Vec<F>>,
    /// The constraints and interactions, compiled.
    pub(crate) program: Program,
}

impl OpLayout {
    pub(crate) fn from_symbolic(name: &'static str, st: SymbolicState) -> Self {
        let program = Program::compile(&st);
        // Every column is 0 on a padding row, so the flags' values there are the program's on a
        // row of zeros.
        let zeros = vec![F::ZERO; st.columns.len()];
        let values = program.run(&zeros);
        let one_of_at_zero = program
            .one_of
            .iter()
            .map(|(_, branches)| branches.iter().map(|(_, flag)| values.get(*flag)).collect())
            .collect();
        let branch_widths = st
            .one_of
            .iter()
            .flat_map(|(bus, branches)| branches.iter().map(move |(fields, _): &Branch<_>| (*bus, fields.len())));
        Self {
            name,
            columns: st.columns.iter().map(ToString::to_string).collect(),
            constraints: st.constraints.iter().map(|(name, _)| name.to_string()).collect(),
            interactions: st
                .interactions
                .iter()
                .map(|(bus, fields, _)| (*bus, fields.len()))
                .chain(branch_widths)
                .collect(),
            misuses: st.misuses.iter().map(ToString::to_string).collect(),
            calls: st.calls,
            one_of_at_zero,
            program,
        }
    }

    /// Main trace columns per row.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// Width of the widest tuple this op sends on `bus`, if it uses the bus (an op may emit
    /// output records of several widths before the shared width pads them).
    pub fn tuple_width(&self, bus: Bus) -> Option<usize> {
        self.interactions.iter().filter(|(b, _)| *b == bus).map(|(_, w)| *w).max()
    }
}

//! [`Witness`]: everything the prover commits to for one batch, and the native evaluation of it
//! that the prover's pre-proving check and the test kit share: every constraint of every row
//! ([`check_witness`]) and every bus ([`bus_balance`]), each failure named by chip, row and
//! constraint or bus.

mod bus;
mod check;
mod describe;
mod eval;
mod fault;

use p3_matrix::dense::RowMajorMatrix;

pub use crate::fault::{ConstraintFailure, Imbalance, Place};
pub use bus::bus_balance;
pub use check::check_witness;
pub(crate) use check::shape_failures;
pub(crate) use eval::ChipTraces;
pub use eval::{eval_row, Interaction, NonZero, RowEval, RowEvaluator};
pub use fault::first_fault;

use crate::backend::F;
use crate::chips::ChipAir;
use crate::statement::Statement;

/// Everything the prover commits to for one batch.
#[derive(Clone, Debug)]
pub struct Witness {
    /// The statement the traces prove.
    pub statement: Statement,
    /// How many trace pieces each opcode's rows are split into (see
    /// [`crate::chips::piece_heights`]); 0 for an opcode the batch never runs.
    pub op_pieces: Vec<usize>,
    /// One AIR per chip piece: each opcode's pieces in opcode order, then the fixed tables.
    pub airs: Vec<ChipAir>,
    /// One main trace per chip, aligned with `airs`.
    pub traces: Vec<RowMajorMatrix<F>>,
    /// Public values per chip.
    pub public_values: Vec<Vec<F>>,
}

impl Witness {
    /// Trace area of this witness, per chip.
    pub fn cost(&self) -> crate::cost::CostReport {
        let heights: Vec<usize> = self.traces.iter().map(|t| t.values.len() / t.width).collect();
        crate::cost::CostReport::new(&self.airs, &heights)
    }
}

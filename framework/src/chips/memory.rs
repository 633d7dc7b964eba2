//! The memory boundary chip: one row per memory cell, holding its initial and final value.
//!
//! It sends `(addr, initial, 0)` and receives `(addr, final, final_clk)` on the memory bus. Op
//! chips receive `(addr, old, prev_clk)` and send `(addr, new, clk)` for every access with
//! `prev_clk < clk`, so the bus balances exactly when each cell's accesses form one chain from its
//! initial to its final value in clock order (offline memory checking).
//!
//! `addr`, `initial` and `final` are preprocessed columns built from the statement, so the
//! verifier fixes them itself; only `final_clk` is witness, and the bus determines it (0 for an
//! untouched cell, the last access's clock otherwise).

use p3_air::WindowAccess;
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;

use super::{padded_height, Table};
use crate::backend::F;
use crate::dsl::Bus;

/// Preprocessed columns: `is_real, addr, initial, final`.
pub(crate) const PREPROCESSED_WIDTH: usize = 4;

/// The memory boundary chip for one statement.
#[derive(Clone, Debug)]
pub struct MemoryChip {
    table: Table,
}

impl MemoryChip {
    /// The boundary between `initial` and `final` memory images (same length).
    pub fn new(initial: &[F], final_: &[F]) -> Self {
        let height = padded_height(initial.len());
        let mut values = F::zero_vec(height * PREPROCESSED_WIDTH);
        for (addr, (init, fin)) in initial.iter().zip(final_).enumerate() {
            let row = &mut values[addr * PREPROCESSED_WIDTH..][..PREPROCESSED_WIDTH];
            row.copy_from_slice(&[F::ONE, F::from_usize(addr), *init, *fin]);
        }
        Self { table: Table::new(RowMajorMatrix::new(values, PREPROCESSED_WIDTH)) }
    }

    /// Rows of the table.
    pub fn height(&self) -> usize {
        self.table.values.len() / PREPROCESSED_WIDTH
    }

    /// The preprocessed columns.
    pub fn preprocessed(&self) -> RowMajorMatrix<F> {
        (*self.table).clone()
    }

    /// The chip's constraints and interactions.
    pub fn eval<AB: InteractionBuilder<F = F>>(&self, builder: &mut AB) {
        let pre = builder.preprocessed().clone();
        let pre = pre.current_slice();
        let [is_real, addr, init, fin] = [pre[0], pre[1], pre[2], pre[3]].map(Into::<AB::Expr>::into);
        let final_clk: AB::Expr = builder.main().current_slice()[0].into();

        // Padding rows are all zero, so the witness stays unique there too.
        builder.assert_zero((AB::Expr::ONE - is_real.clone()) * final_clk.clone());
        builder.push_interaction(
            Bus::Memory.name(),
            [addr.clone(), init, AB::Expr::ZERO],
            Count::bounded(is_real.clone(), 1),
        );
        builder.push_interaction(Bus::Memory.name(), [addr, fin, final_clk], Count::bounded(-is_real, 1));
    }
}

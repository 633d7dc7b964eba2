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

/// The memory boundary chip for one statement. Preprocessed columns per word:
/// `is_real, addr, initial[width], final[width]`.
#[derive(Clone, Debug)]
pub struct MemoryChip {
    table: Table,
    width: usize,
}

impl MemoryChip {
    /// The boundary of every word between the `initial` and `final` images (same length, whole
    /// `width`-element words).
    pub fn new(initial: &[F], final_: &[F], width: usize) -> Self {
        let all: Vec<usize> = (0..initial.len() / width).collect();
        Self::touched(initial, final_, width, &all)
    }

    /// The boundary of the words at `addrs` (distinct, inside the images) only: a word no access
    /// touches needs no row, because nothing on the memory bus refers to it.
    pub fn touched(initial: &[F], final_: &[F], width: usize, addrs: &[usize]) -> Self {
        let row_width = 2 + 2 * width;
        let height = padded_height(addrs.len());
        let mut values = F::zero_vec(height * row_width);
        for (&addr, row) in addrs.iter().zip(values.chunks_exact_mut(row_width)) {
            row[0] = F::ONE;
            row[1] = F::from_usize(addr);
            row[2..2 + width].copy_from_slice(&initial[addr * width..][..width]);
            row[2 + width..].copy_from_slice(&final_[addr * width..][..width]);
        }
        Self { table: Table::new(RowMajorMatrix::new(values, row_width)), width }
    }

    /// Preprocessed columns per row.
    pub fn preprocessed_width(&self) -> usize {
        2 + 2 * self.width
    }

    /// Rows of the table.
    pub fn height(&self) -> usize {
        self.table.values.len() / self.preprocessed_width()
    }

    /// The preprocessed columns.
    pub fn preprocessed(&self) -> RowMajorMatrix<F> {
        (*self.table).clone()
    }

    /// The chip's constraints and interactions.
    pub fn eval<AB: InteractionBuilder<F = F>>(&self, builder: &mut AB) {
        let pre = builder.preprocessed().clone();
        let pre: Vec<AB::Expr> = pre.current_slice().iter().map(|&v| v.into()).collect();
        let (is_real, addr) = (pre[0].clone(), pre[1].clone());
        let (init, fin) = pre[2..].split_at(self.width);
        let final_clk: AB::Expr = builder.main().current_slice()[0].into();

        // Padding rows are all zero, so the witness stays unique there too.
        builder.assert_zero((AB::Expr::ONE - is_real.clone()) * final_clk.clone());
        let initial = core::iter::once(addr.clone()).chain(init.iter().cloned()).chain([AB::Expr::ZERO]);
        builder.push_interaction(Bus::Memory.name(), initial, Count::bounded(is_real.clone(), 1));
        let last = core::iter::once(addr).chain(fin.iter().cloned()).chain([final_clk]);
        builder.push_interaction(Bus::Memory.name(), last, Count::bounded(-is_real, 1));
    }
}

//! The memory boundary chip: one row per memory cell, holding its initial and final value.
//!
//! It sends `(addr, initial, 0)` and receives `(addr, final, final_clk)` on the memory bus. Op
//! chips receive `(addr, old, prev_clk)` and send `(addr, new, clk)` for every access with
//! `prev_clk < clk`, so the bus balances exactly when each cell's accesses form one chain from its
//! initial to its final value in clock order (offline memory checking).
//!
//! `addr`, `initial` and `final` are preprocessed columns built from the statement, so the
//! verifier fixes them itself; only `final_clk` (and its inverse) is witness, and the bus
//! determines it: the last access's clock.
//!
//! **A listed word was accessed.** A real row's `final_clk` is constrained nonzero (its inverse
//! exists). Without that, a word the batch never accessed could be listed with `final_clk = 0`:
//! its two tuples `(addr, v, 0)` would cancel each other, and one execution would have several
//! valid statements (any superset of the touched words). With it, the received
//! `(addr, final, final_clk)` must match a tuple some access sent, and that access's own receive
//! chains back to the row's `(addr, initial, 0)`: every listed word was accessed.

use p3_air::WindowAccess;
use p3_field::{Field, PrimeCharacteristicRing};
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

    /// Main columns: the final clock and its inverse.
    pub const MAIN_WIDTH: usize = 2;

    /// The main trace for the touched words' final clocks (each at least 1).
    pub fn trace(final_clocks: impl ExactSizeIterator<Item = u64>) -> RowMajorMatrix<F> {
        let mut values = F::zero_vec(padded_height(final_clocks.len()) * Self::MAIN_WIDTH);
        for (row, clk) in values.chunks_exact_mut(Self::MAIN_WIDTH).zip(final_clocks) {
            row[0] = F::from_u64(clk);
            row[1] = row[0].try_inverse().unwrap_or(F::ZERO);
        }
        RowMajorMatrix::new(values, Self::MAIN_WIDTH)
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
        let main = builder.main();
        let (final_clk, inverse): (AB::Expr, AB::Expr) =
            (main.current_slice()[0].into(), main.current_slice()[1].into());

        // Padding rows are all zero, so the witness stays unique there too.
        let padding = AB::Expr::ONE - is_real.clone();
        builder.assert_zero(padding.clone() * final_clk.clone());
        // A real row's final clock has an inverse: the word was accessed (see the module docs).
        builder.assert_zero(final_clk.clone() * inverse.clone() - is_real.clone());
        builder.assert_zero(padding * inverse);
        let initial = core::iter::once(addr.clone()).chain(init.iter().cloned()).chain([AB::Expr::ZERO]);
        builder.push_interaction(Bus::Memory.name(), initial, Count::bounded(is_real.clone(), 1));
        let last = core::iter::once(addr).chain(fin.iter().cloned()).chain([final_clk]);
        builder.push_interaction(Bus::Memory.name(), last, Count::bounded(-is_real, 1));
    }
}

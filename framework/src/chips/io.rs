//! The public stream tables. Their rows are preprocessed columns built from the statement, so
//! the verifier derives them itself: an input record the prover did not consume, or an output
//! record it did not produce, leaves the input or output bus unbalanced.
//!
//! Cost per record: the preprocessed record and one LogUp fraction, plus main cells: for inputs
//! the clocks where the input's chain of rows starts and ends, for outputs a share of a zero column
//! (every AIR needs a main trace). An output row holds [`OUTPUTS_PER_ROW`] records, so the LogUp
//! running sum and the zero column are shared by eight records: 2.4 cells per record instead of 5.
//! No in-circuit hashing. The verifier pays a commitment to the preprocessed table,
//! linear-logarithmic in the number of records.
//!
//! **Row clocks.** Input `i` sends `(i, clk_i, opcode, operands…)` to the op chip that starts it;
//! each row of its chain calls the next with the clock plus one, and the last row sends
//! `(i, end_i, DONE)` back, which row `i` receives. The table requires `clk_0 = 0` and
//! `clk_{i+1} = end_i + 1`, so the rows of all chains get the clocks `0, 1, 2, …` in execution
//! order, whatever the chains' lengths: no row budget per input.
//!
//! The input table also carries the statement's VM identity and state commitments as public
//! values, which the challenger absorbs before any challenge is drawn.

use p3_air::{AirBuilder, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;

use super::{padded_height, Table};
use crate::backend::F;
use crate::dsl::Bus;

/// Public values of the input table: VM id, initial and final state commitments (4 each).
pub const STATEMENT_PUBLIC_VALUES: usize = 12;

/// Output records per row of the output table. Each has its own `is_real` and LogUp fraction;
/// the row's running sum and zero column are shared: `(3 + 2k) / k` cells per record for `k` to
/// a row, 2.375 at 8. More would shave little and widen every opened row of the table.
pub const OUTPUTS_PER_ROW: usize = 8;

/// Which stream a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoKind {
    /// Input records `(seq, clk, opcode, operands…)`, sent to the op chips; the row clock `clk`
    /// is a main column, the rest is preprocessed.
    Input,
    /// Output records `(seq, index, fields…)`, received from the op chips, [`OUTPUTS_PER_ROW`]
    /// to a row.
    Output,
}

impl IoKind {
    /// Chip name.
    pub fn name(self) -> &'static str {
        match self {
            IoKind::Input => "inputs",
            IoKind::Output => "outputs",
        }
    }

    /// Records per row.
    pub fn records_per_row(self) -> usize {
        match self {
            IoKind::Input => 1,
            IoKind::Output => OUTPUTS_PER_ROW,
        }
    }
}

/// A public stream table.
#[derive(Clone, Debug)]
pub struct IoChip {
    pub(crate) kind: IoKind,
    /// Per row: `records_per_row` times `(is_real, record…)`.
    table: Table,
    /// Fields per record.
    fields: usize,
    /// The opcode field of chain-end records (inputs only).
    done_opcode: u64,
}

impl IoChip {
    /// A table of `records`, each exactly `width` fields (for inputs: without the clock).
    pub fn new(kind: IoKind, records: &[Vec<F>], width: usize) -> Self {
        Self::with_height(kind, records, width, padded_height(records.len().div_ceil(kind.records_per_row())))
    }

    /// Like [`IoChip::new`], at a given power-of-two height that holds all `records` (one piece
    /// of a split table, see [`super::piece_heights`]).
    pub fn with_height(kind: IoKind, records: &[Vec<F>], width: usize, height: usize) -> Self {
        let slot_width = width + 1;
        debug_assert!(height.is_power_of_two() && height * kind.records_per_row() >= records.len());
        let mut values = F::zero_vec(height * kind.records_per_row() * slot_width);
        for (slot, record) in values.chunks_exact_mut(slot_width).zip(records) {
            slot[0] = F::ONE;
            for (cell, v) in slot[1..].iter_mut().zip(record) {
                *cell = *v;
            }
        }
        let row_width = kind.records_per_row() * slot_width;
        Self { kind, table: Table::new(RowMajorMatrix::new(values, row_width)), fields: width, done_opcode: 0 }
    }

    /// The input table of `records` (`seq, opcode, operands…`, each `width` fields) of a VM with
    /// `opcodes` opcodes.
    pub fn inputs(records: &[Vec<F>], width: usize, opcodes: usize) -> Self {
        Self { done_opcode: crate::dsl::BusShape::done_opcode(opcodes), ..Self::new(IoKind::Input, records, width) }
    }

    /// Preprocessed columns per row.
    pub fn preprocessed_width(&self) -> usize {
        self.table.width
    }

    /// Main columns: `clk, end` for inputs, a zero column for outputs.
    pub fn main_width(&self) -> usize {
        match self.kind {
            IoKind::Input => 2,
            IoKind::Output => 1,
        }
    }

    /// The input table's main trace: each input's first and last row clock.
    pub fn input_trace(&self, chains: &[(u64, u64)]) -> RowMajorMatrix<F> {
        let mut values = F::zero_vec(self.height() * 2);
        for (row, &(start, end)) in values.chunks_exact_mut(2).zip(chains) {
            row[0] = F::from_u64(start);
            row[1] = F::from_u64(end);
        }
        RowMajorMatrix::new(values, 2)
    }

    /// Rows of the table.
    pub fn height(&self) -> usize {
        self.table.values.len() / self.table.width
    }

    /// The preprocessed columns.
    pub fn preprocessed(&self) -> RowMajorMatrix<F> {
        (*self.table).clone()
    }

    /// The chip's constraints and interactions.
    pub fn eval<AB: InteractionBuilder<F = F>>(&self, builder: &mut AB) {
        let pre = builder.preprocessed().clone();
        let pre = pre.current_slice();
        let main = builder.main();
        let (local, next) = (main.current_slice(), main.next_slice());
        match self.kind {
            IoKind::Output => {
                builder.assert_zero(local[0]);
                for slot in pre.chunks_exact(self.fields + 1) {
                    let is_real: AB::Expr = slot[0].into();
                    let record = slot[1..].iter().map(|&v| v.into());
                    builder.push_interaction(Bus::Output.name(), record, Count::bounded(-is_real, 1));
                }
            }
            IoKind::Input => {
                let is_real: AB::Expr = pre[0].into();
                let mut record: Vec<AB::Expr> = pre[1..].iter().map(|&v| v.into()).collect();
                let (clk, end): (AB::Expr, AB::Expr) = (local[0].into(), local[1].into());
                let padding = AB::Expr::ONE - is_real.clone();
                builder.assert_zero(padding.clone() * clk.clone());
                builder.assert_zero(padding * end.clone());
                builder.when_first_row().assert_zero(clk.clone());
                // The next input starts right after this one's chain ends (padding rows are all
                // zero, so the rule is gated by the next row being real).
                let next_real: AB::Expr = builder.preprocessed().next_slice()[0].into();
                let next_clk: AB::Expr = next[0].into();
                builder.when_transition().assert_zero(next_real * (next_clk - end.clone() - AB::Expr::ONE));
                let seq = record[0].clone();
                let mut done = vec![seq, end, AB::Expr::from_u64(self.done_opcode)];
                done.resize(record.len() + 1, AB::Expr::ZERO);
                record.insert(1, clk);
                builder.push_interaction(Bus::Input.name(), record, Count::bounded(is_real.clone(), 1));
                builder.push_interaction(Bus::Input.name(), done, Count::bounded(-is_real, 1));
            }
        }
    }
}

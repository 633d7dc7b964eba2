//! The public stream tables. Their rows are preprocessed columns built from the statement, so
//! the verifier derives them itself: an input record the prover did not consume, or an output
//! record it did not produce, leaves the input or output bus unbalanced.
//!
//! Cost per record: one main cell (a zero column, since every AIR needs a main trace) plus the
//! preprocessed record and one LogUp fraction column; no in-circuit hashing. The verifier pays a
//! commitment to the preprocessed table, linear-logarithmic in the number of records.
//!
//! The input table also carries the statement's VM identity and state commitments as public
//! values, which the challenger absorbs before any challenge is drawn.

use p3_air::WindowAccess;
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;

use super::{padded_height, Table};
use crate::backend::F;
use crate::dsl::Bus;

/// Public values of the input table: VM id, initial and final state commitments (4 each).
pub const STATEMENT_PUBLIC_VALUES: usize = 12;

/// Which stream a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoKind {
    /// Input records `(seq, opcode, operands…)`, sent to the op chips.
    Input,
    /// Output records `(seq, index, fields…)`, received from the op chips.
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
}

/// A public stream table.
#[derive(Clone, Debug)]
pub struct IoChip {
    pub(crate) kind: IoKind,
    table: Table,
}

impl IoChip {
    /// A table of `records`, each exactly `width` fields.
    pub fn new(kind: IoKind, records: &[Vec<F>], width: usize) -> Self {
        let row_width = width + 1;
        let height = padded_height(records.len());
        let mut values = F::zero_vec(height * row_width);
        for (row, record) in values.chunks_exact_mut(row_width).zip(records) {
            row[0] = F::ONE;
            for (cell, v) in row[1..].iter_mut().zip(record) {
                *cell = *v;
            }
        }
        Self { kind, table: Table::new(RowMajorMatrix::new(values, row_width)) }
    }

    /// Fields per record.
    pub(crate) fn width(&self) -> usize {
        self.table.width - 1
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
        let is_real: AB::Expr = pre[0].into();
        let record = pre[1..].iter().map(|&v| Into::<AB::Expr>::into(v));
        builder.assert_zero(builder.main().current_slice()[0]);
        let (bus, count) = match self.kind {
            IoKind::Input => (Bus::Input, is_real),
            IoKind::Output => (Bus::Output, -is_real),
        };
        builder.push_interaction(bus.name(), record, Count::bounded(count, 1));
    }
}

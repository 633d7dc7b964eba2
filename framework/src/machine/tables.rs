//! The chips of a statement: the op chips in the pieces the proof claims, and the public tables
//! built from the statement (memory boundary, range, inputs, outputs).

use std::sync::Arc;

use p3_field::{PrimeCharacteristicRing, PrimeField64};

use super::{Core, MAX_BATCH};
use crate::backend::F;
use crate::chips::{
    fill_pieces, padded_height, piece_heights, ChipAir, IoChip, IoKind, MemoryChip, OpChip, RangeChip, OUTPUTS_PER_ROW,
};
use crate::error::{DecodeError, VerifyError};
use crate::limits::touched_words;
use crate::statement::Statement;

impl Core {
    /// The chips for a statement: `op_pieces[i]` instances of opcode `i`'s chip, in opcode order,
    /// then memory, range, inputs and the output table's pieces (their heights follow from the
    /// number of outputs; an empty output table keeps one piece of the smallest height).
    pub fn airs(&self, statement: &Statement, op_pieces: &[usize]) -> Result<Vec<ChipAir>, VerifyError> {
        let bad = |msg: String| VerifyError::Statement(msg);
        let width = self.spec.memory_width;
        if statement.initial_state.len() != statement.final_state.len() {
            return Err(bad("initial and final memory differ in size".into()));
        }
        if statement.initial_state.len() % width != 0 {
            return Err(bad(format!("memory is not a whole number of {width}-element words")));
        }
        if statement.inputs.len() > MAX_BATCH {
            return Err(bad(format!("{} inputs exceed the batch limit {MAX_BATCH}", statement.inputs.len())));
        }
        let field = |v: u64, what: &str| -> Result<F, VerifyError> {
            if v < F::ORDER_U64 {
                Ok(F::from_u64(v))
            } else {
                Err(bad(format!("{what} value {v} is not a field element")))
            }
        };
        let mut inputs = Vec::with_capacity(statement.inputs.len());
        for (seq, record) in statement.inputs.iter().enumerate() {
            let (&opcode, operands) = record.split_first().ok_or_else(|| bad(format!("input #{seq} is empty")))?;
            let operands = operands.iter().map(|&v| field(v, "operand")).collect::<Result<Vec<F>, _>>()?;
            let canonical = self.decode(opcode, &operands).map_err(|e| bad(format!("input #{seq}: {e}")))?;
            let mut row = vec![F::from_usize(seq), F::from_u64(opcode)];
            row.extend(canonical);
            row.resize(self.shape.input_width() - 1, F::ZERO);
            inputs.push(row);
        }
        let output_width = self.shape.output_width();
        let mut outputs = Vec::with_capacity(statement.outputs.len());
        for (i, record) in statement.outputs.iter().enumerate() {
            if record.len() != output_width {
                return Err(bad(format!("output #{i} has {} fields, expected {output_width}", record.len())));
            }
            outputs.push(record.iter().map(|&v| field(v, "output")).collect::<Result<Vec<F>, _>>()?);
        }
        let image = |values: &[u64]| values.iter().map(|&v| field(v, "memory")).collect::<Result<Vec<F>, _>>();
        let initial = image(&statement.initial_state)?;
        let final_ = image(&statement.final_state)?;
        let touched = touched_words(statement, width)?;

        if op_pieces.len() != self.layouts.len() {
            return Err(bad(format!("{} opcode piece counts for {} opcodes", op_pieces.len(), self.layouts.len())));
        }
        let mut airs: Vec<ChipAir> = Vec::new();
        for (layout, &pieces) in self.layouts.iter().zip(op_pieces) {
            let chip = OpChip::new(Arc::clone(layout));
            airs.extend(std::iter::repeat_n(ChipAir::Op(chip), pieces));
        }
        airs.push(ChipAir::Memory(MemoryChip::touched(&initial, &final_, width, &touched)));
        airs.push(ChipAir::Range(RangeChip));
        airs.push(ChipAir::Io(IoChip::inputs(&inputs, self.shape.input_width() - 1, self.spec.opcodes.len())));
        let mut heights = piece_heights(outputs.len().div_ceil(OUTPUTS_PER_ROW));
        if heights.is_empty() {
            heights.push(padded_height(0));
        }
        for (piece, height) in fill_pieces(&outputs, OUTPUTS_PER_ROW, &heights) {
            airs.push(ChipAir::Io(IoChip::with_height(IoKind::Output, piece, output_width, height)));
        }
        Ok(airs)
    }

    /// Decodes an input record to its canonical operands; internal opcodes (call targets) are
    /// not valid inputs.
    fn decode(&self, opcode: u64, operands: &[F]) -> Result<Vec<F>, DecodeError> {
        let opcodes = self.spec.opcodes;
        let index =
            usize::try_from(opcode).ok().filter(|&i| i < opcodes.len()).ok_or(DecodeError::UnknownOpcode(opcode))?;
        if self.shape.is_call_target(index) {
            return Err(DecodeError::Internal(opcodes[index].name));
        }
        (self.spec.canonical)(index, operands)
    }
}

/// Public values per chip: the input table carries the statement's commitments.
pub(crate) fn public_values(statement: &Statement, airs: &[ChipAir]) -> Vec<Vec<F>> {
    airs.iter()
        .map(|air| match air {
            ChipAir::Io(io) if io.kind == IoKind::Input => {
                let mut pv = statement.vm.to_fields().to_vec();
                pv.extend(statement.initial_commitment().to_fields());
                pv.extend(statement.final_commitment().to_fields());
                pv
            }
            _ => Vec::new(),
        })
        .collect()
}

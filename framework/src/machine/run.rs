//! The executor loop (each input's chain of rows, in order) and trace generation.

use std::cell::RefCell;
use std::rc::Rc;

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use tracing::info_span;

use super::{log2, Core, Execution, Instruction, Witness, MAX_BATCH, MAX_ROWS};
use crate::backend::F;
use crate::chips::{fill_pieces, piece_heights, ChipAir, IoKind, MemoryChip, RangeChip};
use crate::dsl::eval_op;
use crate::dsl::{ExecState, Memory};
use crate::error::{ExecError, VerifyError};
use crate::statement::Statement;

/// What a traced run leaves behind: the executor's state, each op chip's rows (back to back) and
/// each input's first and last row clock.
struct Run {
    state: ExecState,
    rows: Vec<Vec<F>>,
    chains: Vec<(u64, u64)>,
}

impl Core {
    pub fn execute(&self, memory: &Memory, ops: &[Instruction]) -> Result<Execution, ExecError> {
        Ok(execution(self.run(memory, ops, false)?.state))
    }

    pub fn witness(&self, memory: &Memory, ops: &[Instruction]) -> Result<Witness, ExecError> {
        let Run { state, rows, chains } = self.run(memory, ops, true)?;
        let _span = info_span!("trace", vm = self.spec.name, ops = ops.len()).entered();
        let mut op_pieces = Vec::with_capacity(self.layouts.len());
        let mut traces: Vec<RowMajorMatrix<F>> = Vec::new();
        for (values, layout) in rows.into_iter().zip(&self.layouts) {
            let width = layout.width();
            let heights = piece_heights(values.len() / width);
            op_pieces.push(heights.len());
            for (piece, height) in fill_pieces(&values, width, &heights) {
                let mut piece = piece.to_vec();
                piece.resize(height * width, F::ZERO);
                traces.push(RowMajorMatrix::new(piece, width));
            }
        }
        let range_counts = state.range_counts.clone();
        let final_clocks = state.memory.clocks.clone();
        let exec = execution(state);
        let statement = Statement {
            vm: self.id,
            initial_state: memory.values.iter().map(|v| v.as_canonical_u64()).collect(),
            final_state: exec.final_memory.values.iter().map(|v| v.as_canonical_u64()).collect(),
            touched: (0..final_clocks.len() as u64).filter(|&a| final_clocks[a as usize] > 0).collect(),
            inputs: ops
                .iter()
                .map(|op| {
                    let mut record = vec![op.opcode as u64];
                    record.extend(op.operands.iter().map(|v| v.as_canonical_u64()));
                    record
                })
                .collect(),
            outputs: exec.outputs,
        };
        // A statement this machine's verifier would refuse is not worth proving.
        let unverifiable = |e: VerifyError| ExecError::Unverifiable(e.to_string());
        self.limits.check_sizes(&statement, self.spec.memory_width).map_err(unverifiable)?;
        let airs = self.airs(&statement, &op_pieces).map_err(unverifiable)?;
        traces.push(MemoryChip::trace(statement.touched.iter().map(|&addr| final_clocks[addr as usize])));
        traces.push(RangeChip::trace(&range_counts));
        for air in &airs[traces.len()..] {
            if let ChipAir::Io(io) = air {
                traces.push(match io.kind {
                    IoKind::Input => io.input_trace(&chains),
                    IoKind::Output => RowMajorMatrix::new(F::zero_vec(io.height()), 1),
                });
            }
        }
        let degree_bits: Vec<usize> = traces.iter().map(|t| log2(t.values.len() / t.width)).collect();
        self.limits.check_degrees(&degree_bits).map_err(unverifiable)?;
        let public_values = super::tables::public_values(&statement, &airs);
        Ok(Witness { statement, op_pieces, airs, traces, public_values })
    }

    /// Runs the executor over a batch; with `tracing`, also keeps each op chip's rows and each
    /// input's chain of clocks.
    fn run(&self, memory: &Memory, ops: &[Instruction], tracing: bool) -> Result<Run, ExecError> {
        let spec = &self.spec;
        let _span = info_span!("execute", vm = spec.name, ops = ops.len(), tracing).entered();
        if ops.len() > MAX_BATCH {
            return Err(ExecError::BatchTooLarge { max: MAX_BATCH, got: ops.len() });
        }
        if memory.width() != spec.memory_width {
            return Err(ExecError::MemoryWidth { expected: spec.memory_width, got: memory.width() });
        }
        let st = Rc::new(RefCell::new(ExecState {
            memory: memory.clone(),
            tracing,
            range_counts: if tracing { vec![0; RangeChip::HEIGHT] } else { Vec::new() },
            ..ExecState::default()
        }));
        let mut rows: Vec<Vec<F>> = vec![Vec::new(); self.layouts.len()];
        let mut chains = Vec::with_capacity(if tracing { ops.len() } else { 0 });
        let mut clk = 0;
        for (seq, op) in ops.iter().enumerate() {
            if self.shape.is_call_target(op.opcode) {
                return Err(ExecError::Internal { seq, opcode: spec.opcodes[op.opcode].name });
            }
            let mut next = Some((op.opcode, op.operands.clone()));
            let start = clk;
            while let Some((opcode, operands)) = next.take() {
                let name = spec.opcodes[opcode].name;
                if clk >= MAX_ROWS {
                    return Err(ExecError::TooManyRows { seq, opcode: name, max: MAX_ROWS });
                }
                {
                    let mut s = st.borrow_mut();
                    s.row.clear();
                    s.columns = 0;
                }
                eval_op(&st, spec.opcodes, spec.execute, opcode, self.shape, Some((seq as u64, clk, &operands)));
                let mut s = st.borrow_mut();
                if let Some(failed) = s.failed.take() {
                    return Err(ExecError::Constraint { seq, opcode: name, constraint: failed.to_string() });
                }
                if let Some(addr) = s.bad_address.take() {
                    return Err(ExecError::Address { seq, opcode: name, addr });
                }
                let expected = self.layouts[opcode].width();
                if s.columns != expected {
                    return Err(ExecError::ControlFlow { seq, opcode: name, expected, got: s.columns });
                }
                if tracing {
                    rows[opcode].extend_from_slice(&s.row);
                }
                next = s.pending_call.take();
                clk += 1;
            }
            if tracing {
                chains.push((start, clk - 1));
            }
        }
        let state =
            Rc::try_unwrap(st).map(RefCell::into_inner).unwrap_or_else(|st| std::mem::take(&mut *st.borrow_mut()));
        Ok(Run { state, rows, chains })
    }
}

fn execution(state: ExecState) -> Execution {
    Execution {
        outputs: state.outputs.iter().map(|r| r.iter().map(|v| v.as_canonical_u64()).collect()).collect(),
        final_memory: Memory::words(state.memory.width, state.memory.values),
    }
}

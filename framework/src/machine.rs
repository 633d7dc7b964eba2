//! The machine API: set a VM up once, then execute (fast path), generate traces, prove and
//! verify batches of its instructions.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Arc;

use p3_air::symbolic::AirLayout;
use p3_air::BaseAir;
use p3_batch_stark::{prove_batch, verify_batch, ProverData, StarkInstance};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::InteractionSymbolicBuilder;
use p3_matrix::dense::RowMajorMatrix;
use tracing::info_span;

use crate::backend::{config, Config, Params, EF, F};
use crate::chips::{
    fill_pieces, padded_height, piece_heights, ChipAir, IoChip, IoKind, MemoryChip, OpChip, RangeChip, MAX_PIECES,
    OUTPUTS_PER_ROW,
};
use crate::digest::{hash_bytes, Digest};
use crate::dsl::{Bus, ExecState, Execute, Layout, LayoutState, Memory, OpLayout, MEMORY_SLOTS, RESERVED_BUS_PREFIX};
use crate::error::{DecodeError, ExecError, ProveError, SetupError, VerifyError};
use crate::limits::{check_output_order, touched_words, Limits};
use crate::statement::{Proof, Statement};
use crate::vm::{eval_op, BusShape, Vm};

/// Most rows a batch may have (all chips): every access clock `row * MEMORY_SLOTS + slot + 1`
/// must fit the 32-bit clock-gap range check.
pub const MAX_ROWS: u64 = (1u64 << 32) / MEMORY_SLOTS - 1;

/// Largest batch: every input takes at least one row.
pub const MAX_BATCH: usize = MAX_ROWS as usize;

/// The result of executing a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execution {
    /// Output records `[seq, index, fields…]`.
    pub outputs: Vec<Vec<u64>>,
    /// Memory after the batch.
    pub final_memory: Memory,
}

/// Everything the prover commits to for one batch.
#[derive(Debug)]
pub struct Witness<M> {
    /// The statement the traces prove.
    pub statement: Statement,
    /// How many trace pieces each opcode's rows are split into (see [`piece_heights`]); 0 for
    /// an opcode the batch never runs.
    pub op_pieces: Vec<usize>,
    /// One AIR per chip piece: each opcode's pieces in opcode order, then the fixed tables.
    pub airs: Vec<ChipAir<M>>,
    /// One main trace per chip, aligned with `airs`.
    pub traces: Vec<RowMajorMatrix<F>>,
    /// Public values per chip.
    pub public_values: Vec<Vec<F>>,
}

impl<M: Vm> Witness<M> {
    /// Trace area of this witness, per chip.
    pub fn cost(&self) -> crate::cost::CostReport {
        let heights: Vec<usize> = self.traces.iter().map(|t| t.values.len() / t.width).collect();
        crate::cost::CostReport::new(&self.airs, &heights)
    }
}

/// A VM ready to execute, prove and verify.
pub struct Machine<M: Vm> {
    params: Params,
    config: Config,
    layouts: Vec<Arc<OpLayout>>,
    shape: BusShape,
    id: Digest,
    limits: Limits,
    _vm: core::marker::PhantomData<fn() -> M>,
}

impl<M: Vm> core::fmt::Debug for Machine<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Machine").field("vm", &M::NAME).field("id", &self.id).field("params", &self.params).finish()
    }
}

impl<M: Vm> Machine<M> {
    /// Lays out every opcode's chip and derives the VM's identity.
    pub fn new(params: Params) -> Result<Self, SetupError> {
        let operands = M::OPCODES.iter().map(|op| op.operands.len()).max().unwrap_or(0);
        if M::OPCODES.len() > 64 {
            return Err(SetupError::Opcode { opcode: M::NAME, reason: "a VM has at most 64 opcodes".into() });
        }
        // A first pass finds the widest output and the call targets; the second lays out with them.
        let memory_width = M::MEMORY_WIDTH;
        if !(1..=crate::dsl::MAX_MEMORY_WIDTH).contains(&memory_width) {
            return Err(SetupError::Opcode {
                opcode: M::NAME,
                reason: format!("memory width {memory_width} is not in 1..={}", crate::dsl::MAX_MEMORY_WIDTH),
            });
        }
        let first = layouts::<M>(BusShape { operands, output_fields: 0, call_targets: 0, memory_width });
        let output_fields = first.iter().filter_map(|l| l.tuple_width(Bus::Output)).map(|w| w - 2).max().unwrap_or(0);
        let call_targets = first.iter().flat_map(|l| l.calls.iter()).fold(0u64, |acc, &t| acc | 1 << t);
        let shape = BusShape { operands, output_fields, call_targets, memory_width };
        let layouts: Vec<Arc<OpLayout>> = layouts::<M>(shape).into_iter().map(Arc::new).collect();
        check_layouts(&layouts)?;
        let mut machine = Self {
            params,
            config: config(params),
            layouts,
            shape,
            id: Digest::default(),
            limits: Limits::default(),
            _vm: core::marker::PhantomData,
        };
        machine.id = machine.identity();
        Ok(machine)
    }

    /// The VM's identity: a digest of its name, parameters and every chip's symbolic constraints
    /// and interactions. A proof made for one VM does not verify under another.
    pub fn id(&self) -> Digest {
        self.id
    }

    /// The parameter set.
    pub fn params(&self) -> Params {
        self.params
    }

    /// The same machine with other verifier limits (the default is [`Limits::default`]).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The sizes this machine's verifier accepts.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Column layout of each opcode's chip.
    pub fn layouts(&self) -> &[Arc<OpLayout>] {
        &self.layouts
    }

    /// Executes a batch natively, without keeping a trace.
    pub fn execute(&self, memory: &Memory, ops: &[M]) -> Result<Execution, ExecError> {
        let (state, _, _) = self.run(memory, ops, false)?;
        Ok(execution(state))
    }

    /// Executes a batch and builds every chip's trace.
    pub fn witness(&self, memory: &Memory, ops: &[M]) -> Result<Witness<M>, ExecError> {
        let (state, rows, chains) = self.run(memory, ops, true)?;
        let _span = info_span!("trace", vm = M::NAME, ops = ops.len()).entered();
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
                    let mut record = vec![op.opcode() as u64];
                    record.extend(op.encode().iter().map(|v| v.as_canonical_u64()));
                    record
                })
                .collect(),
            outputs: exec.outputs,
        };
        // A statement this machine's verifier would refuse is not worth proving.
        let unverifiable = |e: VerifyError| ExecError::Unverifiable(e.to_string());
        self.limits.check_sizes(&statement, M::MEMORY_WIDTH).map_err(unverifiable)?;
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
        let public_values = self.public_values(&statement, &airs);
        Ok(Witness { statement, op_pieces, airs, traces, public_values })
    }

    /// Executes and proves a batch.
    pub fn prove(&self, memory: &Memory, ops: &[M]) -> Result<(Statement, Proof), ProveError> {
        let witness = self.witness(memory, ops)?;
        let proof = self.prove_witness(&witness)?;
        Ok((witness.statement, proof))
    }

    /// Proves an already generated witness.
    pub fn prove_witness(&self, witness: &Witness<M>) -> Result<Proof, ProveError> {
        let _span = info_span!("prove", vm = M::NAME).entered();
        let degree_bits: Vec<usize> = witness.traces.iter().map(|t| log2(t.values.len() / t.width)).collect();
        let prover_data = ProverData::from_airs_and_degrees(&self.config, &witness.airs, &degree_bits)
            .map_err(|e| ProveError::Backend(format!("{e:?}")))?;
        let instances: Vec<StarkInstance<'_, Config, ChipAir<M>>> = witness
            .airs
            .iter()
            .zip(&witness.traces)
            .zip(&witness.public_values)
            .map(|((air, trace), pv)| StarkInstance { air, trace, public_values: pv.clone() })
            .collect();
        let batch =
            prove_batch(&self.config, &instances, &prover_data).map_err(|e| ProveError::Backend(format!("{e:?}")))?;
        let op_pieces = witness.op_pieces.iter().map(|&n| n as u8).collect();
        Ok(Proof { params: self.params, op_pieces, batch })
    }

    /// Verifies a proof of `statement`. Any change to the statement, or to the proof, is an error.
    ///
    /// The verifier decides everything it checks against: its own parameters (a proof made with
    /// others is rejected), its [`Limits`] (checked before any table is built), and its VM id.
    pub fn verify(&self, statement: &Statement, proof: &Proof) -> Result<(), VerifyError> {
        let _span = info_span!("verify", vm = M::NAME).entered();
        if statement.vm != self.id {
            return Err(VerifyError::VmMismatch { expected: self.id.to_string(), got: statement.vm.to_string() });
        }
        self.limits.check_sizes(statement, M::MEMORY_WIDTH)?;
        self.limits.check_degrees(proof.degree_bits())?;
        check_output_order(statement)?;
        M::check_initial_state(&statement.initial_state).map_err(VerifyError::InitialState)?;
        if proof.params != self.params {
            return Err(VerifyError::Shape(format!(
                "proof uses {:?} parameters, verifier {:?}",
                proof.params, self.params
            )));
        }
        let op_pieces: Vec<usize> = proof.op_pieces.iter().map(|&n| usize::from(n)).collect();
        if op_pieces.len() != M::OPCODES.len() || op_pieces.iter().any(|&n| n > MAX_PIECES) {
            return Err(VerifyError::Shape(format!(
                "proof splits the opcodes into {op_pieces:?}: expected {} counts of at most {MAX_PIECES}",
                M::OPCODES.len()
            )));
        }
        let airs = self.airs(statement, &op_pieces)?;
        let public_values = self.public_values(statement, &airs);
        let claimed = &proof.batch.degree_bits;
        if claimed.len() != airs.len() {
            return Err(VerifyError::Shape(format!("{} chips in proof, VM has {}", claimed.len(), airs.len())));
        }
        let mut degree_bits = claimed.clone();
        for (i, air) in airs.iter().enumerate() {
            let fixed = match air {
                ChipAir::Memory(m) => Some(log2(m.height())),
                ChipAir::Io(io) => Some(log2(io.height())),
                ChipAir::Range(_) => Some(log2(RangeChip::HEIGHT)),
                ChipAir::Op(_) => None,
            };
            if let Some(bits) = fixed {
                if claimed[i] != bits {
                    return Err(VerifyError::Shape(format!(
                        "chip `{}` has 2^{} rows, statement implies 2^{bits}",
                        air.name(),
                        claimed[i]
                    )));
                }
                degree_bits[i] = bits;
            }
        }
        // Plonky3 0.9.0-rc.2 reports malformed proofs as errors; the unwind guard is a backstop so
        // that a backend panic on hostile input still reaches the caller as a rejection.
        let result = catch_unwind(AssertUnwindSafe(|| {
            let prover_data = ProverData::from_airs_and_degrees(&self.config, &airs, &degree_bits)
                .map_err(|e| VerifyError::Shape(format!("{e:?}")))?;
            verify_batch(&self.config, &airs, &proof.batch, &public_values, &prover_data.common)
                .map_err(|e| VerifyError::Rejected(e.to_string()))
        }));
        result.unwrap_or_else(|_| Err(VerifyError::Rejected("backend panicked on malformed proof".into())))
    }

    /// The chips for a statement: `op_pieces[i]` instances of opcode `i`'s chip, in opcode order,
    /// then memory, range, inputs and the output table's pieces (their heights follow from the
    /// number of outputs; an empty output table keeps one piece of the smallest height).
    pub fn airs(&self, statement: &Statement, op_pieces: &[usize]) -> Result<Vec<ChipAir<M>>, VerifyError> {
        let bad = |msg: String| VerifyError::Statement(msg);
        if statement.initial_state.len() != statement.final_state.len() {
            return Err(bad("initial and final memory differ in size".into()));
        }
        if statement.initial_state.len() % M::MEMORY_WIDTH != 0 {
            return Err(bad(format!("memory is not a whole number of {}-element words", M::MEMORY_WIDTH)));
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
            let op = self.decode(opcode, &operands).map_err(|e| bad(format!("input #{seq}: {e}")))?;
            let mut row = vec![F::from_usize(seq), F::from_u64(opcode)];
            row.extend(op.encode());
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
        let touched = touched_words(statement, M::MEMORY_WIDTH)?;

        if op_pieces.len() != self.layouts.len() {
            return Err(bad(format!("{} opcode piece counts for {} opcodes", op_pieces.len(), self.layouts.len())));
        }
        let mut airs: Vec<ChipAir<M>> = Vec::new();
        for ((opcode, layout), &pieces) in self.layouts.iter().enumerate().zip(op_pieces) {
            let chip = OpChip::new(opcode, Arc::clone(layout), self.shape);
            airs.extend(std::iter::repeat_n(ChipAir::Op(chip), pieces));
        }
        airs.push(ChipAir::Memory(MemoryChip::touched(&initial, &final_, M::MEMORY_WIDTH, &touched)));
        airs.push(ChipAir::Range(RangeChip));
        airs.push(ChipAir::Io(IoChip::inputs(&inputs, self.shape.input_width() - 1, M::OPCODES.len())));
        let mut heights = piece_heights(outputs.len().div_ceil(OUTPUTS_PER_ROW));
        if heights.is_empty() {
            heights.push(padded_height(0));
        }
        for (piece, height) in fill_pieces(&outputs, OUTPUTS_PER_ROW, &heights) {
            airs.push(ChipAir::Io(IoChip::with_height(IoKind::Output, piece, output_width, height)));
        }
        Ok(airs)
    }

    /// Decodes an input record; internal opcodes (call targets) are not valid inputs.
    fn decode(&self, opcode: u64, operands: &[F]) -> Result<M, DecodeError> {
        let index =
            usize::try_from(opcode).ok().filter(|&i| i < M::OPCODES.len()).ok_or(DecodeError::UnknownOpcode(opcode))?;
        if self.shape.is_call_target(index) {
            return Err(DecodeError::Internal(M::OPCODES[index].name));
        }
        M::decode(index, operands)
    }

    pub(crate) fn public_values(&self, statement: &Statement, airs: &[ChipAir<M>]) -> Vec<Vec<F>> {
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

    /// Runs the executor over a batch; with `tracing`, also returns each op chip's rows and each
    /// input's first and last row clock.
    #[allow(clippy::type_complexity)]
    fn run(
        &self,
        memory: &Memory,
        ops: &[M],
        tracing: bool,
    ) -> Result<(ExecState, Vec<Vec<F>>, Vec<(u64, u64)>), ExecError> {
        let _span = info_span!("execute", vm = M::NAME, ops = ops.len(), tracing).entered();
        if ops.len() > MAX_BATCH {
            return Err(ExecError::BatchTooLarge { max: MAX_BATCH, got: ops.len() });
        }
        if memory.width() != M::MEMORY_WIDTH {
            return Err(ExecError::MemoryWidth { expected: M::MEMORY_WIDTH, got: memory.width() });
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
            if self.shape.is_call_target(op.opcode()) {
                return Err(ExecError::Internal { seq, opcode: M::OPCODES[op.opcode()].name });
            }
            let mut next = Some((op.opcode(), op.encode()));
            let start = clk;
            while let Some((opcode, operands)) = next.take() {
                let name = M::OPCODES[opcode].name;
                if clk >= MAX_ROWS {
                    return Err(ExecError::TooManyRows { seq, opcode: name, max: MAX_ROWS });
                }
                {
                    let mut s = st.borrow_mut();
                    s.row.clear();
                    s.columns = 0;
                }
                eval_op::<Execute, M>(&st, opcode, self.shape, Some((seq as u64, clk, &operands)));
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
        Ok((state, rows, chains))
    }

    fn identity(&self) -> Digest {
        let statement = Statement {
            vm: Digest::default(),
            initial_state: Vec::new(),
            final_state: Vec::new(),
            touched: Vec::new(),
            inputs: Vec::new(),
            outputs: Vec::new(),
        };
        let mut description = format!("{}|{:?}|", M::NAME, self.params);
        for air in self.airs(&statement, &vec![1; self.layouts.len()]).unwrap_or_default() {
            let layout = AirLayout {
                preprocessed_width: air.preprocessed_width(),
                main_width: air.width(),
                num_public_values: air.num_public_values(),
                ..Default::default()
            };
            let symbolic = InteractionSymbolicBuilder::<F, EF>::from_air(&air, layout);
            description.push_str(&format!(
                "{}|{:?}|{:?}|{:?}\n",
                air.name(),
                air.column_names(),
                symbolic.base_constraints(),
                symbolic.global_interactions()
            ));
        }
        hash_bytes(description.as_bytes())
    }
}

fn execution(state: ExecState) -> Execution {
    Execution {
        outputs: state.outputs.iter().map(|r| r.iter().map(|v| v.as_canonical_u64()).collect()).collect(),
        final_memory: Memory::words(state.memory.width, state.memory.values),
    }
}

fn layouts<M: Vm>(shape: BusShape) -> Vec<OpLayout> {
    (0..M::OPCODES.len())
        .map(|opcode| {
            let st = Rc::new(RefCell::new(LayoutState::default()));
            eval_op::<Layout, M>(&st, opcode, shape, None);
            let state = std::mem::take(&mut *st.borrow_mut());
            OpLayout::from_state(M::OPCODES[opcode].name, state)
        })
        .collect()
}

/// Rules the layouts must satisfy for the chips to be sound and provable.
fn check_layouts(layouts: &[Arc<OpLayout>]) -> Result<(), SetupError> {
    for layout in layouts {
        let fail = |reason: String| Err(SetupError::Opcode { opcode: layout.name, reason });
        if let Some(misuse) = layout.misuses.first() {
            return fail(format!("misuse of the DSL: `{misuse}`"));
        }
        // The framework's own buses are keyed by name: a channel named like one would join it.
        if let Some(bus) = layout.interactions.iter().map(|(bus, _)| bus).find(|bus| bus.is_reserved_channel()) {
            return fail(format!(
                "channel `{}` uses the reserved prefix `{RESERVED_BUS_PREFIX}` of the framework's buses",
                bus.name()
            ));
        }
        let mut widths = std::collections::BTreeMap::new();
        for layout in layouts {
            for (bus, width) in &layout.interactions {
                if let Some(w) = widths.insert(*bus, *width) {
                    if w != *width {
                        return fail(format!("bus `{}` carries tuples of widths {w} and {width}", bus.name()));
                    }
                }
            }
        }
    }
    Ok(())
}

fn log2(n: usize) -> usize {
    n.trailing_zeros() as usize
}

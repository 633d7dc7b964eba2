//! A hand-written Plonky3 AIR for the ledger's `Transfer`, used only as the benchmark baseline
//! that measures what the DSL's abstraction costs (`docs/BENCHMARKS.md`).
//!
//! It proves the same statement as `Machine<Ledger>` for a batch of transfers, with the same
//! protocol: the same [`Statement`] (inputs `[opcode, from, to, amount]`, outputs
//! `[seq, 0, code]`, memory images and their commitments as public values), the framework's
//! input and output tables ([`IoChip`]), memory boundary ([`MemoryChip`]) and 16-bit range table
//! ([`RangeChip`]) on the same buses, and the same backend (`appvm::backend::config`). Only the
//! Transfer chip is written by hand (`columns.rs`, `air.rs`, `generation.rs`), the way an expert
//! would write it for this one operation.
//!
//! Two restrictions of the statement's domain, both checked by the verifier, which the derived
//! VM does not need:
//! - at most [`MAX_TRANSFERS`] = 2^16 transfers, so that clock gaps fit 17 bits;
//! - a memory of exactly `ACCOUNTS + 1` cells (what [`Ledger::genesis`] makes), because account
//!   existence is proven by the memory bus.

mod air;
mod columns;
pub mod cost;
pub mod dsl;
mod generation;
#[cfg(test)]
mod tests;

use std::panic::{catch_unwind, AssertUnwindSafe};

use appvm::backend::{config, Config};
use appvm::chips::{padded_height, IoChip, IoKind, MemoryChip, RangeChip, STATEMENT_PUBLIC_VALUES};
use appvm::digest::{hash_bytes, Digest};
use appvm::{Memory, Params, Statement, Vm, F};
use p3_air::{Air, BaseAir};
use p3_batch_stark::{prove_batch, verify_batch, BatchProof, ProverData, StarkInstance};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;
use p3_matrix::Matrix;
use rand::RngExt;
use thiserror::Error;
use tracing::info_span;

pub use air::{TransferAir, MAX_TRANSFERS};
pub use columns::{TransferCols, NUM_TRANSFER_COLS, TRANSFER_COL_MAP};

use appvm_ledger::vm::{Ledger, Transfer, ACCOUNTS};
use appvm_ledger::workload::random_account;

/// Fraction-pin degree up to which the Transfer chip's same-bus interactions share a LogUp
/// column. Its constraints are degree 2, so Plonky3's free budget (which keeps the quotient in one
/// chunk) packs nothing; budget 3 (the most `log_blowup = 1` allows) packs pairs: 11 interactions
/// in 7 columns instead of 11 (34 cells per row instead of 42), for a second quotient chunk. At
/// 2^14 transfers both budgets prove in the same time within noise; the packed one commits fewer
/// cells and makes a smaller proof, and it is the configuration the derived chips get too.
pub const TRANSFER_LOOKUP_BUDGET: usize = 3;

/// The baseline's identity in [`Statement::vm`].
pub fn id() -> Digest {
    hash_bytes(b"appvm-examples/baseline: hand-written ledger Transfer chip, v1")
}

/// Why a batch cannot be proven or a proof does not verify.
#[derive(Debug, Error)]
pub enum BaselineError {
    /// The baseline proves transfer-only batches.
    #[error("input #{seq} is not a Transfer")]
    NotATransfer {
        /// Index in the input stream.
        seq: usize,
    },
    /// More transfers than 17-bit clock gaps allow.
    #[error("a batch holds at most {max} transfers, got {got}")]
    BatchTooLarge {
        /// Largest batch.
        max: usize,
        /// Batch given.
        got: usize,
    },
    /// The statement is not one this chip set proves.
    #[error("malformed statement: {0}")]
    Statement(String),
    /// The backend refused to prove, or the proof's shape does not fit the statement.
    #[error("prover backend: {0}")]
    Backend(String),
    /// The proof does not verify.
    #[error("proof rejected: {0}")]
    Rejected(String),
    /// The proof bytes do not decode.
    #[error("malformed proof: {0}")]
    Decode(String),
}

/// One chip of the baseline: the hand-written Transfer chip or one of the framework's.
#[derive(Clone, Debug)]
pub enum BaselineAir {
    /// The hand-written Transfer chip.
    Transfer(TransferAir),
    /// The framework's memory boundary.
    Memory(MemoryChip),
    /// The framework's 16-bit range table.
    Range(RangeChip),
    /// The framework's input or output table, with its preprocessed width.
    Io(IoChip, IoKind, usize),
}

impl BaselineAir {
    /// Chip name, as the framework's cost report names it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Transfer(_) => "Transfer",
            Self::Memory(_) => "memory",
            Self::Range(_) => "range",
            Self::Io(_, kind, _) => kind.name(),
        }
    }

    fn io(kind: IoKind, records: &[Vec<F>], width: usize) -> Self {
        let chip = match kind {
            IoKind::Input => IoChip::inputs(records, width, Ledger::OPCODES.len()),
            IoKind::Output => IoChip::new(kind, records, width),
        };
        let preprocessed = chip.preprocessed_width();
        Self::Io(chip, kind, preprocessed)
    }
}

impl BaseAir<F> for BaselineAir {
    fn width(&self) -> usize {
        match self {
            Self::Transfer(c) => BaseAir::<F>::width(c),
            Self::Memory(_) => MemoryChip::MAIN_WIDTH,
            Self::Io(c, ..) => c.main_width(),
            Self::Range(_) => 2,
        }
    }

    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<F>> {
        match self {
            Self::Memory(c) => Some(c.preprocessed()),
            Self::Io(c, ..) => Some(c.preprocessed()),
            Self::Transfer(_) | Self::Range(_) => None,
        }
    }

    fn preprocessed_width(&self) -> usize {
        match self {
            Self::Memory(c) => c.preprocessed_width(),
            Self::Io(_, _, width) => *width,
            Self::Transfer(_) | Self::Range(_) => 0,
        }
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        match self {
            Self::Io(_, IoKind::Input, _) => vec![0],
            _ => Vec::new(),
        }
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        match self {
            Self::Range(_) | Self::Io(_, IoKind::Input, _) => vec![0],
            _ => Vec::new(),
        }
    }

    fn num_public_values(&self) -> usize {
        match self {
            Self::Io(_, IoKind::Input, _) => STATEMENT_PUBLIC_VALUES,
            _ => 0,
        }
    }
}

impl<AB: InteractionBuilder<F = F>> Air<AB> for BaselineAir {
    fn eval(&self, builder: &mut AB) {
        match self {
            Self::Transfer(c) => c.eval(builder),
            Self::Memory(c) => c.eval(builder),
            Self::Range(c) => c.eval(builder),
            Self::Io(c, ..) => c.eval(builder),
        }
    }
}

/// Everything the prover commits to for one batch.
#[derive(Debug)]
pub struct BaselineWitness {
    /// The statement the traces prove.
    pub statement: Statement,
    /// Transfer, memory, range, inputs, outputs.
    pub airs: Vec<BaselineAir>,
    /// One main trace per chip, aligned with `airs`.
    pub traces: Vec<RowMajorMatrix<F>>,
    /// Public values per chip.
    pub public_values: Vec<Vec<F>>,
}

impl BaselineWitness {
    /// The Transfer chip.
    pub fn transfer_air(&self) -> TransferAir {
        match self.airs[0] {
            BaselineAir::Transfer(air) => air,
            _ => unreachable!("the Transfer chip is always first"),
        }
    }

    /// Trace heights, per chip.
    pub fn heights(&self) -> Vec<usize> {
        self.traces.iter().map(Matrix::height).collect()
    }
}

/// A proof of a [`Statement`] by the baseline.
pub struct BaselineProof(BatchProof<Config>);

impl core::fmt::Debug for BaselineProof {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BaselineProof").field("degree_bits", &self.0.degree_bits).finish()
    }
}

impl BaselineProof {
    /// Serialises the proof, with the framework's encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        bincode::serde::encode_to_vec(&self.0, bincode::config::standard()).unwrap_or_default()
    }

    /// Deserialises a proof.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BaselineError> {
        match bincode::serde::decode_from_slice(bytes, bincode::config::standard()) {
            Ok((proof, read)) if read == bytes.len() => Ok(Self(proof)),
            Ok(_) => Err(BaselineError::Decode("trailing bytes".into())),
            Err(e) => Err(BaselineError::Decode(e.to_string())),
        }
    }
}

/// The baseline prover and verifier.
pub struct Baseline {
    params: Params,
    config: Config,
    opcode: u64,
}

impl core::fmt::Debug for Baseline {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Baseline").field("params", &self.params).finish()
    }
}

impl Baseline {
    /// A baseline with the framework's backend at `params`.
    pub fn new(params: Params) -> Self {
        let opcode = Ledger::Transfer(Transfer { from: 0, to: 0, amount: 0 }).opcode() as u64;
        Self { params, config: config(params), opcode }
    }

    /// Executes a transfer-only batch from `memory` and builds every chip's trace.
    pub fn witness(&self, memory: &Memory, ops: &[Ledger]) -> Result<BaselineWitness, BaselineError> {
        let transfers = ops
            .iter()
            .enumerate()
            .map(|(seq, op)| match op {
                Ledger::Transfer(t) => Ok(*t),
                _ => Err(BaselineError::NotATransfer { seq }),
            })
            .collect::<Result<Vec<Transfer>, _>>()?;
        if transfers.len() > MAX_TRANSFERS {
            return Err(BaselineError::BatchTooLarge { max: MAX_TRANSFERS, got: transfers.len() });
        }
        let initial = memory.to_u64s();
        if initial.len() != ACCOUNTS as usize + 1 {
            return Err(BaselineError::Statement(format!(
                "memory has {} cells, expected {}",
                initial.len(),
                ACCOUNTS + 1
            )));
        }
        let execution = generation::generate(&initial, &transfers);
        let statement = Statement {
            vm: id(),
            touched: execution.touched,
            initial_state: initial,
            final_state: execution.final_memory,
            inputs: ops
                .iter()
                .map(|op| {
                    std::iter::once(op.opcode() as u64)
                        .chain(op.encode().iter().map(|v| v.as_canonical_u64()))
                        .collect()
                })
                .collect(),
            outputs: execution.outputs,
        };
        let airs = self.airs(&statement)?;
        let mut traces = vec![execution.transfer_trace, execution.memory_trace, execution.range_trace];
        for air in &airs[traces.len()..] {
            match air {
                // One row per transfer: input `seq` runs at row clock `seq`, start and end.
                BaselineAir::Io(io, IoKind::Input, _) => {
                    let chains: Vec<(u64, u64)> = (0..statement.inputs.len() as u64).map(|seq| (seq, seq)).collect();
                    traces.push(io.input_trace(&chains));
                }
                BaselineAir::Io(io, ..) => traces.push(RowMajorMatrix::new(F::zero_vec(io.height()), 1)),
                _ => {}
            }
        }
        let public_values = public_values(&statement, &airs);
        Ok(BaselineWitness { statement, airs, traces, public_values })
    }

    /// Proves a witness.
    pub fn prove(&self, witness: &BaselineWitness) -> Result<BaselineProof, BaselineError> {
        let _span = info_span!("prove", vm = "baseline").entered();
        let degree_bits: Vec<usize> = witness.heights().into_iter().map(log2).collect();
        let prover_data = self.prover_data(&witness.airs, &degree_bits)?;
        let instances: Vec<StarkInstance<'_, Config, BaselineAir>> = witness
            .airs
            .iter()
            .zip(&witness.traces)
            .zip(&witness.public_values)
            .map(|((air, trace), pv)| StarkInstance { air, trace, public_values: pv.clone() })
            .collect();
        let proof = prove_batch(&self.config, &instances, &prover_data)
            .map_err(|e| BaselineError::Backend(format!("{e:?}")))?;
        Ok(BaselineProof(proof))
    }

    /// Verifies a proof of `statement`.
    pub fn verify(&self, statement: &Statement, proof: &BaselineProof) -> Result<(), BaselineError> {
        let _span = info_span!("verify", vm = "baseline").entered();
        if statement.vm != id() {
            return Err(BaselineError::Statement(format!("statement is for VM {}", statement.vm)));
        }
        let airs = self.airs(statement)?;
        let public_values = public_values(statement, &airs);
        // Every height follows from the statement; the proof's claim must match it.
        let degree_bits: Vec<usize> = airs
            .iter()
            .map(|air| match air {
                BaselineAir::Transfer(_) => log2(padded_height(statement.inputs.len())),
                BaselineAir::Memory(m) => log2(m.height()),
                BaselineAir::Range(_) => log2(RangeChip::HEIGHT),
                BaselineAir::Io(io, ..) => log2(io.height()),
            })
            .collect();
        if proof.0.degree_bits != degree_bits {
            return Err(BaselineError::Backend(format!(
                "proof heights 2^{:?}, statement implies 2^{degree_bits:?}",
                proof.0.degree_bits
            )));
        }
        // As in `Machine::verify`: a backend panic on hostile input is still a rejection.
        let result = catch_unwind(AssertUnwindSafe(|| {
            let prover_data = self.prover_data(&airs, &degree_bits)?;
            verify_batch(&self.config, &airs, &proof.0, &public_values, &prover_data.common)
                .map_err(|e| BaselineError::Rejected(e.to_string()))
        }));
        result.unwrap_or_else(|_| Err(BaselineError::Rejected("backend panicked on malformed proof".into())))
    }

    /// Commits the preprocessed tables and fixes each chip's LogUp columns.
    pub fn prover_data(
        &self,
        airs: &[BaselineAir],
        degree_bits: &[usize],
    ) -> Result<ProverData<Config>, BaselineError> {
        let budgets: Vec<usize> = airs
            .iter()
            .map(|air| if matches!(air, BaselineAir::Transfer(_)) { TRANSFER_LOOKUP_BUDGET } else { 0 })
            .collect();
        ProverData::from_airs_and_degrees_with_lookup_budgets(
            &self.config,
            airs,
            degree_bits,
            &budgets,
            self.params.fri_shape().0,
        )
        .map_err(|e| BaselineError::Backend(format!("{e:?}")))
    }

    /// The chips for a statement: Transfer, memory, range, inputs, outputs. Rejects statements
    /// outside the baseline's domain (non-transfers, too many inputs, another memory size).
    pub fn airs(&self, statement: &Statement) -> Result<Vec<BaselineAir>, BaselineError> {
        let bad = |msg: String| BaselineError::Statement(msg);
        let cells = ACCOUNTS as usize + 1;
        if statement.initial_state.len() != cells || statement.final_state.len() != cells {
            return Err(bad(format!("memory images must have {cells} cells")));
        }
        if statement.inputs.len() > MAX_TRANSFERS {
            return Err(BaselineError::BatchTooLarge { max: MAX_TRANSFERS, got: statement.inputs.len() });
        }
        let field = |v: u64| {
            if v < F::ORDER_U64 {
                Ok(F::from_u64(v))
            } else {
                Err(bad(format!("{v} is not a field element")))
            }
        };
        let mut inputs = Vec::with_capacity(statement.inputs.len());
        for (seq, record) in statement.inputs.iter().enumerate() {
            let (&opcode, operands) = record.split_first().ok_or_else(|| bad(format!("input #{seq} is empty")))?;
            let operands = operands.iter().map(|&v| field(v)).collect::<Result<Vec<F>, _>>()?;
            // Decoding checks each operand fits its u32; the AIR relies on that.
            let op = usize::try_from(opcode)
                .ok()
                .and_then(|opcode| Ledger::decode(opcode, &operands).ok())
                .ok_or_else(|| bad(format!("input #{seq} is not a ledger instruction")))?;
            if opcode != self.opcode {
                return Err(BaselineError::NotATransfer { seq });
            }
            let mut row = vec![F::from_usize(seq), F::from_u64(opcode)];
            row.extend(op.encode());
            inputs.push(row);
        }
        let mut outputs = Vec::with_capacity(statement.outputs.len());
        for (i, record) in statement.outputs.iter().enumerate() {
            if record.len() != OUTPUT_WIDTH {
                return Err(bad(format!("output #{i} has {} fields, expected {OUTPUT_WIDTH}", record.len())));
            }
            outputs.push(record.iter().map(|&v| field(v)).collect::<Result<Vec<F>, _>>()?);
        }
        let image = |values: &[u64]| values.iter().map(|&v| field(v)).collect::<Result<Vec<F>, _>>();
        let (initial, final_) = (image(&statement.initial_state)?, image(&statement.final_state)?);
        let touched = touched(statement)?;
        Ok(vec![
            BaselineAir::Transfer(TransferAir { opcode: self.opcode, done: Ledger::OPCODES.len() as u64 }),
            BaselineAir::Memory(MemoryChip::touched(&initial, &final_, 1, &touched)),
            BaselineAir::Range(RangeChip),
            BaselineAir::io(IoKind::Input, &inputs, INPUT_WIDTH),
            BaselineAir::io(IoKind::Output, &outputs, OUTPUT_WIDTH),
        ])
    }
}

/// The statement's touched addresses, checked as `Machine` checks them: increasing, inside memory,
/// and covering every cell that differs between the images (an untouched cell has no boundary
/// row, so it must not change).
fn touched(statement: &Statement) -> Result<Vec<usize>, BaselineError> {
    let cells = statement.initial_state.len();
    let mut listed = vec![false; cells];
    let mut previous = None;
    for &addr in &statement.touched {
        let addr = usize::try_from(addr).ok().filter(|&a| a < cells && previous.is_none_or(|p| a > p));
        let addr = addr.ok_or_else(|| BaselineError::Statement("touched addresses are not increasing cells".into()))?;
        listed[addr] = true;
        previous = Some(addr);
    }
    let mut cells = statement.initial_state.iter().zip(&statement.final_state).enumerate();
    if let Some((addr, _)) = cells.find(|&(addr, (i, f))| i != f && !listed[addr]) {
        return Err(BaselineError::Statement(format!("cell {addr} changed but is not touched")));
    }
    Ok(statement.touched.iter().map(|&a| a as usize).collect())
}

/// Preprocessed fields of an input record: `seq, opcode, from, to, amount` (the ledger's widest
/// opcode); the bus record adds the row clock after `seq`.
const INPUT_WIDTH: usize = 5;
/// Fields of an output record: `seq, index, code`.
const OUTPUT_WIDTH: usize = 3;

/// The input table carries the VM id and the state commitments, as in `Machine`.
fn public_values(statement: &Statement, airs: &[BaselineAir]) -> Vec<Vec<F>> {
    airs.iter()
        .map(|air| match air {
            BaselineAir::Io(_, IoKind::Input, _) => {
                let mut pv = statement.vm.to_fields().to_vec();
                pv.extend(statement.initial_commitment().to_fields());
                pv.extend(statement.final_commitment().to_fields());
                pv
            }
            _ => Vec::new(),
        })
        .collect()
}

fn log2(n: usize) -> usize {
    n.trailing_zeros() as usize
}

/// A transfer-only workload for the overhead benchmark: 64 busy accounts, 2% of ids missing, one
/// amount in ten a random `u32` (mostly an overdraft), the rest below 5,000.
pub fn random_transfers(rng: &mut impl RngExt, n: usize) -> Vec<Ledger> {
    (0..n)
        .map(|_| {
            let (from, to) = (random_account(rng), random_account(rng));
            let amount = if rng.random_range(0..10u32) == 0 { rng.random() } else { rng.random_range(0..5_000) };
            Ledger::Transfer(Transfer { from, to, amount })
        })
        .collect()
}

/// The genesis the benchmarks start from: 64 accounts holding 1,000,000 each.
pub fn genesis() -> Memory {
    Ledger::with_balances(&[1_000_000; 64])
}

//! The machine API: set a VM up once, then execute (fast path), generate traces, prove and
//! verify batches of its instructions.
//!
//! [`Machine<M>`] is a thin typed front over a `Core` that is not generic: the VM's semantics
//! reach it as two function pointers (`VmSpec`), so the chips, the tables, the
//! prover and the verifier are compiled once, in this crate, not again in every author's crate.
//!
//! - `setup.rs`: laying out the chips, the rules they must satisfy, the VM's identity;
//! - `run.rs`: the executor loop and trace generation;
//! - `tables.rs`: the chips of a statement (its public tables);
//! - `prove.rs`: the pre-proving witness check, proving and verification.

mod prove;
mod run;
mod setup;
mod spec;
mod tables;

use std::marker::PhantomData;
use std::sync::Arc;

use crate::backend::{Params, F};
use crate::chips::ChipAir;
use crate::digest::Digest;
use crate::dsl::{Memory, OpLayout, MEMORY_SLOTS};
use crate::error::{ExecError, ProveError, SetupError, VerifyError};
use crate::limits::Limits;
use crate::statement::{Proof, Statement};
use crate::vm::Vm;
use spec::VmSpec;

pub use crate::witness::Witness;
pub(crate) use setup::Core;

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

/// One instruction as the core sees it: an opcode id and its encoded operands.
#[derive(Clone, Debug)]
pub(crate) struct Instruction {
    pub opcode: usize,
    pub operands: Vec<F>,
}

/// A VM ready to execute, prove and verify.
pub struct Machine<M: Vm> {
    core: Core,
    _vm: PhantomData<fn() -> M>,
}

impl<M: Vm> core::fmt::Debug for Machine<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Machine")
            .field("vm", &M::NAME)
            .field("id", &self.core.id)
            .field("params", &self.core.params)
            .finish()
    }
}

impl<M: Vm> Machine<M> {
    /// Lays out every opcode's chip and derives the VM's identity.
    pub fn new(params: Params) -> Result<Self, SetupError> {
        Ok(Self { core: Core::new(VmSpec::of::<M>(), params)?, _vm: PhantomData })
    }

    /// The VM's identity: a digest of its name, parameters and every chip's symbolic constraints
    /// and interactions. A proof made for one VM does not verify under another.
    pub fn id(&self) -> Digest {
        self.core.id
    }

    /// The parameter set.
    pub fn params(&self) -> Params {
        self.core.params
    }

    /// The same machine with other verifier limits (the default is [`Limits::default`]).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.core.limits = limits;
        self
    }

    /// The sizes this machine's verifier accepts.
    pub fn limits(&self) -> &Limits {
        &self.core.limits
    }

    /// Column layout of each opcode's chip.
    pub fn layouts(&self) -> &[Arc<OpLayout>] {
        &self.core.layouts
    }

    /// Executes a batch natively, without keeping a trace.
    pub fn execute(&self, memory: &Memory, ops: &[M]) -> Result<Execution, ExecError> {
        self.core.execute(memory, &instructions(ops))
    }

    /// Executes a batch and builds every chip's trace.
    pub fn witness(&self, memory: &Memory, ops: &[M]) -> Result<Witness, ExecError> {
        self.core.witness(memory, &instructions(ops))
    }

    /// Executes and proves a batch.
    pub fn prove(&self, memory: &Memory, ops: &[M]) -> Result<(Statement, Proof), ProveError> {
        let witness = self.witness(memory, ops)?;
        let proof = self.prove_witness(&witness)?;
        Ok((witness.statement, proof))
    }

    /// Proves an already generated witness, after checking that it satisfies every constraint
    /// and that every bus balances ([`ProveError::Witness`] names the chip, row and constraint
    /// or bus otherwise): a witness that cannot verify is refused before the expensive work.
    pub fn prove_witness(&self, witness: &Witness) -> Result<Proof, ProveError> {
        self.check_witness(witness)?;
        self.core.prove(witness)
    }

    /// The check [`Machine::prove_witness`] runs first, on its own: every constraint of every
    /// row and every bus, evaluated natively. It costs a fraction of proving (see
    /// docs/BENCHMARKS.md); a caller that times the prover times it separately.
    pub fn check_witness(&self, witness: &Witness) -> Result<(), ProveError> {
        self.core.check_witness(witness)
    }

    /// Proves a witness without checking it first: what a malicious prover does. For soundness
    /// tests that change a valid witness, re-prove it and require the verifier to reject it.
    pub fn prove_unchecked(&self, witness: &Witness) -> Result<Proof, ProveError> {
        self.core.prove(witness)
    }

    /// Verifies a proof of `statement`. Any change to the statement, or to the proof, is an error.
    ///
    /// The verifier decides everything it checks against: its own parameters (a proof made with
    /// others is rejected), its [`Limits`] (checked before any table is built), and its VM id.
    pub fn verify(&self, statement: &Statement, proof: &Proof) -> Result<(), VerifyError> {
        self.core.verify(statement, proof)
    }

    /// The chips for a statement: `op_pieces[i]` instances of opcode `i`'s chip, in opcode order,
    /// then memory, range, inputs and the output table's pieces.
    pub fn airs(&self, statement: &Statement, op_pieces: &[usize]) -> Result<Vec<ChipAir>, VerifyError> {
        self.core.airs(statement, op_pieces)
    }

    pub(crate) fn public_values(&self, statement: &Statement, airs: &[ChipAir]) -> Vec<Vec<F>> {
        tables::public_values(statement, airs)
    }
}

/// The batch as opcode ids and encoded operands: the only per-VM work before the core takes over.
fn instructions<M: Vm>(ops: &[M]) -> Vec<Instruction> {
    ops.iter().map(|op| Instruction { opcode: op.opcode(), operands: op.encode() }).collect()
}

fn log2(n: usize) -> usize {
    n.trailing_zeros() as usize
}

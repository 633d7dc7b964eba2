//! [`VmSpec`]: a VM reduced to constants and two function pointers, which is all the machine's
//! core sees of it.

use crate::backend::F;
use crate::dsl::{EvalFn, Execute, Symbolic};
use crate::error::DecodeError;
use crate::opcode::OpcodeInfo;
use crate::vm::Vm;

/// What the framework keeps of a VM: its constants, and its generic code instantiated once per
/// interpreter as function pointers. Everything downstream (chips, tables, the prover and the
/// verifier) is ordinary framework code over this record, compiled once in this crate rather than
/// again in every author's crate.
#[derive(Clone, Copy, Debug)]
pub(crate) struct VmSpec {
    pub name: &'static str,
    pub opcodes: &'static [OpcodeInfo],
    pub memory_width: usize,
    pub execute: EvalFn<Execute>,
    pub symbolic: EvalFn<Symbolic>,
    pub check_initial_state: fn(&[u64]) -> Result<(), String>,
    /// Decodes an instruction's operands and encodes them again: the canonical form, or why
    /// they are not an instance of the opcode.
    pub canonical: fn(usize, &[F]) -> Result<Vec<F>, DecodeError>,
}

impl VmSpec {
    pub(crate) fn of<M: Vm>() -> Self {
        Self {
            name: M::NAME,
            opcodes: M::OPCODES,
            memory_width: M::MEMORY_WIDTH,
            execute: M::eval::<Execute>,
            symbolic: M::eval::<Symbolic>,
            check_initial_state: M::check_initial_state,
            canonical: canonical::<M>,
        }
    }
}

fn canonical<M: Vm>(opcode: usize, operands: &[F]) -> Result<Vec<F>, DecodeError> {
    M::decode(opcode, operands).map(|op| op.encode())
}

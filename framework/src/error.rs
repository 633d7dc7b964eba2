//! Error types of the framework. Every variant names what failed: the opcode, the input index,
//! the constraint or column.
//!
//! `Debug` prints the same text as `Display`: a `main` or test that returns
//! `Result<_, Box<dyn Error>>` prints its error with `Debug`, and the explanation is what helps
//! there, not the variant's fields.

use core::fmt;

use thiserror::Error;

pub use crate::fault::WitnessFault;

/// `Debug` as `Display` (see the module documentation).
macro_rules! debug_as_display {
    ($($t:ty),*) => {$(
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    )*};
}
debug_as_display!(SetupError, DecodeError, ExecError, ProveError, VerifyError);

/// A VM definition that cannot be turned into chips.
#[derive(Error)]
pub enum SetupError {
    /// The VM as a whole breaks a rule (too many opcodes, an unsupported memory width…).
    #[error("VM `{vm}`: {reason}")]
    Vm {
        /// VM name.
        vm: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// An opcode's semantics broke a rule of the DSL.
    #[error("opcode `{opcode}`: {reason}")]
    Opcode {
        /// Opcode name.
        opcode: &'static str,
        /// What is wrong.
        reason: String,
    },
}

/// Public input that is not a valid instruction of the VM.
#[derive(Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The opcode id is not one of the VM's.
    #[error("unknown opcode id {0}")]
    UnknownOpcode(u64),
    /// Wrong number of operands.
    #[error("opcode `{opcode}` takes {expected} operands, got {got}")]
    Arity {
        /// Opcode name.
        opcode: &'static str,
        /// Operands it takes.
        expected: usize,
        /// Operands given.
        got: usize,
    },
    /// The opcode is internal: it is only reached from another opcode, never from the input.
    #[error("opcode `{0}` is internal and cannot appear in the input stream")]
    Internal(&'static str),
    /// An operand value outside its declared type.
    #[error("opcode `{opcode}`: operand `{operand}` = {value} does not fit its type")]
    Operand {
        /// Opcode name.
        opcode: &'static str,
        /// Operand name.
        operand: &'static str,
        /// The value given.
        value: u64,
    },
}

/// An execution the VM cannot prove.
#[derive(Error, PartialEq, Eq)]
pub enum ExecError {
    /// A constraint of the opcode's semantics does not hold.
    #[error("input #{seq} (`{opcode}`): constraint `{constraint}` fails")]
    Constraint {
        /// Index in the input stream.
        seq: usize,
        /// Opcode name.
        opcode: &'static str,
        /// Name of the failing constraint.
        constraint: String,
    },
    /// A memory access outside the VM's memory.
    #[error("input #{seq} (`{opcode}`): memory address {addr} is outside memory")]
    Address {
        /// Index in the input stream.
        seq: usize,
        /// Opcode name.
        opcode: &'static str,
        /// The address.
        addr: u64,
    },
    /// The executor allocated a different number of columns than the layout: the semantics
    /// branch on a value. Use `select` and conditional accesses instead.
    #[error(
        "input #{seq} (`{opcode}`): execution allocated {got} columns but the layout has {expected}: \
         control flow depends on a value (compute both sides and `select`)"
    )]
    ControlFlow {
        /// Index in the input stream.
        seq: usize,
        /// Opcode name.
        opcode: &'static str,
        /// Columns in the layout.
        expected: usize,
        /// Columns the executor allocated.
        got: usize,
    },
    /// An input names an internal opcode (one only reached through `Cx::call`).
    #[error("input #{seq}: `{opcode}` is internal and cannot be an input")]
    Internal {
        /// Index in the input stream.
        seq: usize,
        /// Opcode name.
        opcode: &'static str,
    },
    /// The batch needs more rows than memory clocks allow.
    #[error("input #{seq} (`{opcode}`): the batch exceeds {max} rows")]
    TooManyRows {
        /// Index in the input stream.
        seq: usize,
        /// Opcode of the row that would exceed it.
        opcode: &'static str,
        /// Most rows of a batch.
        max: u64,
    },
    /// The memory's word width is not the VM's.
    #[error("memory has {got}-element words, the VM uses {expected}")]
    MemoryWidth {
        /// The VM's word width.
        expected: usize,
        /// The memory's.
        got: usize,
    },
    /// The batch's statement is one this machine's verifier would refuse (over its
    /// [`crate::Limits`], or malformed), so it is not proven.
    #[error("the batch's statement would not verify: {0}")]
    Unverifiable(String),
    /// The batch is longer than memory clocks allow.
    #[error("a batch holds at most {max} inputs, got {got}")]
    BatchTooLarge {
        /// Largest batch.
        max: usize,
        /// Batch given.
        got: usize,
    },
}

/// Proving failed.
#[derive(Error)]
pub enum ProveError {
    /// The execution itself is invalid.
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// The witness does not satisfy the chips, so its proof could not verify; nothing was proven.
    #[error("the witness would not verify: {0}")]
    Witness(Box<WitnessFault>),
    /// The backend refused (a configuration problem, not a property of the input).
    #[error("prover backend: {0}")]
    Backend(String),
}

/// Verification rejected the proof. Never a panic.
#[derive(Error)]
pub enum VerifyError {
    /// The statement names another VM.
    #[error("statement is for VM {got}, this verifier is VM {expected}")]
    VmMismatch {
        /// This verifier's VM id.
        expected: String,
        /// The statement's VM id.
        got: String,
    },
    /// The statement is not well formed for this VM.
    #[error("malformed statement: {0}")]
    Statement(String),
    /// The statement's initial state is not one the VM proves from ([`crate::Vm::check_initial_state`]).
    #[error("initial state: {0}")]
    InitialState(String),
    /// The statement or proof is larger than this verifier accepts ([`crate::Limits`]); nothing
    /// was built from it.
    #[error("{what}: {got} exceeds this verifier's limit of {max}")]
    Limit {
        /// What was counted.
        what: &'static str,
        /// The count.
        got: usize,
        /// The verifier's limit.
        max: usize,
    },
    /// The proof bytes do not decode.
    #[error("malformed proof: {0}")]
    Decode(String),
    /// The proof does not have this VM's shape.
    #[error("proof shape: {0}")]
    Shape(String),
    /// The STARK verifier rejected the proof.
    #[error("proof rejected: {0}")]
    Rejected(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_prints_the_explanation_not_the_fields() {
        // What `fn main() -> Result<(), Box<dyn Error>>` prints when a batch branches on a value.
        let e: Box<dyn std::error::Error> =
            Box::new(ProveError::Exec(ExecError::ControlFlow { seq: 3, opcode: "Vend", expected: 9, got: 10 }));
        let debug = format!("{e:?}");
        assert_eq!(debug, e.to_string());
        assert!(debug.starts_with("input #3 (`Vend`)") && debug.contains("select"), "{debug}");
    }
}

#![doc = include_str!("../README.md")]

// The derives emit `::appvm::` paths; this lets the framework's own tests use them.
#[cfg(test)]
extern crate self as appvm;

pub mod backend;
pub mod chips;
pub mod cost;
pub mod digest;
pub mod dsl;
pub mod error;
pub mod limits;
pub mod machine;
pub mod statement;
pub mod testkit;
pub mod vm;

pub use appvm_macros::{Opcode, Vm};
pub use backend::{Params, F};
pub use cost::{ChipCost, CostReport};
pub use digest::Digest;
pub use dsl::{Cx, Interp, Memory, Name, V};
pub use error::{DecodeError, ExecError, ProveError, SetupError, VerifyError};
pub use limits::Limits;
pub use machine::{Execution, Machine, Witness};
pub use statement::{Proof, Statement};
pub use vm::{Opcode, OpcodeInfo, Operand, Semantics, Vm};

/// The repository README's code blocks, compiled and run as doctests so the guide cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct RootReadme;

#[doc(hidden)]
pub mod __private {
    //! Items the derive macros' generated code uses; not public API.
    use p3_field::PrimeField64;

    /// A field element as an integer, for error messages.
    pub fn as_u64(x: crate::F) -> u64 {
        x.as_canonical_u64()
    }
}

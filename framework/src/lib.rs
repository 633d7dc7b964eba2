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
pub mod fault;
pub mod limits;
pub mod machine;
pub mod opcode;
pub mod record;
pub mod statement;
pub mod testkit;
pub mod vm;
pub mod witness;

pub use appvm_macros::{Opcode, Operands, Record, Vm};
pub use backend::{Params, F};
pub use cost::{ChipCost, CostReport};
pub use digest::Digest;
pub use dsl::{Access, Cx, Hints, Interp, Memory, Name, V};
pub use error::{DecodeError, ExecError, ProveError, SetupError, VerifyError};
pub use limits::Limits;
pub use machine::{Execution, Machine, Witness};
pub use opcode::{Opcode, OpcodeArgs, OpcodeInfo, Operand, Operands};
pub use record::Record;
pub use statement::{Output, Proof, Statement};
pub use vm::{Semantics, Vm};

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

    /// The flattened operand names of a struct of operands (an opcode or a group), for its args
    /// struct's `Record` impl.
    pub trait OperandNames {
        /// The names, in encoding order.
        const NAMES: &'static [&'static str];
    }

    /// `parts` back to back; `N` must be their total length (the derives compute it).
    pub const fn concat_names<const N: usize>(parts: &[&[&'static str]]) -> [&'static str; N] {
        let mut out = [""; N];
        let (mut k, mut p) = (0, 0);
        while p < parts.len() {
            let mut i = 0;
            while i < parts[p].len() {
                out[k] = parts[p][i];
                k += 1;
                i += 1;
            }
            p += 1;
        }
        out
    }

    /// True if no two of `names` are equal.
    pub const fn distinct(names: &[&str]) -> bool {
        let mut i = 0;
        while i < names.len() {
            let mut j = i + 1;
            while j < names.len() {
                if str_eq(names[i], names[j]) {
                    return false;
                }
                j += 1;
            }
            i += 1;
        }
        true
    }

    const fn str_eq(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
}

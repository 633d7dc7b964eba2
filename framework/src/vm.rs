//! What an author defines: opcodes (operands + semantics) and the VM that lists them. The derive
//! macros of `appvm-macros` implement [`Opcode`] and [`Vm`]; the author writes [`Semantics`].

use core::fmt::Debug;

use crate::backend::F;
use crate::dsl::{Cx, Interp, V};
use crate::error::DecodeError;
pub use crate::opcode::{Opcode, OpcodeArgs, OpcodeInfo, Operand, Operands};

/// An opcode's meaning, written once: the executor, the constraints and the layout all run it.
pub trait Semantics: Opcode {
    /// The semantics of one instance of the opcode.
    fn eval<B: Interp>(cx: &mut Cx<B>, args: Self::Args<V<B>>);
}

/// A VM: an enum of opcodes, derived with `#[derive(Vm)]`.
pub trait Vm: Sized + Clone + Debug + Send + Sync + 'static {
    /// VM name; part of the VM's identity.
    const NAME: &'static str;
    /// The opcodes, indexed by opcode id.
    const OPCODES: &'static [OpcodeInfo];
    /// Field elements per memory word: what one access reads and writes.
    const MEMORY_WIDTH: usize = 1;
    /// This instruction's opcode id.
    fn opcode(&self) -> usize;
    /// This instruction's operands.
    fn encode(&self) -> Vec<F>;
    /// Decodes an instruction.
    fn decode(opcode: usize, operands: &[F]) -> Result<Self, DecodeError>;
    /// Runs the semantics of opcode `opcode`.
    fn eval<B: Interp>(opcode: usize, cx: &mut Cx<B>, operands: &[V<B>]);
    /// Checks, before verification, that a statement's initial memory image is a state this VM
    /// proves from. A VM whose hinted gadgets have unique witnesses only in reachable states names
    /// a check with `#[vm(initial_state = path::to::check)]` (a `fn(&[u64]) -> Result<(), E>`,
    /// `E: Display`); by default every image is accepted.
    fn check_initial_state(image: &[u64]) -> Result<(), String> {
        let _ = image;
        Ok(())
    }
}

//! Derive macros for appvm. Each derive parses, checks (collecting every mistake with its span)
//! and generates; mistakes become `compile_error!`s at the user's code, never panics. The logic
//! lives in ordinary functions over `syn` types so it can be unit-tested.

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

mod opcode;
mod vm;

/// Derives `appvm::Opcode` for a struct of operands: opcode name, operand names, encoding with
/// checked decoding, and a `<Name>Args<T>` struct giving the semantics named operands.
///
/// Every field must implement `appvm::Operand` (`u8`, `u16`, `u32`, `u64`, `i32`, `bool`); a unit
/// struct is an opcode without operands. Misuses (an enum, a tuple struct, a generic struct, a
/// field that is not an operand) are compile errors at the offending code: see `tests/ui/`.
#[proc_macro_derive(Opcode)]
pub fn derive_opcode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    opcode::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Derives `appvm::Vm` for an enum whose variants each wrap one opcode type: opcode ids (variant
/// order), decoding, and dispatch to each opcode's semantics. `#[vm(name = "...")]` sets the VM's
/// name (default: the enum's name); `#[vm(memory_width = N)]` sets the memory word size.
///
/// Each variant is `Name(OpcodeType)` with `OpcodeType: appvm::Semantics`, each type once, no
/// discriminants, no generics; anything else is a compile error at the offending code.
#[proc_macro_derive(Vm, attributes(vm))]
pub fn derive_vm(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    vm::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

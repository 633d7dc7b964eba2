//! Derive macros for appvm. Each derive parses, checks (collecting every mistake with its span)
//! and generates; mistakes become `compile_error!`s at the user's code, never panics. The logic
//! lives in ordinary functions over `syn` types so it can be unit-tested.

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

mod opcode;
mod operands;
mod record;
mod vm;

/// Derives `appvm::Opcode` for a struct of operands: opcode name, operand names, encoding with
/// checked decoding, and a `<Name>Args<T>` struct giving the semantics named operands (an
/// `appvm::Record` of them, and the `appvm::OpcodeArgs` that `Cx::call` takes).
///
/// Every field must implement `appvm::Operand` (`u8`, `u16`, `u32`, `u64`, `i32`, `bool`), or be an
/// operand group (`#[derive(Operands)]`) marked `#[operands(flatten)]`, whose operands are encoded
/// in its place and whose args are a field of the args struct. A unit struct is an opcode without
/// operands. Misuses (an enum, a tuple struct, a generic struct, a field that is not an operand,
/// two operands of one name) are compile errors at the offending code: see `tests/ui/`.
#[proc_macro_derive(Opcode, attributes(operands))]
pub fn derive_opcode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    opcode::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Derives `appvm::Operands` for a group of operands several opcodes share (a taker's state,
/// say), declared once and embedded with `#[operands(flatten)]`; generates its `<Name>Args<T>`.
/// The rules of `#[derive(Opcode)]`'s fields apply; groups may embed groups.
#[proc_macro_derive(Operands, attributes(operands))]
pub fn derive_operands(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    operands::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Derives `appvm::Record<T>` for a struct of lanes generic over one lane type,
/// `struct Level<T> { total: T, key: T, head: T, next: T }`: lane names are the field names, in
/// order. Also derives `Default` (for `T: Default`, so known lanes are written
/// `Level { key: Some(k), ..Default::default() }`; do not derive it as well) and
/// `appvm::dsl::Known` for `Level<Option<V<B>>>`. A record has 1 to 8 lanes (one memory word).
#[proc_macro_derive(Record)]
pub fn derive_record(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    record::expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
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

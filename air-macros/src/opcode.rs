//! `#[derive(Opcode)]`: parse a struct of named operand fields (and flattened operand groups),
//! check it, generate the impl. The shared parts live in `operands.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::operands::{self, Generated, Kind};

/// Generates the `Opcode` impl, the `<Name>Args<T>` struct and its `OpcodeArgs` impl.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let fields = operands::parse(input, Kind::Opcode)?;
    let ident = &input.ident;
    let args = format_ident!("{}Args", ident);
    let name = ident.to_string();
    let Generated { args_struct, names, encode_into, decode } = operands::generate(input, &fields, &quote!(#name));
    let bounds = operands::bounds(&fields);
    Ok(quote! {
        #args_struct

        impl<T> ::appvm::OpcodeArgs<T> for #args<T> {
            type Opcode = #ident;
        }

        const _: () = {
            #names

            impl ::appvm::Opcode for #ident where #(#bounds,)* {
                const INFO: ::appvm::OpcodeInfo = ::appvm::OpcodeInfo { name: #name, operands: &__NAMES };
                type Args<T> = #args<T>;

                fn args<T: ::core::clone::Clone>(values: &[T]) -> #args<T> {
                    <#args<T> as ::appvm::Record<T>>::from_lanes(|i| values[i].clone())
                }

                fn encode(&self) -> ::std::vec::Vec<::appvm::F> {
                    let mut out = ::std::vec::Vec::with_capacity(__LEN);
                    {
                        let out = &mut out;
                        #encode_into
                    }
                    out
                }

                fn decode(values: &[::appvm::F]) -> ::core::result::Result<Self, ::appvm::DecodeError> {
                    #decode
                }
            }
        };
    })
}

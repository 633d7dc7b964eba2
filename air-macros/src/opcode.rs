//! `#[derive(Opcode)]`: parse a struct of named operand fields, check it, generate the impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Type};

/// One operand: field name and type.
struct Operand<'a> {
    name: &'a Ident,
    ty: &'a Type,
}

/// Parses and checks the input; every mistake is reported, each at its own span.
fn parse(input: &DeriveInput) -> syn::Result<Vec<Operand<'_>>> {
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    if !input.generics.params.is_empty() {
        push(syn::Error::new(input.generics.span(), "an opcode cannot be generic: its operands are concrete values"));
    }
    let operands = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => {
                named.named.iter().filter_map(|f| f.ident.as_ref().map(|name| Operand { name, ty: &f.ty })).collect()
            }
            Fields::Unit => Vec::new(),
            Fields::Unnamed(fields) => {
                push(syn::Error::new(fields.span(), "opcode operands need names: use `struct Op { field: Type, .. }`"));
                Vec::new()
            }
        },
        Data::Enum(e) => {
            push(syn::Error::new(
                e.enum_token.span(),
                "#[derive(Opcode)] goes on a struct of operands; an enum of opcodes takes #[derive(Vm)]",
            ));
            Vec::new()
        }
        Data::Union(u) => {
            push(syn::Error::new(u.union_token.span(), "#[derive(Opcode)] goes on a struct of operands"));
            Vec::new()
        }
    };
    match errors {
        Some(e) => Err(e),
        None => Ok(operands),
    }
}

/// Generates the `Opcode` impl and the `<Name>Args<T>` struct.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let operands = parse(input)?;
    let ident = &input.ident;
    let vis = &input.vis;
    let args = format_ident!("{}Args", ident);
    let name = ident.to_string();
    let names: Vec<&Ident> = operands.iter().map(|o| o.name).collect();
    let name_strs: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let indices: Vec<usize> = (0..operands.len()).collect();
    let count = operands.len();
    // One `where` predicate per field, spanned at its type: a type that is not an operand is
    // reported once, underlined where the user wrote it, and the impl body (which assumes the
    // predicates) adds no second error pointing at the derive.
    let bounds = operands.iter().map(|o| {
        let ty = o.ty;
        quote_spanned! {ty.span()=> #ty: ::appvm::Operand }
    });
    // An opcode without operands still needs `T` in its args struct.
    let marker = operands.is_empty().then(|| {
        quote! {
            #[doc(hidden)]
            pub _operands: ::core::marker::PhantomData<fn() -> T>,
        }
    });
    let marker_init = operands.is_empty().then(|| quote! { _operands: ::core::marker::PhantomData, });
    let unused = operands.is_empty().then(|| quote! { let _ = values; });
    let decode = operands.iter().zip(&indices).map(|(o, i)| {
        let (field, ty, field_str) = (o.name, o.ty, o.name.to_string());
        quote! {
            #field: <#ty as ::appvm::Operand>::from_field(values[#i]).ok_or_else(|| {
                ::appvm::DecodeError::Operand {
                    opcode: #name,
                    operand: #field_str,
                    value: ::appvm::__private::as_u64(values[#i]),
                }
            })?
        }
    });
    let doc = format!("The operands of [`{name}`] as DSL values, by name.");
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        #[allow(missing_docs)]
        #vis struct #args<T> {
            #(pub #names: T,)*
            #marker
        }

        impl ::appvm::Opcode for #ident where #(#bounds,)* {
            const INFO: ::appvm::OpcodeInfo = ::appvm::OpcodeInfo { name: #name, operands: &[#(#name_strs),*] };
            type Args<T> = #args<T>;

            fn args<T: ::core::clone::Clone>(values: &[T]) -> #args<T> {
                #unused
                #args { #(#names: values[#indices].clone(),)* #marker_init }
            }

            fn encode(&self) -> ::std::vec::Vec<::appvm::F> {
                ::std::vec![#(::appvm::Operand::to_field(self.#names)),*]
            }

            fn decode(values: &[::appvm::F]) -> ::core::result::Result<Self, ::appvm::DecodeError> {
                if values.len() != #count {
                    return ::core::result::Result::Err(::appvm::DecodeError::Arity {
                        opcode: #name,
                        expected: #count,
                        got: values.len(),
                    });
                }
                ::core::result::Result::Ok(Self { #(#decode,)* })
            }
        }
    })
}

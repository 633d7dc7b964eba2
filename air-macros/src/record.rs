//! `#[derive(Record)]`: a struct generic over one lane type `T`, every field of type `T`. Generates
//! `appvm::Record<T>` (lane names are the field names), `Default` when `T: Default` (so a record
//! of known lanes names only those), and `appvm::dsl::Known` for the record of `Option<V<B>>`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericParam, Ident, Type};

use crate::operands::Errors;

/// Widest memory word, `appvm::dsl::MAX_MEMORY_WIDTH`: a record is at most one word.
const MAX_LANES: usize = 8;

struct Parsed<'a> {
    lane_type: &'a Ident,
    fields: Vec<&'a Ident>,
}

fn parse(input: &DeriveInput) -> syn::Result<Parsed<'_>> {
    let mut errors = Errors::default();
    let generics = &input.generics;
    let params: Vec<&GenericParam> = generics.params.iter().collect();
    let lane_type = match params.as_slice() {
        [GenericParam::Type(t)] if t.bounds.is_empty() && t.default.is_none() => Some(&t.ident),
        [GenericParam::Type(t)] => {
            errors.push(syn::Error::new(t.span(), "a record's lane type takes no bounds or default: `struct Rec<T>`"));
            None
        }
        _ => {
            let span = if params.is_empty() { input.ident.span() } else { generics.span() };
            errors.push(syn::Error::new(
                span,
                "a record is generic over exactly one lane type: `struct Rec<T> { a: T, b: T }`, so the same \
                 fields serve for values, known values (`Option`) and decoded integers",
            ));
            None
        }
    };
    if let Some(clause) = &generics.where_clause {
        errors.push(syn::Error::new(clause.span(), "a record takes no `where` clause"));
    }
    let mut fields = Vec::new();
    match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => {
                if named.named.is_empty() {
                    errors.push(syn::Error::new(named.span(), "a record needs at least one lane"));
                }
                for (i, f) in named.named.iter().enumerate() {
                    let is_lane = matches!(&f.ty, Type::Path(p) if p.qself.is_none()
                        && lane_type.is_some_and(|t| p.path.is_ident(t)));
                    if !is_lane && lane_type.is_some() {
                        errors.push(syn::Error::new(
                            f.ty.span(),
                            "every field of a record is one lane, of the record's lane type `T`",
                        ));
                    }
                    if i == MAX_LANES {
                        errors.push(syn::Error::new(
                            f.span(),
                            format!("a record has at most {MAX_LANES} lanes: one memory word (MAX_MEMORY_WIDTH)"),
                        ));
                    }
                    fields.extend(f.ident.as_ref());
                }
            }
            Fields::Unnamed(unnamed) => errors.push(syn::Error::new(
                unnamed.span(),
                "a record's lanes need names (they name its columns): use `struct Rec<T> { a: T, .. }`",
            )),
            Fields::Unit => errors.push(syn::Error::new(input.ident.span(), "a record needs at least one lane")),
        },
        Data::Enum(e) => {
            errors.push(syn::Error::new(e.enum_token.span(), "#[derive(Record)] goes on a struct of lanes"))
        }
        Data::Union(u) => {
            errors.push(syn::Error::new(u.union_token.span(), "#[derive(Record)] goes on a struct of lanes"))
        }
    }
    errors.finish(())?;
    // Without a lane type an error was pushed above; this only keeps the types honest.
    let lane_type = lane_type.ok_or_else(|| syn::Error::new(input.ident.span(), "a record needs a lane type"))?;
    Ok(Parsed { lane_type, fields })
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Parsed { lane_type: t, fields } = parse(input)?;
    let ident = &input.ident;
    let names: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    let indices: Vec<usize> = (0..fields.len()).collect();
    Ok(quote! {
        impl<#t> ::appvm::Record<#t> for #ident<#t> {
            const NAMES: &'static [&'static str] = &[#(#names),*];

            fn from_lanes(mut lane: impl ::core::ops::FnMut(usize) -> #t) -> Self {
                Self { #(#fields: lane(#indices),)* }
            }

            fn into_lanes(self) -> ::std::vec::Vec<#t> {
                ::std::vec![#(self.#fields),*]
            }
        }

        impl<#t: ::core::default::Default> ::core::default::Default for #ident<#t> {
            fn default() -> Self {
                Self { #(#fields: ::core::default::Default::default(),)* }
            }
        }

        impl<__AppvmB: ::appvm::Interp> ::appvm::dsl::Known<__AppvmB>
            for #ident<::core::option::Option<::appvm::V<__AppvmB>>>
        {
            type Record = #ident<::appvm::V<__AppvmB>>;
        }
    })
}

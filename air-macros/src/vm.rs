//! `#[derive(Vm)]`: parse an enum whose variants each wrap one opcode type, check it, generate
//! the impl (opcode ids are variant positions).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

/// One variant: its name and the opcode type it wraps.
struct Variant<'a> {
    name: &'a Ident,
    ty: &'a Type,
}

struct Parsed<'a> {
    name: String,
    variants: Vec<Variant<'a>>,
}

fn combine(errors: &mut Option<syn::Error>, e: syn::Error) {
    match errors {
        Some(all) => all.combine(e),
        None => *errors = Some(e),
    }
}

/// Reads `#[vm(name = "...")]`.
fn parse_name(input: &DeriveInput, errors: &mut Option<syn::Error>) -> String {
    let mut name = input.ident.to_string();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("vm")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                name = meta.value()?.parse::<LitStr>()?.value();
                Ok(())
            } else {
                Err(meta.error("unknown `vm` attribute key; expected `name = \"...\"`"))
            }
        });
        if let Err(e) = result {
            combine(errors, e);
        }
    }
    name
}

fn parse(input: &DeriveInput) -> syn::Result<Parsed<'_>> {
    let mut errors = None;
    let name = parse_name(input, &mut errors);
    if !input.generics.params.is_empty() {
        combine(&mut errors, syn::Error::new(input.generics.span(), "a VM cannot be generic"));
    }
    let mut variants = Vec::new();
    match &input.data {
        Data::Enum(e) => {
            if e.variants.is_empty() {
                combine(&mut errors, syn::Error::new(input.ident.span(), "a VM needs at least one opcode variant"));
            }
            for v in &e.variants {
                match &v.fields {
                    Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                        let ty = &f.unnamed[0].ty;
                        let seen = variants.iter().any(|o: &Variant<'_>| quote!(#ty).to_string() == {
                            let t = o.ty;
                            quote!(#t).to_string()
                        });
                        if seen {
                            combine(&mut errors, syn::Error::new(ty.span(), "this opcode type is already in the VM; each opcode appears once"));
                        }
                        variants.push(Variant { name: &v.ident, ty });
                    }
                    _ => combine(
                        &mut errors,
                        syn::Error::new(v.span(), "each VM variant wraps exactly one opcode type: `Name(OpcodeType)`"),
                    ),
                }
                if let Some((_, d)) = &v.discriminant {
                    combine(&mut errors, syn::Error::new(d.span(), "opcode ids are the variant positions; remove the discriminant"));
                }
            }
        }
        Data::Struct(s) => combine(
            &mut errors,
            syn::Error::new(s.struct_token.span(), "#[derive(Vm)] goes on an enum of opcodes; a struct of operands takes #[derive(Opcode)]"),
        ),
        Data::Union(u) => combine(&mut errors, syn::Error::new(u.union_token.span(), "#[derive(Vm)] goes on an enum of opcodes")),
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(Parsed { name, variants }),
    }
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Parsed { name, variants } = parse(input)?;
    let ident = &input.ident;
    let names: Vec<&Ident> = variants.iter().map(|v| v.name).collect();
    let types: Vec<&Type> = variants.iter().map(|v| v.ty).collect();
    let ids: Vec<usize> = (0..variants.len()).collect();
    let bounds = types.iter().map(|ty| {
        quote_spanned! {ty.span()=> const _: () = { fn semantics<T: ::appvm::Semantics>() {} let _ = semantics::<#ty>; }; }
    });
    Ok(quote! {
        #(#bounds)*

        impl ::appvm::Vm for #ident {
            const NAME: &'static str = #name;
            const OPCODES: &'static [::appvm::OpcodeInfo] = &[#(<#types as ::appvm::Opcode>::INFO),*];

            fn opcode(&self) -> usize {
                match self { #(Self::#names(_) => #ids,)* }
            }

            fn encode(&self) -> ::std::vec::Vec<::appvm::F> {
                match self { #(Self::#names(op) => <#types as ::appvm::Opcode>::encode(op),)* }
            }

            fn decode(opcode: usize, operands: &[::appvm::F]) -> ::core::result::Result<Self, ::appvm::DecodeError> {
                match opcode {
                    #(#ids => <#types as ::appvm::Opcode>::decode(operands).map(Self::#names),)*
                    other => ::core::result::Result::Err(::appvm::DecodeError::UnknownOpcode(other as u64)),
                }
            }

            fn eval<B: ::appvm::Interp>(opcode: usize, cx: &mut ::appvm::Cx<B>, operands: &[::appvm::V<B>]) {
                match opcode {
                    #(#ids => <#types as ::appvm::Semantics>::eval(cx, <#types as ::appvm::Opcode>::args(operands)),)*
                    _ => {}
                }
            }
        }
    })
}

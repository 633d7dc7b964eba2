//! `#[derive(Vm)]`: parse an enum whose variants each wrap one opcode type, check it, generate
//! the impl (opcode ids are variant positions).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitInt, LitStr, Type};

/// One variant: its name and the opcode type it wraps.
struct Variant<'a> {
    name: &'a Ident,
    ty: &'a Type,
}

struct Parsed<'a> {
    name: String,
    memory_width: Option<LitInt>,
    initial_state: Option<syn::Path>,
    variants: Vec<Variant<'a>>,
}

fn combine(errors: &mut Option<syn::Error>, e: syn::Error) {
    match errors {
        Some(all) => all.combine(e),
        None => *errors = Some(e),
    }
}

/// The `#[vm(...)]` keys.
#[derive(Default)]
struct Attrs {
    name: Option<LitStr>,
    memory_width: Option<LitInt>,
    initial_state: Option<syn::Path>,
}

/// Reads `#[vm(name = "...", memory_width = N, initial_state = path)]` in one pass: each key at most once, every
/// mistake reported at its own span.
fn parse_attrs(input: &DeriveInput, errors: &mut Option<syn::Error>) -> Attrs {
    let mut attrs = Attrs::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("vm")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                let lit = meta
                    .value()?
                    .parse::<LitStr>()
                    .map_err(|e| syn::Error::new(e.span(), "`name` takes a string literal: `name = \"my_vm\"`"))?;
                if attrs.name.is_some() {
                    return Err(meta.error("`name` is given twice; a VM has one name"));
                }
                if lit.value().is_empty() {
                    return Err(syn::Error::new(
                        lit.span(),
                        "a VM name cannot be empty: it is part of the VM's identity",
                    ));
                }
                attrs.name = Some(lit);
                Ok(())
            } else if meta.path.is_ident("memory_width") {
                let lit = meta
                    .value()?
                    .parse::<LitInt>()
                    .map_err(|e| syn::Error::new(e.span(), "`memory_width` takes an integer literal from 1 to 8"))?;
                if attrs.memory_width.is_some() {
                    return Err(meta.error("`memory_width` is given twice"));
                }
                match lit.base10_parse::<usize>() {
                    Ok(1..=8) => attrs.memory_width = Some(lit),
                    _ => return Err(syn::Error::new(lit.span(), "memory_width is a word size from 1 to 8")),
                }
                Ok(())
            } else if meta.path.is_ident("initial_state") {
                let path = meta.value()?.parse::<syn::Path>().map_err(|e| {
                    syn::Error::new(e.span(), "`initial_state` takes a function path: `initial_state = my::check`")
                })?;
                if attrs.initial_state.is_some() {
                    return Err(meta.error("`initial_state` is given twice"));
                }
                attrs.initial_state = Some(path);
                Ok(())
            } else {
                Err(meta.error(
                    "unknown `vm` attribute key; expected `name = \"...\"`, `memory_width = N` or `initial_state = path`",
                ))
            }
        });
        if let Err(e) = result {
            combine(errors, e);
        }
    }
    attrs
}

/// The error for a variant that does not wrap exactly one opcode type, at the offending part.
fn variant_error(ident: &Ident, fields: &Fields) -> syn::Error {
    let fix = format!(
        "each VM variant wraps exactly one opcode type: `{ident}({ident})`, with `{ident}` a #[derive(Opcode)] struct"
    );
    match fields {
        Fields::Unit => syn::Error::new(ident.span(), format!("variant `{ident}` wraps no opcode; {fix}")),
        Fields::Named(named) => syn::Error::new(named.span(), format!("variant `{ident}` has named fields; {fix}")),
        Fields::Unnamed(unnamed) => {
            syn::Error::new(unnamed.span(), format!("variant `{ident}` wraps {} types; {fix}", unnamed.unnamed.len()))
        }
    }
}

fn parse(input: &DeriveInput) -> syn::Result<Parsed<'_>> {
    let mut errors = None;
    let Attrs { name, memory_width, initial_state } = parse_attrs(input, &mut errors);
    let name = name.map_or_else(|| input.ident.to_string(), |lit| lit.value());
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
                        let key = quote!(#ty).to_string();
                        let seen = variants.iter().find(|o: &&Variant<'_>| {
                            let t = o.ty;
                            quote!(#t).to_string() == key
                        });
                        if let Some(first) = seen {
                            let msg = format!(
                                "opcode type `{}` is already variant `{}`; each opcode appears once in a VM",
                                key.replace(' ', ""),
                                first.name
                            );
                            combine(&mut errors, syn::Error::new(ty.span(), msg));
                        }
                        variants.push(Variant { name: &v.ident, ty });
                    }
                    fields => combine(&mut errors, variant_error(&v.ident, fields)),
                }
                if let Some((_, d)) = &v.discriminant {
                    combine(
                        &mut errors,
                        syn::Error::new(d.span(), "opcode ids are the variant positions; remove the discriminant"),
                    );
                }
            }
        }
        Data::Struct(s) => combine(
            &mut errors,
            syn::Error::new(
                s.struct_token.span(),
                "#[derive(Vm)] goes on an enum of opcodes; a struct of operands takes #[derive(Opcode)]",
            ),
        ),
        Data::Union(u) => {
            combine(&mut errors, syn::Error::new(u.union_token.span(), "#[derive(Vm)] goes on an enum of opcodes"))
        }
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(Parsed { name, memory_width, initial_state, variants }),
    }
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Parsed { name, memory_width, initial_state, variants } = parse(input)?;
    let memory_width = memory_width.map(|w| quote!(const MEMORY_WIDTH: usize = #w;));
    let initial_state = initial_state.map(|check| {
        quote_spanned! {check.span()=>
            fn check_initial_state(image: &[u64]) -> ::core::result::Result<(), ::std::string::String> {
                #check(image).map_err(|e| ::std::string::ToString::to_string(&e))
            }
        }
    });
    let ident = &input.ident;
    let names: Vec<&Ident> = variants.iter().map(|v| v.name).collect();
    let types: Vec<&Type> = variants.iter().map(|v| v.ty).collect();
    let ids: Vec<usize> = (0..variants.len()).collect();
    // One `where` predicate per variant, spanned at its opcode type: a type without semantics
    // (or that is no opcode at all) is reported once, where the user wrote it, and the impl body
    // (which assumes the predicates) adds no second error pointing at the derive.
    let bounds = types.iter().map(|ty| quote_spanned! {ty.span()=> #ty: ::appvm::Semantics });
    // A call names its target by the opcode's name (what `Cx` knows of the VM), so names must
    // be unique; two opcode types of one name from different modules would be ambiguous.
    let duplicate = format!("two opcodes of VM `{ident}` have the same name; rename one (calls find opcodes by name)");
    Ok(quote! {
        const _: () = ::std::assert!(
            ::appvm::__private::distinct(&[#(<#types as ::appvm::Opcode>::INFO.name),*]),
            #duplicate
        );

        impl ::appvm::Vm for #ident where #(#bounds,)* {
            const NAME: &'static str = #name;
            const OPCODES: &'static [::appvm::OpcodeInfo] = &[#(<#types as ::appvm::Opcode>::INFO),*];
            #memory_width
            #initial_state

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

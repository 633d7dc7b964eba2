//! A struct of operands, shared by `#[derive(Opcode)]` and `#[derive(Operands)]`: parse its fields
//! (plain operands, and groups embedded with `#[operands(flatten)]`), check them, and generate
//! what both derives need: the `<Name>Args<T>` struct with its `Record` impl, the flattened operand
//! names, encoding and decoding.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Type};

/// Which derive is parsing: the wording of errors differs.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Opcode,
    Operands,
}

impl Kind {
    fn derive(self) -> &'static str {
        match self {
            Kind::Opcode => "#[derive(Opcode)]",
            Kind::Operands => "#[derive(Operands)]",
        }
    }
}

/// One field: a plain operand (`flatten == false`) or an embedded group.
pub(crate) struct Field<'a> {
    pub name: &'a Ident,
    pub ty: &'a Type,
    pub flatten: bool,
}

/// Collects every mistake, each at its own span.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn finish<T>(self, ok: T) -> syn::Result<T> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(ok),
        }
    }
}

/// Reads a field's `#[operands(...)]` attributes: `flatten` is the only key.
fn flatten_attr(field: &syn::Field, errors: &mut Errors) -> bool {
    let mut flatten = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("operands")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("flatten") {
                if flatten {
                    return Err(meta.error("`flatten` is given twice"));
                }
                flatten = true;
                Ok(())
            } else {
                Err(meta.error(
                    "unknown `operands` key; `#[operands(flatten)]` embeds a #[derive(Operands)] group's operands here",
                ))
            }
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    flatten
}

/// Parses and checks a struct of operands.
pub(crate) fn parse(input: &DeriveInput, kind: Kind) -> syn::Result<Vec<Field<'_>>> {
    let mut errors = Errors::default();
    if !input.generics.params.is_empty() {
        let what = match kind {
            Kind::Opcode => "an opcode",
            Kind::Operands => "an operand group",
        };
        errors.push(syn::Error::new(
            input.generics.span(),
            format!("{what} cannot be generic: its operands are concrete values"),
        ));
    }
    let derive = kind.derive();
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => named
                .named
                .iter()
                .filter_map(|f| {
                    let flatten = flatten_attr(f, &mut errors);
                    f.ident.as_ref().map(|name| Field { name, ty: &f.ty, flatten })
                })
                .collect(),
            Fields::Unit => Vec::new(),
            Fields::Unnamed(fields) => {
                let what = match kind {
                    Kind::Opcode => "opcode operands",
                    Kind::Operands => "operands",
                };
                errors.push(syn::Error::new(
                    fields.span(),
                    format!("{what} need names: use `struct Op {{ field: Type, .. }}`"),
                ));
                Vec::new()
            }
        },
        Data::Enum(e) => {
            let hint = match kind {
                Kind::Opcode => "; an enum of opcodes takes #[derive(Vm)]",
                Kind::Operands => "",
            };
            errors.push(syn::Error::new(e.enum_token.span(), format!("{derive} goes on a struct of operands{hint}")));
            Vec::new()
        }
        Data::Union(u) => {
            errors.push(syn::Error::new(u.union_token.span(), format!("{derive} goes on a struct of operands")));
            Vec::new()
        }
    };
    errors.finish(fields)
}

/// Everything generated for a struct of operands, for the two derives to assemble.
pub(crate) struct Generated {
    /// The `<Name>Args<T>` struct and its `Record` impl, at item level.
    pub args_struct: TokenStream,
    /// Items that go inside the derive's `const _: () = { ... };` block: `__LEN`, `__NAMES` (the
    /// flattened operand names) and the check that they are distinct.
    pub names: TokenStream,
    /// The body of `fn(&self, out: &mut Vec<F>)` appending the encoding.
    pub encode_into: TokenStream,
    /// The body of `fn(values: &[F]) -> Result<Self, DecodeError>`, given an expression that names
    /// the opcode in errors.
    pub decode: TokenStream,
}

/// The number of operands a field contributes, as a constant expression.
fn width(f: &Field<'_>) -> TokenStream {
    let ty = f.ty;
    if f.flatten {
        quote_spanned! {ty.span()=> <#ty as ::appvm::Operands>::NAMES.len() }
    } else {
        quote!(1usize)
    }
}

pub(crate) fn generate(input: &DeriveInput, fields: &[Field<'_>], opcode_name: &TokenStream) -> Generated {
    let ident = &input.ident;
    let vis = &input.vis;
    let args = format_ident!("{}Args", ident);
    let names: Vec<&Ident> = fields.iter().map(|f| f.name).collect();
    // Each field's first operand index, as a constant expression over the widths before it.
    let mut offsets = Vec::with_capacity(fields.len());
    let mut at = quote!(0usize);
    for f in fields {
        offsets.push(at.clone());
        let w = width(f);
        at = quote!(#at + #w);
    }
    let len = at;
    let arg_types = fields.iter().map(|f| {
        let ty = f.ty;
        if f.flatten {
            quote_spanned! {ty.span()=> <#ty as ::appvm::Operands>::Args<T> }
        } else {
            quote!(T)
        }
    });
    // An args struct without operands still needs `T`.
    let marker = fields.is_empty().then(|| {
        quote! {
            #[doc(hidden)]
            pub _operands: ::core::marker::PhantomData<fn() -> T>,
        }
    });
    let marker_init = fields.is_empty().then(|| quote! { _operands: ::core::marker::PhantomData, });
    // ...and a way to name it: a call to an opcode without operands passes `XArgs::default()`.
    let empty_default = fields.is_empty().then(|| {
        quote! {
            impl<T> ::core::default::Default for #args<T> {
                fn default() -> Self {
                    Self { _operands: ::core::marker::PhantomData }
                }
            }
        }
    });
    let from_lanes = fields.iter().zip(&offsets).map(|(f, off)| {
        let (name, ty) = (f.name, f.ty);
        if f.flatten {
            quote_spanned! {ty.span()=>
                #name: <<#ty as ::appvm::Operands>::Args<T> as ::appvm::Record<T>>::from_lanes(|i| lane(#off + i))
            }
        } else {
            quote! { #name: lane(#off) }
        }
    });
    let into_lanes = fields.iter().map(|f| {
        let (name, ty) = (f.name, f.ty);
        if f.flatten {
            quote_spanned! {ty.span()=> out.extend(::appvm::Record::into_lanes(self.#name)); }
        } else {
            quote! { out.push(self.#name); }
        }
    });
    let doc = format!("The operands of [`{ident}`] as DSL values (or any lane type `T`), by name.");
    let args_struct = quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        #[allow(missing_docs)]
        #vis struct #args<T> {
            #(pub #names: #arg_types,)*
            #marker
        }

        #empty_default

        impl<T> ::appvm::Record<T> for #args<T> {
            const NAMES: &'static [&'static str] = <#ident as ::appvm::__private::OperandNames>::NAMES;

            #[allow(unused_mut, unused_variables)]
            fn from_lanes(mut lane: impl ::core::ops::FnMut(usize) -> T) -> Self {
                Self { #(#from_lanes,)* #marker_init }
            }

            fn into_lanes(self) -> ::std::vec::Vec<T> {
                let mut out = ::std::vec::Vec::with_capacity(<Self as ::appvm::Record<T>>::LANES);
                #(#into_lanes)*
                out
            }
        }
    };

    let parts = fields.iter().map(|f| {
        let (ty, name) = (f.ty, f.name.to_string());
        if f.flatten {
            quote_spanned! {ty.span()=> <#ty as ::appvm::Operands>::NAMES }
        } else {
            quote! { &[#name] }
        }
    });
    let duplicate = format!("two operands of `{ident}` have the same name (a flattened group brings its own names)");
    let names = quote! {
        const __LEN: usize = #len;
        const __NAMES: [&'static str; __LEN] = ::appvm::__private::concat_names(&[#(#parts),*]);
        const _: () = ::std::assert!(::appvm::__private::distinct(&__NAMES), #duplicate);
        impl ::appvm::__private::OperandNames for #ident {
            const NAMES: &'static [&'static str] = &__NAMES;
        }
    };

    let encode = fields.iter().map(|f| {
        let (name, ty) = (f.name, f.ty);
        if f.flatten {
            quote_spanned! {ty.span()=> ::appvm::Operands::encode_into(&self.#name, out); }
        } else {
            quote! { out.push(::appvm::Operand::to_field(self.#name)); }
        }
    });
    let encode_into = quote! { #(#encode)* };

    let decode_fields = fields.iter().zip(&offsets).map(|(f, off)| {
        let (name, ty) = (f.name, f.ty);
        if f.flatten {
            let w = width(f);
            quote_spanned! {ty.span()=>
                #name: <#ty as ::appvm::Operands>::decode_from(&values[#off..#off + #w], #opcode_name)?
            }
        } else {
            let operand = name.to_string();
            quote! {
                #name: <#ty as ::appvm::Operand>::from_field(values[#off]).ok_or_else(|| {
                    ::appvm::DecodeError::Operand {
                        opcode: #opcode_name,
                        operand: #operand,
                        value: ::appvm::__private::as_u64(values[#off]),
                    }
                })?
            }
        }
    });
    let decode = quote! {
        if values.len() != __LEN {
            return ::core::result::Result::Err(::appvm::DecodeError::Arity {
                opcode: #opcode_name,
                expected: __LEN,
                got: values.len(),
            });
        }
        ::core::result::Result::Ok(Self { #(#decode_fields,)* })
    };
    Generated { args_struct, names, encode_into, decode }
}

/// One `where` predicate per field, spanned at its type: a type that is not an operand (or, for
/// a flattened field, not a group) is reported once, underlined where the user wrote it.
pub(crate) fn bounds<'a>(fields: &'a [Field<'a>]) -> impl Iterator<Item = TokenStream> + 'a {
    fields.iter().map(|f| {
        let ty = f.ty;
        if f.flatten {
            quote_spanned! {ty.span()=> #ty: ::appvm::Operands }
        } else {
            quote_spanned! {ty.span()=> #ty: ::appvm::Operand }
        }
    })
}

/// `#[derive(Operands)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let fields = parse(input, Kind::Operands)?;
    let ident = &input.ident;
    let args = format_ident!("{}Args", ident);
    let Generated { args_struct, names, encode_into, decode } = generate(input, &fields, &quote!(opcode));
    let bounds = bounds(&fields);
    Ok(quote! {
        #args_struct

        const _: () = {
            #names

            impl ::appvm::Operands for #ident where #(#bounds,)* {
                const NAMES: &'static [&'static str] = &__NAMES;
                type Args<T> = #args<T>;

                #[allow(unused_variables)]
                fn encode_into(&self, out: &mut ::std::vec::Vec<::appvm::F>) {
                    #encode_into
                }

                fn decode_from(
                    values: &[::appvm::F],
                    opcode: &'static str,
                ) -> ::core::result::Result<Self, ::appvm::DecodeError> {
                    #decode
                }
            }
        };
    })
}

//! Instructions in RON, for any VM, derived from its opcode list: an instruction is written as
//! its opcode's name with named operands, `Transfer(from: 1, to: 2, amount: 5)`. Operands are integers; negative values encode signed operands. Decoding
//! goes through [`Vm::decode`], so an out-of-range operand is an error at its position in the file.
//!
//! Written values above `p/2` (p the Goldilocks prime) are printed as negative numbers, which
//! decode to the same field element.

use std::fmt;
use std::marker::PhantomData;

use appvm::dsl::{from_signed, signed};
use appvm::{DecodeError, Operand, F};

use crate::app::Inputs;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::ser::SerializeStructVariant;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One instruction of VM `M`, (de)serialised by opcode and operand names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op<M>(pub M);

impl<M: Inputs> Serialize for Op<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = self.0.opcode();
        let info = M::OPCODES[index];
        let values = self.0.encode();
        let mut s = serializer.serialize_struct_variant(M::NAME, index as u32, info.name, info.operands.len())?;
        for (name, value) in info.operands.iter().zip(values) {
            let v = signed(value);
            if let Some(names) = M::names(name) {
                s.serialize_field(name, &Named { names, code: u64::from_field(value).unwrap_or(u64::MAX) })?;
            } else if v < 0 {
                s.serialize_field(name, &v)?;
            } else {
                s.serialize_field(name, &v.unsigned_abs())?;
            }
        }
        s.end()
    }
}

/// A code written as its name (`Buy`), or as `Code(7)` when it has none (a code the VM rejects).
struct Named {
    names: &'static [&'static str],
    code: u64,
}

/// The variant that writes a code without a name.
const CODE: &str = "Code";

impl Serialize for Named {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match usize::try_from(self.code).ok().and_then(|i| self.names.get(i).map(|name| (i, name))) {
            Some((i, name)) => serializer.serialize_unit_variant("Name", i as u32, name),
            None => serializer.serialize_newtype_variant("Name", self.names.len() as u32, CODE, &self.code),
        }
    }
}

impl<'de, M: Inputs> Deserialize<'de> for Op<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Variant names are checked by `OpcodeName` with a message listing them.
        deserializer.deserialize_enum(M::NAME, &[], OpVisitor::<M>(PhantomData))
    }
}

/// Whether opcode `index` of `M` is internal: reached only from another opcode, never an input.
fn is_internal<M: Inputs>(index: usize) -> bool {
    M::INTERNAL.contains(&M::OPCODES[index].name)
}

/// The opcodes a scenario may list (the inputs, not the internal ones), with their operands.
fn opcode_list<M: Inputs>() -> String {
    let ops: Vec<String> = (0..M::OPCODES.len())
        .filter(|&i| !is_internal::<M>(i))
        .map(|i| format!("{}({})", M::OPCODES[i].name, M::OPCODES[i].operands.join(", ")))
        .collect();
    ops.join(", ")
}

struct OpVisitor<M>(PhantomData<M>);

impl<'de, M: Inputs> Visitor<'de> for OpVisitor<M> {
    type Value = Op<M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an instruction of VM `{}`: one of {}", M::NAME, opcode_list::<M>())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Op<M>, A::Error> {
        let (index, variant) = data.variant_seed(OpcodeName::<M>(PhantomData))?;
        let info = M::OPCODES[index];
        let operands = if info.operands.is_empty() {
            variant.unit_variant()?;
            Vec::new()
        } else {
            variant
                .struct_variant(info.operands, Operands { opcode: info.name, names: info.operands, named: M::names })?
        };
        let values: Vec<F> = operands.iter().map(|v| v.field).collect();
        M::decode(index, &values).map(Op).map_err(|e| match e {
            // The value as written (`-1`), not its field encoding.
            DecodeError::Operand { opcode, operand, .. } => {
                let written = info.operands.iter().position(|n| *n == operand).map_or("?", |i| &operands[i].written);
                de::Error::custom(format!("`{opcode}` operand `{operand}` = {written} is out of its range"))
            }
            DecodeError::Internal(name) => de::Error::custom(internal::<M>(name)),
            e => de::Error::custom(e),
        })
    }
}

/// An opcode name, deserialised to its index.
struct OpcodeName<M>(PhantomData<M>);

impl<'de, M: Inputs> DeserializeSeed<'de> for OpcodeName<M> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<M: Inputs> Visitor<'_> for OpcodeName<M> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an opcode of VM `{}`", M::NAME)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        match M::OPCODES.iter().position(|op| op.name == name) {
            Some(i) if is_internal::<M>(i) => Err(E::custom(internal::<M>(name))),
            Some(i) => Ok(i),
            None => Err(E::custom(format!(
                "unknown opcode `{name}`; a scenario of VM `{}` lists its inputs: {}",
                M::NAME,
                opcode_list::<M>()
            ))),
        }
    }
}

/// The message for an internal opcode written as an input.
fn internal<M: Inputs>(name: &str) -> String {
    format!(
        "`{name}` is internal to VM `{}` (reached only from another opcode); a scenario lists its inputs: {}",
        M::NAME,
        opcode_list::<M>()
    )
}

/// An opcode's operands, by name (or by position, for formats that write them so).
struct Operands {
    opcode: &'static str,
    names: &'static [&'static str],
    /// The VM's [`Inputs::names`].
    named: fn(&str) -> Option<&'static [&'static str]>,
}

impl Operands {
    fn complete<E: de::Error>(&self, values: Vec<Option<Written>>) -> Result<Vec<Written>, E> {
        values
            .into_iter()
            .zip(self.names)
            .map(|(v, name)| v.ok_or_else(|| E::custom(format!("`{}` is missing operand `{name}`", self.opcode))))
            .collect()
    }
}

impl<'de> Visitor<'de> for Operands {
    type Value = Vec<Written>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the operands of `{}`: {}", self.opcode, self.names.join(", "))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Written>, A::Error> {
        let mut values = vec![None; self.names.len()];
        while let Some(key) = map.next_key::<String>()? {
            let Some(i) = self.names.iter().position(|n| *n == key) else {
                return Err(de::Error::custom(format!(
                    "`{}` has no operand `{key}`; its operands are {}",
                    self.opcode,
                    self.names.join(", ")
                )));
            };
            if values[i].is_some() {
                return Err(de::Error::custom(format!("operand `{key}` given twice")));
            }
            let operand = self.names[i];
            values[i] =
                Some(map.next_value_seed(ValueSeed { opcode: self.opcode, operand, names: (self.named)(operand) })?);
        }
        self.complete(values)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Written>, A::Error> {
        let mut values = Vec::with_capacity(self.names.len());
        loop {
            // One past the last operand is read as the last, to report the excess below.
            let operand = self.names[values.len().min(self.names.len() - 1)];
            let seed = ValueSeed { opcode: self.opcode, operand, names: (self.named)(operand) };
            let Some(v) = seq.next_element_seed(seed)? else { break };
            if values.len() == self.names.len() {
                return Err(de::Error::custom(format!(
                    "`{}` takes {} operands ({})",
                    self.opcode,
                    self.names.len(),
                    self.names.join(", ")
                )));
            }
            values.push(Some(v));
        }
        values.resize(self.names.len(), None);
        self.complete(values)
    }
}

/// An operand value: a non-negative integer below p, or a negative one above -p/2; with the
/// text it was written as, for errors.
#[derive(Clone, Debug)]
struct Written {
    field: F,
    written: String,
}

/// Reads operand `operand` of `opcode`, so that its errors name it.
#[derive(Clone, Copy)]
struct ValueSeed {
    opcode: &'static str,
    operand: &'static str,
    /// The names of its codes, if it is written as a name.
    names: Option<&'static [&'static str]>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Written;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Written, D::Error> {
        match self.names {
            // A name is an enum variant; `deserialize_any` would see only a unit.
            Some(names) => deserializer.deserialize_enum("", names, NamedVisitor { seed: self, names }).map_err(|e| {
                // A number where a name belongs gets the format's identifier error: say what to write.
                let message = e.to_string();
                if message.contains("is not one of") {
                    e
                } else {
                    de::Error::custom(format!(
                        "`{}` operand `{}` is written as a name: {}, or `{CODE}(n)` for a raw code ({message})",
                        self.opcode,
                        self.operand,
                        names.join(", ")
                    ))
                }
            }),
            None => deserializer.deserialize_any(self),
        }
    }
}

/// A variant's name, as the format's identifier.
struct Ident(String);

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdentVisitor;
        impl Visitor<'_> for IdentVisitor {
            type Value = Ident;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ident, E> {
                Ok(Ident(v.to_string()))
            }
        }
        deserializer.deserialize_identifier(IdentVisitor)
    }
}

/// An operand written as a name, or as `Code(n)`.
struct NamedVisitor {
    seed: ValueSeed,
    names: &'static [&'static str],
}

impl<'de> Visitor<'de> for NamedVisitor {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {} for operand `{}` of `{}`", self.names.join(", "), self.seed.operand, self.seed.opcode)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Written, A::Error> {
        let (Ident(name), variant) = data.variant()?;
        if name == CODE {
            let code: u64 = variant.newtype_variant()?;
            return self.seed.visit_u64(code).map(|w| Written { written: format!("{CODE}({code})"), ..w });
        }
        match self.names.iter().position(|n| *n == name) {
            Some(code) => {
                variant.unit_variant()?;
                Ok(Written { field: (code as u64).to_field(), written: name })
            }
            None => Err(self
                .seed
                .error(&name, &format!("is not one of {} (or `{CODE}(n)` for a raw code)", self.names.join(", ")))),
        }
    }
}

impl ValueSeed {
    fn error<E: de::Error>(&self, written: impl fmt::Display, why: &str) -> E {
        E::custom(format!("`{}` operand `{}` = {written} {why}", self.opcode, self.operand))
    }
}

impl Visitor<'_> for ValueSeed {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an integer for operand `{}` of `{}`", self.operand, self.opcode)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Written, E> {
        let x = v.to_field();
        match u64::from_field(x) {
            Some(back) if back == v => Ok(Written { field: x, written: v.to_string() }),
            _ => Err(self.error(v, "is not below the Goldilocks prime 2^64 - 2^32 + 1")),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Written, E> {
        let x = from_signed(v);
        if signed(x) == v {
            Ok(Written { field: x, written: v.to_string() })
        } else {
            Err(self.error(v, "is out of the signed range"))
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Written, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(self.error(v, "is not below 2^64")),
        }
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Written, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Err(self.error(v, "is out of the signed range")),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Written, E> {
        // RON reads an integer past 2^64 (or one with a fraction) as a float.
        if v.fract() == 0.0 && v.abs() >= 2f64.powi(63) {
            Err(self.error(format_args!("{v:.0}"), "is too large: operands are below 2^64"))
        } else {
            Err(self.error(v, "is not an integer"))
        }
    }
}

#[cfg(test)]
mod tests {
    use appvm_ledger::vm::{Deposit, Ledger, Transfer};

    use super::*;

    fn parse(text: &str) -> Result<Vec<Op<Ledger>>, ron::error::SpannedError> {
        ron::from_str(text)
    }

    #[test]
    fn named_operands_parse_in_any_order() {
        let ops = parse("[Transfer(from: 1, to: 2, amount: 5), Deposit(amount: 40, account: 3)]").expect("valid");
        assert_eq!(ops[0].0, Ledger::Transfer(Transfer { from: 1, to: 2, amount: 5 }));
        assert_eq!(ops[1].0, Ledger::Deposit(Deposit { account: 3, amount: 40 }));
    }

    #[test]
    fn round_trips_through_ron() {
        let ops = vec![Op(Ledger::Transfer(Transfer { from: 1, to: 2, amount: 5 }))];
        let text = ron::to_string(&ops).expect("serialises");
        assert_eq!(parse(&text).expect("parses"), ops);
    }

    #[test]
    fn errors_name_the_problem_and_position() {
        let err = parse("[\n  Transfer(from: 1, to: 2)]").expect_err("missing operand");
        assert!(err.to_string().contains("missing operand `amount`"), "{err}");
        assert_eq!(err.span.start.line, 2);
        let err = parse("[Mint(1)]").expect_err("unknown opcode");
        assert!(err.to_string().contains("unknown opcode `Mint`"), "{err}");
        let err = parse("[Deposit(account: 1, amount: 5000000000)]").expect_err("amount is u32");
        assert!(err.to_string().contains("amount"), "{err}");
    }
}

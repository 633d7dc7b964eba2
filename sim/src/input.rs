//! Instructions in RON, for any VM, derived from its opcode list: an instruction is written as
//! its opcode's name with named operands, `Transfer(from: 1, to: 2, amount: 5)`. Operands are integers; negative values encode signed operands. Decoding
//! goes through [`Vm::decode`], so an out-of-range operand is an error at its position in the file.
//!
//! Written values above `p/2` (p the Goldilocks prime) are printed as negative numbers, which
//! decode to the same field element.

use std::fmt;
use std::marker::PhantomData;

use appvm::dsl::{from_signed, signed};
use appvm::{Operand, Vm, F};
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::ser::SerializeStructVariant;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One instruction of VM `M`, (de)serialised by opcode and operand names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op<M>(pub M);

impl<M: Vm> Serialize for Op<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = self.0.opcode();
        let info = M::OPCODES[index];
        let values = self.0.encode();
        let mut s = serializer.serialize_struct_variant(M::NAME, index as u32, info.name, info.operands.len())?;
        for (name, value) in info.operands.iter().zip(values) {
            let v = signed(value);
            if v < 0 {
                s.serialize_field(name, &v)?;
            } else {
                s.serialize_field(name, &v.unsigned_abs())?;
            }
        }
        s.end()
    }
}

impl<'de, M: Vm> Deserialize<'de> for Op<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Variant names are checked by `OpcodeName` with a message listing them.
        deserializer.deserialize_enum(M::NAME, &[], OpVisitor::<M>(PhantomData))
    }
}

fn opcode_list<M: Vm>() -> String {
    let ops: Vec<String> = M::OPCODES.iter().map(|op| format!("{}({})", op.name, op.operands.join(", "))).collect();
    ops.join(", ")
}

struct OpVisitor<M>(PhantomData<M>);

impl<'de, M: Vm> Visitor<'de> for OpVisitor<M> {
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
            variant.struct_variant(info.operands, Operands { opcode: info.name, names: info.operands })?
        };
        M::decode(index, &operands).map(Op).map_err(de::Error::custom)
    }
}

/// An opcode name, deserialised to its index.
struct OpcodeName<M>(PhantomData<M>);

impl<'de, M: Vm> DeserializeSeed<'de> for OpcodeName<M> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<M: Vm> Visitor<'_> for OpcodeName<M> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an opcode of VM `{}`", M::NAME)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        M::OPCODES
            .iter()
            .position(|op| op.name == name)
            .ok_or_else(|| E::custom(format!("unknown opcode `{name}`; VM `{}` has {}", M::NAME, opcode_list::<M>())))
    }
}

/// An opcode's operands, by name (or by position, for formats that write them so).
struct Operands {
    opcode: &'static str,
    names: &'static [&'static str],
}

impl Operands {
    fn complete<E: de::Error>(&self, values: Vec<Option<F>>) -> Result<Vec<F>, E> {
        values
            .into_iter()
            .zip(self.names)
            .map(|(v, name)| v.ok_or_else(|| E::custom(format!("`{}` is missing operand `{name}`", self.opcode))))
            .collect()
    }
}

impl<'de> Visitor<'de> for Operands {
    type Value = Vec<F>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the operands of `{}`: {}", self.opcode, self.names.join(", "))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<F>, A::Error> {
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
            values[i] = Some(map.next_value::<Value>()?.0);
        }
        self.complete(values)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<F>, A::Error> {
        let mut values = Vec::with_capacity(self.names.len());
        while let Some(Value(v)) = seq.next_element()? {
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

/// An operand value: a non-negative integer below p, or a negative one above -p/2.
struct Value(F);

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl Visitor<'_> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer operand")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        let x = v.to_field();
        match u64::from_field(x) {
            Some(back) if back == v => Ok(Value(x)),
            _ => Err(E::custom(format!("operand {v} is not a Goldilocks field element"))),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        let x = from_signed(v);
        if signed(x) == v {
            Ok(Value(x))
        } else {
            Err(E::custom(format!("operand {v} is out of the signed range")))
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

//! [`Program`]: an opcode's recorded circuit compiled to straight-line code. Each shared
//! subexpression becomes one instruction, evaluated once per row under any expression type: field
//! elements (the witness check), Plonky3's symbolic expressions (degrees, the VM id) or packed
//! values (the prover's quotient).

use core::ops::{Add, Mul, Neg, Sub};
use std::collections::HashMap;

use super::interp::Bus;
use super::symbolic::{Node, Sym, SymbolicState};
use crate::backend::F;

/// Where an instruction reads a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A column of the current row.
    Column(usize),
    /// A constant.
    Const(F),
    /// The result of instruction `i`.
    Temp(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Instr {
    Add(Slot, Slot),
    Sub(Slot, Slot),
    Mul(Slot, Slot),
    Neg(Slot),
}

/// An interaction's fields and multiplicity (or, in an exclusive group, its flag).
pub(crate) type Message = (Vec<Slot>, Slot);

/// The compiled circuit of one opcode: instructions, then what the chip asserts and sends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Program {
    code: Vec<Instr>,
    pub(crate) constraints: Vec<Slot>,
    pub(crate) interactions: Vec<(Bus, Message)>,
    pub(crate) one_of: Vec<(Bus, Vec<Message>)>,
}

/// The values of one row's temporaries, from which [`Slot`]s read.
#[derive(Debug)]
pub(crate) struct Values<'a, E> {
    row: &'a [E],
    temps: Vec<E>,
}

impl<E: Clone + From<F>> Values<'_, E> {
    pub(crate) fn get(&self, slot: Slot) -> E {
        match slot {
            Slot::Column(i) => self.row[i].clone(),
            Slot::Const(c) => E::from(c),
            Slot::Temp(i) => self.temps[i].clone(),
        }
    }
}

impl Program {
    /// Compiles a symbolic record; shared nodes are lowered once.
    pub(crate) fn compile(state: &SymbolicState) -> Self {
        let mut compiler = Compiler::default();
        let message = |fields: &[Sym], mult: &Sym, c: &mut Compiler| -> Message {
            (fields.iter().map(|f| c.lower(f)).collect(), c.lower(mult))
        };
        let constraints = state.constraints.iter().map(|(_, e)| compiler.lower(e)).collect();
        let interactions =
            state.interactions.iter().map(|(bus, fields, mult)| (*bus, message(fields, mult, &mut compiler))).collect();
        let one_of = state
            .one_of
            .iter()
            .map(|(bus, branches)| {
                (*bus, branches.iter().map(|(fields, flag)| message(fields, flag, &mut compiler)).collect())
            })
            .collect();
        Self { code: compiler.code, constraints, interactions, one_of }
    }

    /// Runs the instructions over one row's column values.
    pub(crate) fn run<'a, E>(&self, row: &'a [E]) -> Values<'a, E>
    where
        E: Clone + From<F> + Add<Output = E> + Sub<Output = E> + Mul<Output = E> + Neg<Output = E>,
    {
        let mut values = Values { row, temps: Vec::with_capacity(self.code.len()) };
        for instr in &self.code {
            let v = match *instr {
                Instr::Add(a, b) => values.get(a) + values.get(b),
                Instr::Sub(a, b) => values.get(a) - values.get(b),
                Instr::Mul(a, b) => values.get(a) * values.get(b),
                Instr::Neg(a) => -values.get(a),
            };
            values.temps.push(v);
        }
        values
    }
}

#[derive(Default)]
struct Compiler {
    code: Vec<Instr>,
    /// Lowered nodes by address: a node shared by several expressions is one instruction.
    done: HashMap<*const Node, Slot>,
}

impl Compiler {
    fn lower(&mut self, e: &Sym) -> Slot {
        let key: *const Node = &*e.0;
        if let Some(&slot) = self.done.get(&key) {
            return slot;
        }
        let instr = match &*e.0 {
            Node::Const(c) => return Slot::Const(*c),
            Node::Column(i) => return Slot::Column(*i),
            Node::Add(a, b) => Instr::Add(self.lower(a), self.lower(b)),
            Node::Sub(a, b) => Instr::Sub(self.lower(a), self.lower(b)),
            Node::Mul(a, b) => Instr::Mul(self.lower(a), self.lower(b)),
            Node::Neg(a) => Instr::Neg(self.lower(a)),
        };
        self.code.push(instr);
        let slot = Slot::Temp(self.code.len() - 1);
        self.done.insert(key, slot);
        slot
    }
}

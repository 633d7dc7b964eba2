//! The symbolic interpreter: values are expression trees over the row's columns. One pass over an
//! opcode's semantics records its columns (by name), constraints and bus interactions; the chip
//! then evaluates that record ([`super::Program`]) under whatever AIR builder Plonky3 hands it.
//!
//! This is what keeps the prover out of an author's crate: a VM's semantics are instantiated for
//! two interpreters only (this one and the executor), and everything downstream of the record is
//! ordinary, non-generic framework code compiled once.

use core::ops::{Add, Mul, Neg, Sub};
use std::rc::Rc;

use p3_field::PrimeCharacteristicRing;

use super::interp::{Branch, Bus, Interp, Name};
use crate::backend::F;

/// Interpreter marker: the symbolic pass that records an opcode's circuit.
#[derive(Debug)]
pub struct Symbolic;

/// An expression over the current row's columns. Subexpressions are shared, not copied: a value
/// used by ten constraints is one node, which the compiled program evaluates once.
#[derive(Clone, Debug)]
pub struct Sym(pub(crate) Rc<Node>);

/// One node of a [`Sym`].
#[derive(Debug)]
pub(crate) enum Node {
    Const(F),
    Column(usize),
    Add(Sym, Sym),
    Sub(Sym, Sym),
    Mul(Sym, Sym),
    Neg(Sym),
}

impl Sym {
    fn node(node: Node) -> Self {
        Self(Rc::new(node))
    }

    fn constant(&self) -> Option<F> {
        match *self.0 {
            Node::Const(c) => Some(c),
            _ => None,
        }
    }
}

/// Constants fold, so a gadget fed only constants records no arithmetic.
macro_rules! sym_op {
    ($trait:ident, $method:ident, $node:ident) => {
        impl $trait for Sym {
            type Output = Sym;
            fn $method(self, rhs: Sym) -> Sym {
                match (self.constant(), rhs.constant()) {
                    (Some(a), Some(b)) => Sym::node(Node::Const(a.$method(b))),
                    _ => Sym::node(Node::$node(self, rhs)),
                }
            }
        }
    };
}
sym_op!(Add, add, Add);
sym_op!(Sub, sub, Sub);
sym_op!(Mul, mul, Mul);

impl Neg for Sym {
    type Output = Sym;
    fn neg(self) -> Sym {
        match self.constant() {
            Some(c) => Sym::node(Node::Const(-c)),
            None => Sym::node(Node::Neg(self)),
        }
    }
}

/// What the symbolic pass records of one opcode.
#[derive(Debug, Default)]
pub struct SymbolicState {
    pub(crate) columns: Vec<Name>,
    pub(crate) constraints: Vec<(Name, Sym)>,
    pub(crate) interactions: Vec<(Bus, Vec<Sym>, Sym)>,
    pub(crate) one_of: Vec<(Bus, Vec<Branch<Sym>>)>,
    pub(crate) misuses: Vec<Name>,
    pub(crate) calls: Vec<usize>,
}

impl Interp for Symbolic {
    type Expr = Sym;
    type State = SymbolicState;
    const EXECUTES: bool = false;

    fn lit(c: F) -> Sym {
        Sym::node(Node::Const(c))
    }

    fn value(_: &Sym) -> F {
        F::ZERO
    }

    fn alloc(st: &mut SymbolicState, name: Name, _value: F) -> Sym {
        st.columns.push(name);
        Sym::node(Node::Column(st.columns.len() - 1))
    }

    fn assert_zero(st: &mut SymbolicState, e: Sym, name: Name) {
        st.constraints.push((name, e));
    }

    fn interact(st: &mut SymbolicState, bus: Bus, fields: Vec<Sym>, mult: Sym, _bound: u32) {
        st.interactions.push((bus, fields, mult));
    }

    fn interact_one_of(st: &mut SymbolicState, bus: Bus, branches: Vec<Branch<Sym>>) {
        st.one_of.push((bus, branches));
    }

    fn misuse(st: &mut SymbolicState, what: Name) {
        st.misuses.push(what);
    }

    fn call(st: &mut SymbolicState, target: usize, _args: Vec<Sym>, _active: &Sym) {
        st.calls.push(target);
    }
}

//! The interface every interpreter implements: a handful of core primitives, on top of which
//! [`super::Cx`] builds every gadget once.

use core::fmt;
use core::ops::{Add, Mul, Neg, Sub};

use crate::backend::F;

/// A column or constraint name: a user-given scope and a primitive-given part, e.g. `debit` +
/// `old`, shown as `debit.old`. Kept as two static strings so the executor never formats.
///
/// Every DSL method that takes a name takes `impl Into<Name>`: a `&'static str` is a scope
/// without a part. A primitive that makes several columns names them `scope.<part>` from the
/// scope it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    /// The author's name for the value (`"debit"`, `"fits"`).
    pub scope: &'static str,
    /// Which part of the gadget (`"old"`, `"inv"`, `"limb1"`); empty for the value itself.
    pub part: &'static str,
}

impl Name {
    /// A name without a part.
    pub const fn new(scope: &'static str) -> Self {
        Self { scope, part: "" }
    }

    /// A name with a part.
    pub const fn part(scope: &'static str, part: &'static str) -> Self {
        Self { scope, part }
    }
}

impl From<&'static str> for Name {
    fn from(scope: &'static str) -> Self {
        Self::new(scope)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.part.is_empty() {
            f.write_str(self.scope)
        } else {
            write!(f, "{}.{}", self.scope, self.part)
        }
    }
}

/// The buses chips talk over. Every tuple on one bus has the same width.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bus {
    /// Offline memory checking: `(addr, value, clk)`.
    Memory,
    /// 16-bit range checks: `(value)`.
    Range,
    /// The public input stream: `(seq, opcode, operands…)`.
    Input,
    /// The public output stream: `(seq, index, fields…)`.
    Output,
    /// An author-defined channel chaining micro-ops.
    Channel(&'static str),
}

/// The prefix of the framework's own bus names; an author's channel may not use it.
pub const RESERVED_BUS_PREFIX: &str = "appvm.";

impl Bus {
    /// An author channel whose name takes the framework's reserved prefix.
    pub fn is_reserved_channel(self) -> bool {
        matches!(self, Bus::Channel(name) if name.starts_with(RESERVED_BUS_PREFIX))
    }

    /// The bus name p3-lookup keys interactions by.
    pub fn name(self) -> &'static str {
        match self {
            Bus::Memory => "appvm.memory",
            Bus::Range => "appvm.range",
            Bus::Input => "appvm.input",
            Bus::Output => "appvm.output",
            Bus::Channel(name) => name,
        }
    }
}

/// One branch of an exclusive interaction ([`Interp::interact_one_of`]): its fields and its flag.
pub type Branch<E> = (Vec<E>, E);

/// One interpreter of the DSL.
///
/// `Expr` is what a value *is* under this interpreter: a field element when executing, an AIR
/// expression when constraining. The state is shared by every value of one op evaluation.
pub trait Interp: Sized + 'static {
    /// The value type.
    type Expr: Clone
        + Add<Output = Self::Expr>
        + Sub<Output = Self::Expr>
        + Mul<Output = Self::Expr>
        + Neg<Output = Self::Expr>;
    /// Per-evaluation state.
    type State;

    /// True for the interpreter that runs hints and computes values.
    const EXECUTES: bool;

    /// A constant.
    fn lit(c: F) -> Self::Expr;

    /// The concrete value of an expression. Only meaningful when [`Interp::EXECUTES`]; the other
    /// interpreters never call hint closures, which are the only place values are read.
    fn value(e: &Self::Expr) -> F;

    /// Allocates the next column; `value` is its witness (ignored unless executing).
    fn alloc(st: &mut Self::State, name: Name, value: F) -> Self::Expr;

    /// Requires `e == 0` on every real row.
    fn assert_zero(st: &mut Self::State, e: Self::Expr, name: Name);

    /// Adds `mult` copies of `fields` to `bus` (negative `mult` removes them). `bound` is the
    /// largest `|mult|` any real row can have; the AIR must enforce it.
    fn interact(st: &mut Self::State, bus: Bus, fields: Vec<Self::Expr>, mult: Self::Expr, bound: u32);

    /// Adds one tuple to `bus`, once: that of the branch `(fields, flag)` whose flag is 1. The
    /// flags are boolean and at most one is set on a real row; the AIR must enforce both. All
    /// branches then share one LogUp column (p3-lookup's exclusive interaction) instead of one
    /// fraction each.
    fn interact_one_of(st: &mut Self::State, bus: Bus, branches: Vec<Branch<Self::Expr>>) {
        for (fields, flag) in branches {
            Self::interact(st, bus, fields, flag, 1);
        }
    }

    /// Whether [`Interp::interact`] needs `bus`'s tuples at all. The executor drops memory and
    /// input tuples (its memory and row clocks are its own), so the DSL does not build them.
    fn wants(_bus: Bus) -> bool {
        true
    }

    /// Records a misuse of the DSL by the opcode's author (too many memory accesses, an unknown
    /// call target…). The layout pass turns it into a [`crate::SetupError`], so a VM with a
    /// misuse never gets a machine.
    fn misuse(_st: &mut Self::State, _what: Name) {}

    /// Records that this row continues the operation in a row of opcode `target`, with `args`
    /// as its operands, when `active` (executor: queue that row; layout: record the call).
    fn call(_st: &mut Self::State, _target: usize, _args: Vec<Self::Expr>, _active: &Self::Expr) {}

    /// The executor's view of memory: lane `lane` of the word at `addr`.
    fn peek_memory(_st: &Self::State, _addr: F, _lane: usize) -> F {
        F::default()
    }

    /// The executor's clock of the last access to `addr` (0 if none in this batch).
    fn last_clock(_st: &Self::State, _addr: F) -> u64 {
        0
    }

    /// Records a write of a whole word in the executor's memory.
    fn commit_memory(_st: &mut Self::State, _addr: F, _word: &[F], _clk: u64) {}
}

//! The semantics DSL: an opcode's meaning is written once against [`Cx`], and two interpreters give
//! it its native execution ([`Execute`]) and its circuit ([`Symbolic`]: the column layout, the
//! constraints and the bus interactions, compiled once into a [`Program`] the chip evaluates).
//!
//! Rules the interpreters rely on:
//! - Control flow never depends on values. Both sides of a choice are computed and [`Cx::select`]ed;
//!   conditional effects carry a boolean flag. Column allocations therefore happen in the same order
//!   in both interpreters, which is what lets the `i`-th allocation be column `i` everywhere.
//! - Values are read only inside [`Cx::hint`] closures (the executor runs them; the symbolic
//!   interpreter never does). The machine checks after every op that the executor allocated
//!   exactly the layout's columns, so a value-dependent branch is reported, not proven; one whose
//!   sides allocate alike is caught by the prover's witness check (`Machine::check_witness`).

mod access;
mod cx;
mod execute;
mod gadgets;
mod interp;
mod layout;
mod memory;
mod program;
mod record;
mod row;
mod rules;
mod symbolic;
pub(crate) mod value;

pub use crate::backend::{from_signed, signed};
pub use access::Access;
pub use cx::{clock, Cx, Hints, MEMORY_SLOTS, OUTPUT_SLOTS};
pub use execute::{ExecState, Execute, Memory};
pub use interp::{Bus, Interp, Name, RESERVED_BUS_PREFIX};
pub use layout::OpLayout;
pub use memory::MAX_MEMORY_WIDTH;
pub use program::Program;
pub use record::{Known, Record};
pub use row::EvalFn;
pub(crate) use row::{eval_op, BusShape};
pub use rules::{Check, Rule, Validation};
pub use symbolic::{Sym, Symbolic, SymbolicState};
pub use value::V;

/// Highest degree an expression may reach before the DSL materialises it into a column.
///
/// Every op-chip constraint is multiplied by the row's `is_real` flag, so a degree-2 expression
/// becomes a degree-3 constraint: the most the default FRI blowup (2) supports.
pub const MAX_EXPR_DEGREE: u8 = 2;

//! The soundness test kit: what every VM's tests run on its witnesses, without proving.
//!
//! - [`check_witness`] evaluates every constraint of every row of every chip and names each
//!   failure by chip (the opcode), row, constraint and the cells it reads.
//! - [`bus_balance`] sums every bus over all chips and names the tuples that do not cancel and
//!   the rows they came from.
//! - [`mutation_sweep`] changes single cells of a valid witness and reports each change that
//!   neither a constraint nor a bus catches: an under-constrained column.
//! - [`forge`] and [`standard_attacks`] act as a malicious prover: change a valid witness,
//!   re-prove it with the real prover, and require the unchanged verifier to reject.
//! - [`RowEvaluator`] is the AIR builder underneath: one row window, concrete values.
//!
//! ```no_run
//! # fn demo<M: appvm::Vm>(machine: &appvm::Machine<M>, memory: &appvm::Memory, ops: &[M]) {
//! use appvm::testkit::{bus_balance, check_witness, mutation_sweep};
//!
//! let witness = machine.witness(memory, ops).expect("the batch executes");
//! if let Err(failures) = check_witness(&witness) {
//!     panic!("{}", failures[0]);
//! }
//! assert!(bus_balance(&witness).is_empty());
//! let report = mutation_sweep(&witness, 64, 1);
//! assert!(report.survivors.is_empty(), "{report}");
//! # }
//! ```

mod attack;
mod sweep;
#[cfg(test)]
mod tests;

pub use crate::witness::{
    bus_balance, check_witness, eval_row, first_fault, ConstraintFailure, Imbalance, Interaction, NonZero, Place,
    RowEval, RowEvaluator,
};
pub use attack::{forge, run_attacks, standard_attacks, Attack, Expect, Forgery, Outcome, Verdict};
pub use sweep::{mutation_sweep, ChipSweep, Survivor, SweepReport};

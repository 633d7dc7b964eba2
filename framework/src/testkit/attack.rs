//! Prover-side attacks: what a malicious prover can do that a bit-flipper cannot.
//!
//! A test that edits a statement and reuses the honest proof only shows that the proof commits
//! to the statement. A real attacker controls the witness: it changes the statement *and* the
//! traces behind it, then runs the real prover. [`forge`] does exactly that: it takes a valid
//! witness, applies a change to a [`Forgery`] (the claimed statement, how the rows are split
//! into pieces, the op chips' traces), rebuilds every table the verifier would build from the
//! changed statement, proves with the real prover and verifies with the unchanged verifier.
//!
//! Each attack says what must happen ([`Expect`]): the verifier rejects it, or the forged proof
//! verifies for *the honest statement* (a change that leaves the statement as it was, like another
//! split of the rows into pieces, is harmless by definition, and a rejection there would be a
//! completeness bug). A verified proof of any other statement is a soundness bug
//! ([`Verdict::Forged`]); a prover that cannot produce a proof at all is reported apart
//! ([`Verdict::ProverRefused`]) and meets no expectation, so an attack can never pass by not
//! reaching the verifier.
//!
//! [`standard_attacks`] is the catalogue every app's tests run: reorder, drop, duplicate and
//! alter outputs; alter an input operand; change a boundary value of a touched word; list a word
//! the batch never accessed; split an opcode's rows differently; change one cell of an op row.
//! Most of them keep the honest op traces: they test that the buses and the boundary bind the
//! statement. Attacks on the traces themselves, one cell at a time over every column, are the
//! mutation sweep's ([`super::mutation_sweep`]); [`forge`] re-proves any such change too.

use std::panic::{catch_unwind, AssertUnwindSafe};

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;

use crate::backend::F;
use crate::chips::{padded_height, ChipAir, IoKind, MemoryChip};
use crate::error::VerifyError;
use crate::machine::Machine;
use crate::statement::Statement;
use crate::vm::Vm;
use crate::witness::Witness;

/// What a malicious prover controls before proving.
#[derive(Clone, Debug)]
pub struct Forgery {
    /// The statement it will claim.
    pub statement: Statement,
    /// How many pieces each opcode's rows are split into.
    pub op_pieces: Vec<usize>,
    /// The op chips' traces, one per piece, opcode by opcode.
    pub op_traces: Vec<RowMajorMatrix<F>>,
    /// Column names per opcode, to find a cell by name.
    pub columns: Vec<Vec<String>>,
    /// Field elements per memory word.
    pub memory_width: usize,
}

impl Forgery {
    /// The traces of opcode `opcode`'s pieces, as a range of [`Forgery::op_traces`].
    pub fn pieces_of(&self, opcode: usize) -> std::ops::Range<usize> {
        let start = self.op_pieces[..opcode].iter().sum();
        start..start + self.op_pieces[opcode]
    }

    /// Adds `delta` to the cell of column `column` in the first row of opcode `opcode`'s first
    /// piece; false if the opcode has no rows or no such column.
    pub fn bump_cell(&mut self, opcode: usize, column: &str, delta: u64) -> bool {
        let Some(col) = self.columns[opcode].iter().position(|c| c == column) else { return false };
        let Some(piece) = self.pieces_of(opcode).next() else { return false };
        let trace = &mut self.op_traces[piece];
        trace.values[col] += F::from_u64(delta);
        true
    }
}

/// How an attack ended.
#[derive(Debug)]
pub enum Verdict {
    /// The unchanged verifier rejected the forged statement or proof (including its own table
    /// builder refusing the statement, which is the first thing verification does).
    Rejected(VerifyError),
    /// The prover produced no proof (an error or a panic in the backend).
    ProverRefused(String),
    /// The forged proof verifies, for the honest statement: the change was harmless.
    Harmless,
    /// The forged proof verifies for another statement: a soundness bug.
    Forged,
}

/// What an attack must end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The verifier rejects it.
    Rejected,
    /// The proof verifies and the statement is the honest one.
    Harmless,
}

impl Verdict {
    /// True if the verdict is what `expect` requires.
    pub fn meets(&self, expect: Expect) -> bool {
        matches!((self, expect), (Verdict::Rejected(_), Expect::Rejected) | (Verdict::Harmless, Expect::Harmless))
    }
}

/// One change a malicious prover makes: a name, what must happen, and the change (false if it
/// does not apply to this witness, e.g. an output attack on a batch without outputs).
pub struct Attack {
    /// What it does.
    pub name: &'static str,
    /// What must happen.
    pub expect: Expect,
    /// The change.
    pub apply: fn(&mut Forgery) -> bool,
}

/// An attack that applied, with its verdict.
#[derive(Debug)]
pub struct Outcome {
    /// The attack's name.
    pub name: &'static str,
    /// What must happen.
    pub expect: Expect,
    /// What happened.
    pub verdict: Verdict,
}

impl Outcome {
    /// True if the verdict is the expected one.
    pub fn as_expected(&self) -> bool {
        self.verdict.meets(self.expect)
    }
}

impl core::fmt::Debug for Attack {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name)
    }
}

/// Applies `change` to the honest witness, re-proves with the real prover and verifies with
/// `machine`'s unchanged verifier. `None` if the change does not apply.
pub fn forge<M: Vm>(
    machine: &Machine<M>,
    honest: &Witness,
    change: impl FnOnce(&mut Forgery) -> bool,
) -> Option<Verdict> {
    let op_traces = honest.traces[..honest.op_pieces.iter().sum()].to_vec();
    let columns = machine.layouts().iter().map(|l| l.columns.clone()).collect();
    let mut forgery = Forgery {
        statement: honest.statement.clone(),
        op_pieces: honest.op_pieces.clone(),
        op_traces,
        columns,
        memory_width: M::MEMORY_WIDTH,
    };
    if !change(&mut forgery) {
        return None;
    }
    let witness = match rebuild(machine, honest, forgery) {
        Ok(witness) => witness,
        Err(e) => return Some(Verdict::Rejected(e)),
    };
    let proof = match catch_unwind(AssertUnwindSafe(|| machine.prove_unchecked(&witness))) {
        Ok(Ok(proof)) => proof,
        Ok(Err(e)) => return Some(Verdict::ProverRefused(e.to_string())),
        Err(_) => return Some(Verdict::ProverRefused("the prover panicked".into())),
    };
    Some(match machine.verify(&witness.statement, &proof) {
        Err(e) => Verdict::Rejected(e),
        Ok(()) if witness.statement == honest.statement => Verdict::Harmless,
        Ok(()) => Verdict::Forged,
    })
}

/// Runs every attack of `attacks` that applies; returns each with its verdict.
pub fn run_attacks<M: Vm>(machine: &Machine<M>, honest: &Witness, attacks: &[Attack]) -> Vec<Outcome> {
    attacks
        .iter()
        .filter_map(|attack| {
            let verdict = forge(machine, honest, attack.apply)?;
            Some(Outcome { name: attack.name, expect: attack.expect, verdict })
        })
        .collect()
}

/// The witness the prover would build for the forged statement: the verifier's own tables for
/// it, the forged op traces, and the fixed tables' witness columns as the honest execution has
/// them: each listed word's final clock by address (0 for a word the execution never accessed),
/// each input's chain clocks by position (the range table's multiplicities are the op traces').
fn rebuild<M: Vm>(machine: &Machine<M>, honest: &Witness, forgery: Forgery) -> Result<Witness, VerifyError> {
    let airs = machine.airs(&forgery.statement, &forgery.op_pieces)?;
    let fixed = &honest.traces[honest.op_pieces.iter().sum::<usize>()..];
    let (memory, range, inputs) = (&fixed[0], &fixed[1], &fixed[2]);
    let final_clock = |addr: &u64| {
        let row = honest.statement.touched.binary_search(addr).ok()?;
        Some(memory.values[row * memory.width].as_canonical_u64())
    };
    let mut traces = forgery.op_traces;
    for air in &airs[traces.len()..] {
        traces.push(match air {
            ChipAir::Memory(_) => {
                MemoryChip::trace(forgery.statement.touched.iter().map(|addr| final_clock(addr).unwrap_or(0)))
            }
            ChipAir::Range(_) => range.clone(),
            ChipAir::Io(io) if io.kind == IoKind::Input => {
                let mut values = inputs.values.clone();
                values.resize(io.height() * inputs.width, F::ZERO);
                RowMajorMatrix::new(values, inputs.width)
            }
            ChipAir::Io(io) => RowMajorMatrix::new(F::zero_vec(io.height()), 1),
            ChipAir::Op(_) => unreachable!("op chips come first"),
        });
    }
    let public_values = machine.public_values(&forgery.statement, &airs);
    Ok(Witness { statement: forgery.statement, op_pieces: forgery.op_pieces, airs, traces, public_values })
}

/// The attacks every app's tests run on a valid witness.
pub fn standard_attacks() -> Vec<Attack> {
    vec![
        rejected("outputs reversed", reverse_outputs),
        rejected("first two outputs swapped", swap_outputs),
        rejected("last output dropped", drop_output),
        rejected("last output duplicated", duplicate_output),
        rejected("a field of the last output altered", alter_output),
        rejected("an operand of the first input altered", alter_input),
        rejected("a touched word's final value altered", alter_final_word),
        rejected("a touched word's initial value altered", alter_initial_word),
        rejected("a word the batch never accessed listed as touched", list_untouched_word),
        Attack { name: "the busiest opcode's rows split differently", expect: Expect::Harmless, apply: resplit },
        rejected("a cell of the busiest opcode's first row altered", alter_op_cell),
    ]
}

fn rejected(name: &'static str, apply: fn(&mut Forgery) -> bool) -> Attack {
    Attack { name, expect: Expect::Rejected, apply }
}

fn reverse_outputs(f: &mut Forgery) -> bool {
    f.statement.outputs.reverse();
    f.statement.outputs.len() >= 2
}

fn swap_outputs(f: &mut Forgery) -> bool {
    let applies = f.statement.outputs.len() >= 2;
    if applies {
        f.statement.outputs.swap(0, 1);
    }
    applies
}

fn drop_output(f: &mut Forgery) -> bool {
    f.statement.outputs.pop().is_some()
}

fn duplicate_output(f: &mut Forgery) -> bool {
    let Some(last) = f.statement.outputs.last().cloned() else { return false };
    f.statement.outputs.push(last);
    true
}

fn alter_output(f: &mut Forgery) -> bool {
    let Some(field) = f.statement.outputs.last_mut().and_then(|o| o.get_mut(2)) else { return false };
    *field = next_value(*field);
    true
}

fn alter_input(f: &mut Forgery) -> bool {
    // An operand one lower (or one higher from zero) still fits the operand's type.
    let Some(operand) = f.statement.inputs.iter_mut().find_map(|i| i.get_mut(1)) else { return false };
    *operand = if *operand > 0 { *operand - 1 } else { 1 };
    true
}

fn alter_final_word(f: &mut Forgery) -> bool {
    alter_touched(f, |s| &mut s.final_state)
}

fn alter_initial_word(f: &mut Forgery) -> bool {
    alter_touched(f, |s| &mut s.initial_state)
}

fn alter_touched(f: &mut Forgery, image: fn(&mut Statement) -> &mut Vec<u64>) -> bool {
    let Some(&addr) = f.statement.touched.first() else { return false };
    let first_lane = addr as usize * f.memory_width;
    let Some(lane) = image(&mut f.statement).get_mut(first_lane) else { return false };
    *lane = next_value(*lane);
    true
}

fn list_untouched_word(f: &mut Forgery) -> bool {
    let words = (f.statement.initial_state.len() / f.memory_width) as u64;
    let Some(addr) = (0..words).find(|a| f.statement.touched.binary_search(a).is_err()) else { return false };
    let at = f.statement.touched.partition_point(|&t| t < addr);
    f.statement.touched.insert(at, addr);
    true
}

/// The opcode with the most trace rows.
fn busiest(f: &Forgery) -> Option<usize> {
    (0..f.op_pieces.len())
        .filter(|&op| f.op_pieces[op] > 0)
        .max_by_key(|&op| f.pieces_of(op).map(|p| f.op_traces[p].values.len() / f.op_traces[p].width).sum::<usize>())
}

fn resplit(f: &mut Forgery) -> bool {
    let Some(op) = busiest(f) else { return false };
    let range = f.pieces_of(op);
    let width = f.op_traces[range.start].width;
    let rows: Vec<F> = range.clone().flat_map(|p| f.op_traces[p].values.clone()).collect();
    let height = rows.len() / width;
    // Several pieces become one; one piece becomes two halves. Padding rows are all zero and
    // valid anywhere, so both hold the same rows.
    let pieces: Vec<RowMajorMatrix<F>> = if range.len() > 1 {
        let mut merged = rows;
        merged.resize(padded_height(height) * width, F::ZERO);
        vec![RowMajorMatrix::new(merged, width)]
    } else if height >= 8 {
        let (a, b) = rows.split_at(rows.len() / 2);
        vec![RowMajorMatrix::new(a.to_vec(), width), RowMajorMatrix::new(b.to_vec(), width)]
    } else {
        return false;
    };
    f.op_pieces[op] = pieces.len();
    f.op_traces.splice(range, pieces);
    true
}

fn alter_op_cell(f: &mut Forgery) -> bool {
    let Some(op) = busiest(f) else { return false };
    let column = f.columns[op][f.columns[op].len() / 2].clone();
    f.bump_cell(op, &column, 1)
}

/// Another canonical field element.
fn next_value(v: u64) -> u64 {
    (v + 1) % F::ORDER_U64
}

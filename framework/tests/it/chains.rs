//! Multi-row operations: an input continued over several rows with `Cx::call`, proven end to end.

use appvm::{Cx, DecodeError, ExecError, Interp, Machine, Memory, Opcode, Params, Semantics, Vm, F, V};
use p3_field::PrimeCharacteristicRing;

/// Adds `1 + 2 + … + n` into memory cell 0, one row per term.
#[derive(Clone, Copy, Debug, Opcode)]
struct SumTo {
    n: u16,
}

/// One term: adds `i`, then continues with `i + 1` while `i < n`.
#[derive(Clone, Copy, Debug, Opcode)]
struct AddTerm {
    i: u16,
    n: u16,
}

#[derive(Clone, Copy, Debug, Vm)]
enum Sums {
    SumTo(SumTo),
    AddTerm(AddTerm),
}

impl Semantics for SumTo {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: SumToArgs<V<B>>) {
        let empty = cx.is_zero("empty", &op.n);
        let start = cx.not(&empty);
        let one = cx.one();
        cx.call(&start, AddTermArgs { i: one, n: op.n.clone() });
        cx.output(op.n);
    }
}

impl Semantics for AddTerm {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: AddTermArgs<V<B>>) {
        let zero = cx.zero();
        cx.access("acc", &zero).update(|_, acc: V<B>| (acc + &op.i, ()));
        let more = cx.lt("more", &op.i, &op.n, 16);
        cx.call(&more, AddTermArgs { i: &op.i + 1, n: op.n.clone() });
        cx.output(op.i);
    }
}

#[test]
fn a_chain_of_rows_executes_proves_and_verifies() {
    let machine = Machine::<Sums>::new(Params::Fast).expect("layout");
    let ops = [Sums::SumTo(SumTo { n: 5 }), Sums::SumTo(SumTo { n: 0 }), Sums::SumTo(SumTo { n: 3 })];
    let memory = Memory::from_u64s([0]);
    let (statement, proof) = machine.prove(&memory, &ops).expect("prove");
    assert_eq!(statement.final_state, vec![15 + 6]);
    // Records are numbered by row clock and slot: input 0's second row (clock 1) emits index 8.
    assert!(statement.outputs.contains(&vec![0, 8, 1]));
    assert_eq!(statement.outputs.len(), 3 + 5 + 3);
    machine.verify(&statement, &proof).expect("verify");

    let mut dropped_row = statement.clone();
    dropped_row.outputs.retain(|o| o != &vec![0, 16, 2]);
    assert!(machine.verify(&dropped_row, &proof).is_err());
}

#[test]
fn chains_have_no_row_budget_per_input() {
    // Row clocks are handed out in execution order, so one input may take thousands of rows and
    // the next input's clocks simply start after them.
    let machine = Machine::<Sums>::new(Params::Fast).expect("layout");
    let ops = [Sums::SumTo(SumTo { n: 3000 }), Sums::SumTo(SumTo { n: 2 })];
    let (statement, proof) = machine.prove(&Memory::from_u64s([0]), &ops).expect("prove");
    assert_eq!(statement.final_state, vec![3000 * 3001 / 2 + 3]);
    // The ~3,000 rows of the term chip are proven as two instances of its AIR, 2,048 and 1,024
    // rows, instead of one padded to 4,096.
    let bits = proof.degree_bits();
    assert!(bits.contains(&11) && bits.contains(&10) && !bits.contains(&12), "{bits:?}");
    machine.verify(&statement, &proof).expect("verify");
}

#[test]
fn internal_opcodes_are_not_inputs() {
    let machine = Machine::<Sums>::new(Params::Fast).expect("layout");
    let forged = [Sums::AddTerm(AddTerm { i: 1, n: 1 })];
    let err = machine.execute(&Memory::from_u64s([0]), &forged).expect_err("internal opcode as input");
    assert_eq!(err, ExecError::Internal { seq: 0, opcode: "AddTerm" });

    let (mut statement, proof) = machine.prove(&Memory::from_u64s([0]), &[Sums::SumTo(SumTo { n: 1 })]).expect("prove");
    statement.inputs[0] = vec![1, 1, 1];
    let err = machine.verify(&statement, &proof).expect_err("forged input");
    assert!(err.to_string().contains(&DecodeError::Internal("AddTerm").to_string()), "{err}");
}

#[test]
fn a_rows_exits_share_one_column_and_no_mutation_of_them_survives() {
    let machine = Machine::<Sums>::new(Params::Fast).expect("layout");
    // `SumTo`'s call flag `1 - empty` is 1 on the all-zero row, so its `DONE` flag there is 0:
    // the chip subtracts exactly these on padding rows.
    let sum_to = machine.layouts().iter().find(|l| l.name == "SumTo").expect("opcode");
    assert_eq!(sum_to.one_of_at_zero, vec![vec![F::ONE, F::ZERO]]);

    let ops = [Sums::SumTo(SumTo { n: 5 }), Sums::SumTo(SumTo { n: 0 }), Sums::SumTo(SumTo { n: 3 })];
    let witness = machine.witness(&Memory::from_u64s([0]), &ops).expect("executes");
    appvm::testkit::check_witness(&witness).expect("a valid witness satisfies every constraint");
    let imbalances = appvm::testkit::bus_balance(&witness);
    assert!(imbalances.is_empty(), "padding rows must send nothing: {}", imbalances[0]);
    let report = appvm::testkit::mutation_sweep(&witness, 64, 3);
    assert!(report.tried > 0);
    assert!(report.survivors.is_empty(), "{report}");
}

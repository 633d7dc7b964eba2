//! Memory words wider than one element: one access reads and writes a whole record.

use appvm::{Cx, ExecError, Interp, Machine, Memory, Opcode, Params, Record, Semantics, Vm, F, V};
use p3_field::PrimeCharacteristicRing;

/// Adds `amount` to a record's balance and bumps its nonce, in one access.
#[derive(Clone, Copy, Debug, Opcode)]
struct Credit {
    record: u8,
    amount: u32,
}

/// A word of the memory: a balance, a nonce, and the tag of its owner.
#[derive(Clone, Debug, Record)]
struct Entry<T> {
    balance: T,
    nonce: T,
    tag: T,
}

/// A record that uses only the first lane of its word (the others stay zero).
#[derive(Clone, Debug, Record)]
struct Count<T> {
    count: T,
}

/// What `Credit` outputs: the entry's balance and nonce before the credit.
#[derive(Clone, Debug, Record)]
struct Credited<T> {
    balance: T,
    nonce: T,
}

/// Adds `amount` to a record that uses only the first lane of its word.
#[derive(Clone, Copy, Debug, Opcode)]
struct Tally {
    record: u8,
    amount: u32,
}

/// Bumps the nonce of a record whose tag the input names: the tag lane is known, not witnessed.
#[derive(Clone, Copy, Debug, Opcode)]
struct Stamp {
    record: u8,
    tag: u32,
}

#[derive(Clone, Copy, Debug, Vm)]
#[vm(name = "records", memory_width = 3)]
enum Records {
    Credit(Credit),
    Tally(Tally),
    Stamp(Stamp),
}

impl Semantics for Credit {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: CreditArgs<V<B>>) {
        let old = cx.access("record", &op.record).update(|_, old: Entry<V<B>>| {
            let new = Entry { balance: &old.balance + &op.amount, nonce: &old.nonce + 1, ..old.clone() };
            (new, old)
        });
        cx.output(Credited { balance: old.balance, nonce: old.nonce });
    }
}

impl Semantics for Tally {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: TallyArgs<V<B>>) {
        cx.access("tally", &op.record).update(|_, old: Count<V<B>>| (Count { count: &old.count + &op.amount }, ()));
    }
}

impl Semantics for Stamp {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: StampArgs<V<B>>) {
        let known = Entry { tag: Some(op.tag), ..Default::default() };
        cx.access("stamp", &op.record).known(known).update(|_, old| (Entry { nonce: &old.nonce + 1, ..old }, ()));
    }
}

fn memory(words: &[[u64; 3]]) -> Memory {
    Memory::words(3, words.iter().flatten().map(|&v| F::from_u64(v)).collect())
}

#[test]
fn a_wide_word_is_one_access_and_proves() {
    let machine = Machine::<Records>::new(Params::Fast).expect("layout");
    let ops = [
        Records::Credit(Credit { record: 1, amount: 5 }),
        Records::Credit(Credit { record: 1, amount: 7 }),
        Records::Credit(Credit { record: 0, amount: 1 }),
    ];
    let (statement, proof) = machine.prove(&memory(&[[0, 0, 9], [10, 0, 8]]), &ops).expect("prove");
    assert_eq!(statement.final_state, vec![1, 1, 9, 22, 2, 8]);
    assert_eq!(statement.outputs[1], vec![1, 8, 15, 1]); // input 1, row clock 1, slot 0
    machine.verify(&statement, &proof).expect("verify");

    let mut forged = statement.clone();
    forged.final_state[5] = 9; // a lane the ops never wrote
    assert!(machine.verify(&forged, &proof).is_err());
}

#[test]
fn a_memory_of_the_wrong_width_is_an_error() {
    let machine = Machine::<Records>::new(Params::Fast).expect("layout");
    let err = machine.execute(&Memory::from_u64s([0, 0, 0]), &[]).expect_err("width 1 memory");
    assert_eq!(err, ExecError::MemoryWidth { expected: 3, got: 1 });
}

#[test]
fn a_narrow_record_costs_only_its_lanes_and_proves() {
    let machine = Machine::<Records>::new(Params::Fast).expect("layout");
    let width = |name: &str| machine.layouts().iter().find(|l| l.name == name).expect("opcode").width();
    // Same operands, same one access: `Tally` has no column for the two lanes it leaves out.
    assert_eq!(width("Credit") - width("Tally"), 2);
    let ops = [Records::Tally(Tally { record: 0, amount: 4 }), Records::Tally(Tally { record: 0, amount: 5 })];
    let (statement, proof) = machine.prove(&memory(&[[1, 0, 0]]), &ops).expect("prove");
    assert_eq!(statement.final_state, vec![10, 0, 0]);
    machine.verify(&statement, &proof).expect("verify");
}

#[test]
fn a_narrow_access_to_a_word_with_a_used_spare_lane_is_an_error() {
    let machine = Machine::<Records>::new(Params::Fast).expect("layout");
    let ops = [Records::Tally(Tally { record: 0, amount: 4 })];
    let err = machine.execute(&memory(&[[1, 0, 7]]), &ops).expect_err("lane 2 is not zero");
    assert_eq!(err, ExecError::Constraint { seq: 0, opcode: "Tally", constraint: "tally.unused_lane_not_zero".into() });
}

#[test]
fn a_known_lane_costs_no_column_and_no_mutation_survives() {
    let machine = Machine::<Records>::new(Params::Fast).expect("layout");
    let width = |name: &str| machine.layouts().iter().find(|l| l.name == name).expect("opcode").width();
    // As many operands and the same one access as `Credit`, with one witnessed lane less.
    assert_eq!(width("Credit") - width("Stamp"), 1);
    let ops = [Records::Stamp(Stamp { record: 1, tag: 8 }), Records::Stamp(Stamp { record: 1, tag: 8 })];
    let initial = memory(&[[0, 0, 0], [5, 1, 8]]);
    let (statement, proof) = machine.prove(&initial, &ops).expect("prove");
    assert_eq!(statement.final_state, vec![0, 0, 0, 5, 3, 8]);
    machine.verify(&statement, &proof).expect("verify");

    let witness = machine.witness(&initial, &ops).expect("executes");
    appvm::testkit::check_witness(&witness).expect("a valid witness satisfies every constraint");
    assert!(appvm::testkit::bus_balance(&witness).is_empty());
    let report = appvm::testkit::mutation_sweep(&witness, 64, 5);
    assert!(report.survivors.is_empty(), "{report}");
}

#[test]
fn an_access_whose_known_lane_differs_is_an_error() {
    let machine = Machine::<Records>::new(Params::Fast).expect("layout");
    let ops = [Records::Stamp(Stamp { record: 0, tag: 8 })];
    let err = machine.execute(&memory(&[[5, 1, 7]]), &ops).expect_err("the tag is 7, not 8");
    assert_eq!(err, ExecError::Constraint { seq: 0, opcode: "Stamp", constraint: "stamp.known_lane_differs".into() });
}

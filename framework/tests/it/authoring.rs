//! The typed authoring API, proven end to end: records for memory words and output events, the
//! access builder (gated, known lanes, a record narrower than the word, a scalar), an operand
//! group shared by three opcodes, and a chain of typed calls.

use appvm::{Cx, Interp, Machine, Memory, Opcode, Operands, Params, Record, Semantics, Vm, F, V};
use p3_field::PrimeCharacteristicRing;

/// A price level: the word's four lanes.
#[derive(Clone, Debug, PartialEq, Record)]
struct Level<T> {
    total: T,
    key: T,
    head: T,
    next: T,
}

/// A balance: two lanes of a four-lane word (the others stay zero).
#[derive(Clone, Debug, PartialEq, Record)]
struct Balance<T> {
    available: T,
    locked: T,
}

/// Output event: a fill.
#[derive(Clone, Debug, PartialEq, Record)]
struct Filled<T> {
    order: T,
    level: T,
    qty: T,
}

/// Output event: the taker's end.
#[derive(Clone, Debug, PartialEq, Record)]
struct Settled<T> {
    order: T,
    remaining: T,
    fills: T,
}

/// The taker's state, declared once and carried by three opcodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Operands)]
struct Taker {
    order: u64,
    account: u8,
    remaining: u32,
}

/// A taker arrives at level `level` (an input).
#[derive(Clone, Copy, Debug, Opcode)]
struct Take {
    #[operands(flatten)]
    taker: Taker,
    level: u8,
}

/// One fill at `level`, whose key is `100 + level` (internal).
#[derive(Clone, Copy, Debug, Opcode)]
struct Fill {
    #[operands(flatten)]
    taker: Taker,
    level: u8,
    key: u32,
}

/// The taker's end (internal): operands in another order than `Fill`'s, the group in the middle.
#[derive(Clone, Copy, Debug, Opcode)]
struct Settle {
    fills: u8,
    #[operands(flatten)]
    taker: Taker,
}

#[derive(Clone, Copy, Debug, Vm)]
#[vm(memory_width = 4)]
enum Book {
    Take(Take),
    Fill(Fill),
    Settle(Settle),
}

/// Word addresses: levels `0..LEVELS`, balances `BALANCES + account`, the fill counter.
const LEVELS: u64 = 4;
const BALANCES: u64 = 4;
const COUNTER: u64 = 6;
const KEY_BASE: u64 = 100;

impl Semantics for Take {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: TakeArgs<V<B>>) {
        let one = cx.one();
        let key = &op.level + KEY_BASE;
        cx.call(&one, FillArgs { taker: op.taker, level: op.level, key });
    }
}

impl Semantics for Fill {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: FillArgs<V<B>>) {
        // The level's key is known from the operands: no column for it.
        let known = Level { key: Some(op.key.clone()), ..Default::default() };
        let fill = cx.access("level", &op.level).known(known).update(|cx, old| {
            let fill = cx.min("fill", &op.taker.remaining, &old.total, 32);
            let fill = cx.materialize("fill", &fill);
            (Level { total: &old.total - &fill, ..old }, fill)
        });
        let none = cx.is_zero("nothing", &fill);
        let filled = cx.not(&none);
        // A narrow record, credited only when something filled.
        let balance = &op.taker.account + BALANCES;
        cx.access("balance", &balance)
            .when(&filled)
            .update(|_, old: Balance<V<B>>| (Balance { available: &old.available + &fill, ..old }, ()));
        // A scalar is a one-lane record.
        let counter = cx.lit(COUNTER);
        let fills = cx.access("fills", &counter).update(|_, n: V<B>| {
            let n = &n + &filled;
            (n.clone(), n)
        });
        cx.output_if(&filled, Filled { order: op.taker.order.clone(), level: op.level.clone(), qty: fill.clone() });

        let remaining = &op.taker.remaining - &fill;
        let done = cx.is_zero("done", &remaining);
        let last = cx.is_eq("last", &op.level, &cx.lit(LEVELS - 1));
        let more = cx.materialize("more", &((cx.one() - &done) * (cx.one() - &last)));
        let finish = cx.not(&more);
        let taker = TakerArgs { remaining, ..op.taker };
        cx.call(&more, FillArgs { taker: taker.clone(), level: &op.level + 1, key: &op.key + 1 });
        cx.call(&finish, SettleArgs { fills, taker });
    }
}

impl Semantics for Settle {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: SettleArgs<V<B>>) {
        let balance = &op.taker.account + BALANCES;
        let held: Balance<V<B>> = cx.access("balance", &balance).read();
        cx.assert_zero("nothing_locked", &held.locked);
        cx.output(Settled { order: op.taker.order, remaining: op.taker.remaining, fills: op.fills });
    }
}

fn memory(words: &[[u64; 4]]) -> Memory {
    Memory::words(4, words.iter().flatten().map(|&v| F::from_u64(v)).collect())
}

fn initial() -> Memory {
    memory(&[[5, 100, 0, 0], [3, 101, 0, 0], [10, 102, 0, 0], [1, 103, 0, 0], [0; 4], [0; 4], [0; 4]])
}

fn take(order: u64, account: u8, remaining: u32, level: u8) -> Book {
    Book::Take(Take { taker: Taker { order, account, remaining }, level })
}

#[test]
fn an_operand_group_is_encoded_flattened_where_it_sits() {
    assert_eq!(<Fill as Opcode>::INFO.operands, ["order", "account", "remaining", "level", "key"]);
    assert_eq!(<Settle as Opcode>::INFO.operands, ["fills", "order", "account", "remaining"]);
    let settle = Settle { fills: 2, taker: Taker { order: 9, account: 1, remaining: 4 } };
    let encoded = settle.encode();
    assert_eq!(encoded, [2, 9, 1, 4].map(F::from_u64));
    let decoded = Settle::decode(&encoded).expect("round trip");
    assert_eq!((decoded.fills, decoded.taker), (2, settle.taker));
    // The group's own operand types are checked where it sits.
    let err = Settle::decode(&[2, 9, 300, 4].map(F::from_u64)).expect_err("account is a u8");
    assert_eq!(err, appvm::DecodeError::Operand { opcode: "Settle", operand: "account", value: 300 });
    let err = Settle::decode(&[2, 9, 1].map(F::from_u64)).expect_err("one operand short");
    assert_eq!(err, appvm::DecodeError::Arity { opcode: "Settle", expected: 4, got: 3 });
    // The args struct is a record of the operands, in encoding order.
    let args = Settle::args(&[2u64, 9, 1, 4]);
    assert_eq!((args.fills, args.taker.order, args.taker.remaining), (2, 9, 4));
    assert_eq!(Record::into_lanes(args), [2, 9, 1, 4]);
}

#[test]
fn records_name_their_columns_and_known_or_unused_lanes_cost_none() {
    let machine = Machine::<Book>::new(Params::Fast).expect("layout");
    let fill = machine.layouts().iter().find(|l| l.name == "Fill").expect("opcode");
    let columns: Vec<&str> = fill.columns.iter().map(String::as_str).collect();
    for lane in ["level.total", "level.head", "level.next", "balance.available", "balance.locked", "fills.old"] {
        assert!(columns.contains(&lane), "no column {lane} in {columns:?}");
    }
    // The known key and the balance word's two unused lanes have no column.
    assert!(!columns.contains(&"level.key"), "{columns:?}");
    let balance: Vec<&str> = columns.iter().copied().filter(|c| c.starts_with("balance.")).collect();
    assert_eq!(balance, ["balance.available", "balance.locked", "balance.gap0", "balance.gap1"]);
}

#[test]
fn a_typed_book_executes_proves_and_verifies() {
    let machine = Machine::<Book>::new(Params::Fast).expect("layout");
    let ops = [take(7, 1, 6, 0), take(8, 0, 20, 1)];
    let (statement, proof) = machine.prove(&initial(), &ops).expect("prove");
    // Taker 7 takes 5 at level 0 and 1 at level 1; taker 8 the 2 left there, 10 and 1 more.
    #[rustfmt::skip]
    let expected = [
        0, 100, 0, 0,   0, 101, 0, 0,   0, 102, 0, 0,   0, 103, 0, 0,
        13, 0, 0, 0,    6, 0, 0, 0,     5, 0, 0, 0,
    ];
    assert_eq!(statement.final_state, expected);
    let events: Vec<Vec<u64>> = statement.outputs.iter().map(|o| o[2..].to_vec()).collect();
    let filled = |order, level, qty| Filled { order, level, qty }.into_lanes();
    let settled = |order, remaining, fills| Settled { order, remaining, fills }.into_lanes();
    assert_eq!(
        events,
        [
            filled(7, 0, 5),
            filled(7, 1, 1),
            settled(7, 0, 2),
            filled(8, 1, 2),
            filled(8, 2, 10),
            filled(8, 3, 1),
            settled(8, 7, 5),
        ]
    );
    // A decoder reads an event back through the same record.
    assert_eq!(Filled::from_slice(&events[1]), Some(Filled { order: 7, level: 1, qty: 1 }));
    machine.verify(&statement, &proof).expect("verify");

    let mut forged = statement.clone();
    forged.outputs[2][3] = 1; // taker 7 left with 1 unfilled
    assert!(machine.verify(&forged, &proof).is_err());
}

#[test]
fn no_single_cell_mutation_of_a_typed_book_survives() {
    let machine = Machine::<Book>::new(Params::Fast).expect("layout");
    // Taker 9's second fill finds level 1 empty: a row whose gated access is off.
    let mut words = [[5, 100, 0, 0], [0, 101, 0, 0], [10, 102, 0, 0], [1, 103, 0, 0], [0; 4], [0; 4], [0; 4]];
    words[1][0] = 0;
    let ops = [take(9, 1, 7, 0), take(10, 0, 2, 2)];
    let witness = machine.witness(&memory(&words), &ops).expect("executes");
    appvm::testkit::check_witness(&witness).expect("a valid witness satisfies every constraint");
    assert!(appvm::testkit::bus_balance(&witness).is_empty());
    let report = appvm::testkit::mutation_sweep(&witness, 64, 7);
    assert!(report.tried > 0);
    assert!(report.survivors.is_empty(), "{report}");
}

#[test]
fn a_known_lane_that_differs_is_an_error_naming_the_access() {
    let machine = Machine::<Book>::new(Params::Fast).expect("layout");
    let mut words = [[5, 100, 0, 0], [3, 101, 0, 0], [10, 102, 0, 0], [1, 103, 0, 0], [0; 4], [0; 4], [0; 4]];
    words[0][1] = 99;
    let err = machine.execute(&memory(&words), &[take(7, 1, 1, 0)]).expect_err("level 0's key is 99");
    assert_eq!(
        err,
        appvm::ExecError::Constraint { seq: 0, opcode: "Fill", constraint: "level.known_lane_differs".into() }
    );
}

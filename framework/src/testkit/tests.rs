//! The test kit on a toy VM: a valid witness passes, and each kind of defect is named.

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::{bus_balance, check_witness, eval_row, mutation_sweep};
use crate::backend::F;
use crate::chips::{ChipAir, IoKind};
use crate::dsl::Name;
use crate::{Cx, Interp, Machine, Memory, Opcode, Params, Record, Semantics, Vm, Witness, V};

/// Memory cells of the toy VM.
const CELLS: u64 = 8;

/// Writes `value` to cell `addr`.
#[derive(Clone, Copy, Debug, Opcode)]
struct Put {
    addr: u8,
    value: u32,
}

/// Outputs `a + b`, through a hint checked against the sum.
#[derive(Clone, Copy, Debug, Opcode)]
struct Sum {
    a: u32,
    b: u32,
}

/// Outputs `a < b` and the old value of cell `a % 8`, which it increments when `a < b`.
#[derive(Clone, Copy, Debug, Opcode)]
struct Bump {
    a: u32,
    b: u32,
}

/// Outputs `x`; leaves a hint, `spare`, that nothing constrains, and one, `ranged`, that only a
/// range check constrains (any other 16-bit value passes).
#[derive(Clone, Copy, Debug, Opcode)]
struct Leaky {
    x: u32,
}

/// What `Bump` outputs.
#[derive(Clone, Debug, Record)]
struct Bumped<T> {
    less: T,
    old: T,
}

#[derive(Clone, Copy, Debug, Vm)]
#[vm(name = "toy")]
enum Toy {
    Put(Put),
    Sum(Sum),
    Bump(Bump),
    Leaky(Leaky),
}

impl Semantics for Put {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: PutArgs<V<B>>) {
        let in_range = cx.lt("addr_ok", &op.addr, &cx.lit(CELLS), 8);
        cx.assert_eq("addr_in_memory", &in_range, &cx.one());
        cx.access("cell", &op.addr).update(|_, _: V<B>| (op.value, ()));
    }
}

impl Semantics for Sum {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: SumArgs<V<B>>) {
        let sum = cx.hint_u64(Name::new("sum"), |w| w.u64(&op.a) + w.u64(&op.b));
        cx.assert_eq("sum_def", &sum, &(&op.a + &op.b));
        cx.output(sum);
    }
}

impl Semantics for Bump {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: BumpArgs<V<B>>) {
        let less = cx.lt("less", &op.a, &op.b, 32);
        let addr = cx.lit(3);
        let old = cx.access("cell", &addr).when(&less).update(|_, old: V<B>| (&old + 1, old));
        cx.output(Bumped { less, old });
    }
}

impl Semantics for Leaky {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: LeakyArgs<V<B>>) {
        let _spare = cx.hint_u64(Name::new("spare"), |w| 2 * w.u64(&op.x));
        let ranged = cx.hint_u64(Name::new("ranged"), |w| w.u64(&op.x) % 1000 + 1);
        cx.range(Name::new("ranged"), &ranged, 16);
        cx.output(op.x);
    }
}

fn machine() -> Machine<Toy> {
    Machine::new(Params::Fast).expect("the toy VM lays out")
}

fn ops(leaky: bool) -> Vec<Toy> {
    let mut ops = Vec::new();
    for i in 0..12u32 {
        ops.push(Toy::Put(Put { addr: (i % 8) as u8, value: 100 + i }));
        ops.push(Toy::Sum(Sum { a: i, b: 1000 * i }));
        ops.push(Toy::Bump(Bump { a: i, b: 7 }));
        if leaky {
            ops.push(Toy::Leaky(Leaky { x: 5 * i }));
        }
    }
    ops
}

fn witness(leaky: bool) -> Witness {
    machine().witness(&Memory::from_u64s(0..CELLS), &ops(leaky)).expect("the toy batch executes")
}

fn chip_index(w: &Witness, name: &str) -> usize {
    w.airs.iter().position(|a| a.name() == name).expect("chip exists")
}

fn column_index(w: &Witness, chip: usize, name: &str) -> usize {
    w.airs[chip].column_names().iter().position(|c| c == name).expect("column exists")
}

#[test]
fn valid_witness_passes() {
    let w = witness(true);
    if let Err(failures) = check_witness(&w) {
        panic!("{}", failures[0]);
    }
    let imbalances = bus_balance(&w);
    assert!(imbalances.is_empty(), "{}", imbalances[0]);
}

#[test]
fn sweep_of_a_sound_vm_has_no_survivors() {
    let report = mutation_sweep(&witness(false), 16, 7);
    println!("{report}");
    assert!(report.tried > 1000, "{report}");
    assert!(report.survivors.is_empty(), "{report}");
    // Every chip was swept, on real and padding rows.
    let sum = report.chips.iter().find(|c| c.chip == "Sum").expect("Sum swept");
    assert!(sum.padding_rows > 0 && sum.rows > sum.padding_rows, "{report}");
}

#[test]
fn sweep_names_an_unconstrained_hint() {
    let report = mutation_sweep(&witness(true), 16, 7);
    // `ranged` moves the range bus, but only to tuples the range table provides: re-balancing
    // the table's multiplicities absorbs the change, so it survives too.
    let expected = [("Leaky", "ranged"), ("Leaky", "spare")].map(|(c, n)| (c.to_string(), n.to_string()));
    assert_eq!(report.columns(), expected, "{report}");
    // Padding rows force both to zero: only real rows survive.
    let w = witness(true);
    let leaky = chip_index(&w, "Leaky");
    assert!(report.survivors.iter().all(|s| w.traces[leaky].values[s.row * w.traces[leaky].width] == F::ONE));
    assert!(report.to_string().contains("under-constrained: chip `Leaky` column `spare`"), "{report}");
}

#[test]
fn corrupted_cell_is_named() {
    let mut w = witness(false);
    let chip = chip_index(&w, "Sum");
    let col = column_index(&w, chip, "sum");
    let width = w.traces[chip].width;
    w.traces[chip].values[2 * width + col] += F::ONE;
    let failures = check_witness(&w).expect_err("a corrupted sum fails");
    assert_eq!(failures.len(), 1, "{failures:?}");
    let f = &failures[0];
    assert_eq!((f.chip.as_str(), f.row, f.constraint.as_str()), ("Sum", 2, "sum_def"));
    let read: Vec<&str> = f.columns.iter().map(|(n, _)| n.as_str()).collect();
    for name in ["is_real", "a", "b", "sum"] {
        assert!(read.contains(&name), "{f}");
    }
    let text = f.to_string();
    assert!(text.starts_with("chip `Sum` row 2: constraint `sum_def`"), "{text}");
    assert!(text.contains("sum = 2003"), "{text}");
}

#[test]
fn corrupted_padding_row_is_named() {
    let mut w = witness(false);
    let chip = chip_index(&w, "Bump");
    let width = w.traces[chip].width;
    let height = w.traces[chip].values.len() / width;
    let col = column_index(&w, chip, "b");
    w.traces[chip].values[(height - 1) * width + col] = F::from_u64(9);
    let failures = check_witness(&w).expect_err("a non-zero padding cell fails");
    assert_eq!(failures[0].constraint, "b.zero_when_padding");
    assert_eq!(failures[0].row, height - 1);
}

#[test]
fn dropped_output_is_named() {
    let mut w = witness(false);
    let dropped = w.statement.outputs.remove(4);
    let airs = machine().airs(&w.statement, &w.op_pieces).expect("the statement is well formed");
    for (i, air) in airs.iter().enumerate() {
        match air {
            ChipAir::Io(io) if io.kind == IoKind::Output => {
                w.traces[i] = RowMajorMatrix::new(F::zero_vec(io.height()), 1)
            }
            _ => {}
        }
    }
    w.airs = airs;
    assert!(check_witness(&w).is_ok());
    let imbalances = bus_balance(&w);
    assert_eq!(imbalances.len(), 1, "{imbalances:?}");
    let imb = &imbalances[0];
    assert_eq!(imb.bus, "appvm.output");
    assert_eq!(imb.tuple, dropped.iter().map(|&v| F::from_u64(v)).collect::<Vec<_>>());
    assert_eq!(imb.net, F::ONE);
    assert_eq!(imb.places.len(), 1);
    let text = imb.to_string();
    assert!(text.starts_with("bus `appvm.output` tuple ("), "{text}");
    assert!(text.contains("has net count 1: "), "{text}");
}

#[test]
fn row_evaluator_records_interactions() {
    let w = witness(false);
    let chip = chip_index(&w, "Sum");
    let eval = eval_row(&w.airs[chip], &w.traces[chip], &w.public_values[chip], 1).expect("row 1 exists");
    assert!(eval.failures.is_empty());
    assert_eq!(eval.constraints, w.airs[chip].column_names().len() + 1);
    let buses: Vec<&str> = eval.interactions.iter().map(|i| i.bus.as_str()).collect();
    // Receive the input record, emit the output, and end the chain (no call).
    assert_eq!(buses, ["appvm.input", "appvm.output", "appvm.input"]);
    assert_eq!(eval.interactions[0].count, -F::ONE);
    assert_eq!(eval.interactions[1].count, F::ONE);
    assert_eq!(eval.interactions[2].count, F::ONE);
    assert!(eval_row(&w.airs[chip], &w.traces[chip], &w.public_values[chip], 1 << 20).is_none());
}

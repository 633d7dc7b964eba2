//! The framework's arithmetic gadgets and rules against plain Rust: random valid rows execute to
//! the reference's values and prove, no single-cell mutation survives, and a row that breaks a
//! gated assertion has no witness.

use appvm::dsl::{Check, Rule, Validation};
use appvm::{Cx, ExecError, Interp, Machine, Memory, Opcode, Params, Record, Semantics, Vm, V};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// What `Arith` outputs.
#[derive(Clone, Debug, PartialEq, Record)]
struct Results<T> {
    bit: T,
    quotient: T,
    remainder: T,
    fee: T,
}

/// Every arithmetic gadget once. `gate` turns on `x != 0` and `d - 1 < x`.
#[derive(Clone, Copy, Debug, Opcode)]
struct Arith {
    x: u32,
    step: u16,
    amount: u32,
    bps: u16,
    gate: bool,
}

/// Bits of a fee on a `u32` amount at a `u16` rate: `2^48 / 10^4 < 2^35`.
const FEE_BITS: u32 = 35;

impl Semantics for Arith {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: ArithArgs<V<B>>) {
        let bit = cx.is_bit("bit", &op.x);
        let d = &op.step + 1;
        let (quotient, remainder) = cx.div_rem("div", &op.x, &d);
        // The caller bounds the quotient: with it, (quotient, remainder) is the integer division.
        cx.range("quotient", &quotient, 32);
        let fee = cx.fee("fee", &op.amount, &op.bps, FEE_BITS);
        cx.assert_nonzero_if("nz", &op.gate, &op.x);
        cx.assert_lt_if("lt", &op.gate, &(&d - 1), &op.x, 32);
        cx.output(Results { bit, quotient, remainder, fee });
    }
}

/// The rules of an order: a positive quantity on a grid of `step + 1`, fewer than `max` steps,
/// and a bit flag, as hinted verdict and as flags; the row requires that they agree.
#[derive(Clone, Copy, Debug, Opcode)]
struct Order {
    qty: u32,
    step: u16,
    max: u32,
    flag: u32,
}

impl Semantics for Order {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: OrderArgs<V<B>>) {
        let d = &op.step + 1;
        let rules = [
            ("qty_nonzero", Rule::NonZero(op.qty.clone())),
            ("qty_on_grid", Rule::MultipleBelow { x: op.qty.clone(), d: d.clone(), limit: op.max.clone() }),
            ("flag_bit", Rule::Bit(op.flag.clone())),
            ("qty_below_max", Rule::lt(&op.qty, &op.max, 32)),
        ];
        let mut validation = Validation::new();
        for (name, rule) in &rules {
            validation.require(*name, rule.clone());
        }
        let valid = validation.valid(cx, "valid");
        let mut all = cx.one();
        let mut kinds = Vec::new();
        for (name, rule) in &rules {
            for (check, flag) in rule.flags(cx, *name) {
                kinds.push(check);
                all = cx.materialize("all", &(&all * &flag));
            }
        }
        assert_eq!(kinds, [Check::Holds, Check::OnGrid, Check::Bound, Check::Holds, Check::Holds]);
        // The hinted verdict is trusted only because it must equal the flags' conjunction.
        cx.assert_eq("verdict", &valid, &all);
        cx.output(valid);
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum Gadgets {
    Arith(Arith),
    Order(Order),
}

fn arith(rng: &mut StdRng) -> Arith {
    let x = if rng.random_range(0..4u32) == 0 { rng.random_range(0..3) } else { rng.random() };
    let step = rng.random();
    // The gate's assertions hold: x != 0 and step < x.
    let gate = x != 0 && u32::from(step) < x && rng.random();
    Arith { x, step, amount: rng.random(), bps: rng.random_range(0..10_000), gate }
}

fn order(rng: &mut StdRng) -> Order {
    let step = rng.random_range(0..4u16);
    let d = u32::from(step) + 1;
    let qty = match rng.random_range(0..4u32) {
        0 => 0,
        1 => rng.random_range(0..100),
        _ => d * rng.random_range(0..40),
    };
    Order { qty, step, max: rng.random_range(1..100), flag: rng.random_range(0..3) }
}

fn reference_order(o: &Order) -> u64 {
    let d = u32::from(o.step) + 1;
    let ok = o.qty != 0 && o.qty % d == 0 && o.qty / d < o.max && o.flag <= 1 && o.qty < o.max;
    u64::from(ok)
}

fn batch(seed: u64, n: usize) -> Vec<Gadgets> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|i| if i % 2 == 0 { Gadgets::Arith(arith(&mut rng)) } else { Gadgets::Order(order(&mut rng)) }).collect()
}

#[test]
fn gadgets_match_plain_rust_and_prove() {
    let machine = Machine::<Gadgets>::new(Params::Fast).expect("layout");
    let ops = batch(1, 400);
    let execution = machine.execute(&Memory::default(), &ops).expect("valid rows execute");
    for (op, output) in ops.iter().zip(&execution.outputs) {
        let fields = &output[2..];
        match op {
            Gadgets::Arith(a) => {
                let d = u64::from(a.step) + 1;
                let x = u64::from(a.x);
                let fee = u64::from(a.amount) * u64::from(a.bps) / 10_000;
                let expected = Results { bit: u64::from(x <= 1), quotient: x / d, remainder: x % d, fee };
                assert_eq!(Results::from_slice(fields), Some(expected), "{a:?}");
            }
            Gadgets::Order(o) => assert_eq!(fields[0], reference_order(o), "{o:?}"),
        }
    }
    let proven = &ops[..64];
    let (statement, proof) = machine.prove(&Memory::default(), proven).expect("prove");
    machine.verify(&statement, &proof).expect("verify");
}

#[test]
fn no_single_cell_mutation_of_the_gadgets_survives() {
    let machine = Machine::<Gadgets>::new(Params::Fast).expect("layout");
    let witness = machine.witness(&Memory::default(), &batch(2, 24)).expect("executes");
    appvm::testkit::check_witness(&witness).expect("a valid witness satisfies every constraint");
    let report = appvm::testkit::mutation_sweep(&witness, 64, 11);
    assert!(report.tried > 0);
    assert!(report.survivors.is_empty(), "{report}");
}

#[test]
fn a_gated_assertion_that_fails_has_no_witness() {
    let machine = Machine::<Gadgets>::new(Params::Fast).expect("layout");
    let run = |op: Arith| machine.execute(&Memory::default(), &[Gadgets::Arith(op)]);
    let base = Arith { x: 9, step: 3, amount: 1, bps: 1, gate: true };
    run(base).expect("9 != 0 and 3 < 9");
    let failed = |op: Arith| match run(op) {
        Err(ExecError::Constraint { constraint, .. }) => constraint,
        other => panic!("expected a failed constraint, got {other:?}"),
    };
    assert_eq!(failed(Arith { x: 0, ..base }), "nz.nonzero");
    assert_eq!(failed(Arith { step: 9, ..base }), "lt.out_of_range");
    // With the gate off, neither is asserted.
    run(Arith { x: 0, gate: false, ..base }).expect("gate off");
}

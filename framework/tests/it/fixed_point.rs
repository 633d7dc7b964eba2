//! `Cx::fx_mul` against the `fixed` crate: bit for bit `I16F16` multiplication, executed and
//! constrained.
//!
//! What `fixed` does (1.31, `src/arith.rs`, `mul_div_widen!`): `I16F16 * I16F16` widens both
//! operands to `i64`, multiplies and shifts the 64-bit product right by 16 (an arithmetic shift),
//! so the result is `floor(a * b / 2^16)`, rounded toward negative infinity, not toward zero.
//! `checked_mul` returns `None` exactly when that quotient does not fit `i32`
//! (`a * b` outside `[-2^47, 2^47)`); plain `*` only `debug_assert!`s and wraps otherwise. The
//! gadget must give the same bits where `checked_mul` is `Some`, and the executor must refuse
//! (no witness, hence no proof) where it is `None`.

use appvm::{Cx, ExecError, Interp, Machine, Memory, Opcode, Operand, Params, Semantics, Vm, F, V};
use fixed::types::I16F16;
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// `p = a * b` in `I16F16`; operands and result are the raw `i32` bits.
#[derive(Clone, Copy, Debug, Opcode)]
struct FxMul {
    a: i32,
    b: i32,
}

impl Semantics for FxMul {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: FxMulArgs<V<B>>) {
        let p = cx.fx_mul("p", &op.a, &op.b);
        cx.output(p);
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum Fx {
    FxMul(FxMul),
}

/// Operand bits `(a, b)` of one product.
type Pair = (i32, i32);

/// `I16F16::ONE` in bits.
const ONE: i32 = 1 << 16;
/// Random pairs executed (the edge cases come on top).
const RANDOM_PAIRS: usize = 120_000;
/// Non-overflowing pairs per executed batch.
const BATCH: usize = 8_192;
/// Pairs in the proven batch.
const PROVEN: usize = 3_000;

/// The reference: `fixed`'s checked product, as bits.
fn reference(a: i32, b: i32) -> Option<i32> {
    I16F16::from_bits(a).checked_mul(I16F16::from_bits(b)).map(I16F16::to_bits)
}

fn machine() -> Machine<Fx> {
    Machine::new(Params::Fast).expect("the fixed-point VM lays out")
}

fn op(a: i32, b: i32) -> Fx {
    Fx::FxMul(FxMul { a, b })
}

/// An operand of random bit length (so products land on both sides of the overflow boundary),
/// random sign; one in eight is uniform over all of `i32`.
fn random_operand(rng: &mut StdRng) -> i32 {
    if rng.random_range(0..8u32) == 0 {
        return rng.random();
    }
    let bits = rng.random_range(0..=31u32);
    let magnitude = if bits == 0 { 0 } else { (rng.random::<u32>() >> (32 - bits)) as i32 };
    if rng.random() {
        -magnitude
    } else {
        magnitude
    }
}

/// The edge cases: extremes, zero, ±1 and ±ONE in bits, and products at every rounding boundary
/// and at both ends of the representable range.
fn edge_pairs() -> Vec<Pair> {
    let specials = [
        i32::MIN,
        i32::MIN + 1,
        i32::MAX,
        i32::MAX - 1,
        0,
        1,
        -1,
        2,
        -2,
        ONE,
        -ONE,
        ONE + 1,
        -ONE - 1,
        ONE - 1,
        -ONE + 1,
        0x8000,
        -0x8000,
        0xb504f3, // about sqrt(2^47): squares at the overflow boundary
        -0xb504f3,
        0xb504f4,
        -0xb504f4,
    ];
    let mut pairs: Vec<Pair> = specials.iter().flat_map(|&a| specials.iter().map(move |&b| (a, b))).collect();
    // With `a = ±1` (2^-16) the product is `±b`: its quotient and remainder are `b`'s own, so
    // these hit exact multiples of 2^16, remainders 1, 0x8000 and 0xffff, on both signs.
    let quotients = [0i64, 1, 2, 0x7fff, -1, -2, -0x8000, -0x7fff];
    let remainders = [0i64, 1, 0x7fff, 0x8000, 0xfffe, 0xffff];
    for q in quotients {
        for r in remainders {
            let b = i32::try_from(q * 65_536 + r).expect("in range");
            for a in [1, -1, 3, -3, ONE, -ONE] {
                pairs.push((a, b));
                pairs.push((b, a));
            }
        }
    }
    pairs.extend([
        // Largest positive in-range product: 2^47 - 1 = 10610063 * 13264529, quotient i32::MAX,
        // remainder 0xffff; and its negation, quotient i32::MIN, remainder 1.
        (10_610_063, 13_264_529),
        (-10_610_063, 13_264_529),
        (10_610_063, -13_264_529),
        // Exactly 2^47 - 2^16 (MAX) and -2^47 (MIN, the most negative representable product).
        (i32::MAX, ONE),
        (i32::MIN, ONE),
        (ONE, i32::MIN),
        // Just past either end: 2^47 (overflows), -(2^47 + 0xffff) = -742691 * 189496693
        // (quotient i32::MIN - 1), -2^47 * (1 + 2^-16), and MIN * -ONE = +2^47.
        (1 << 23, 1 << 24),
        (-742_691, 189_496_693),
        (i32::MIN, ONE + 1),
        (i32::MIN, -ONE),
        (-ONE, i32::MIN),
        (i32::MIN, -1),
    ]);
    pairs
}

/// Executes `pairs`: non-overflowing ones in batches, each output compared with `fixed`; each
/// overflowing one on its own, which must be an execution error. Returns (equal, refused).
fn compare(machine: &Machine<Fx>, pairs: &[Pair]) -> (usize, usize) {
    let memory = Memory::default();
    let (fits, overflows): (Vec<Pair>, Vec<Pair>) =
        pairs.iter().copied().partition(|&(a, b)| reference(a, b).is_some());
    for chunk in fits.chunks(BATCH) {
        let ops: Vec<Fx> = chunk.iter().map(|&(a, b)| op(a, b)).collect();
        let execution = machine.execute(&memory, &ops).expect("a product that fits I16F16 executes");
        assert_eq!(execution.outputs.len(), chunk.len());
        for (seq, (&(a, b), output)) in chunk.iter().zip(&execution.outputs).enumerate() {
            let expected = reference(a, b).expect("partitioned");
            let got = i32::from_field(F::from_u64(output[2]));
            // One row per input: row clock `seq`, output slot 0.
            assert_eq!(output[..2], [seq as u64, seq as u64 * appvm::dsl::OUTPUT_SLOTS], "record numbering");
            assert_eq!(
                got,
                Some(expected),
                "{a:#x} * {b:#x} (I16F16 {} * {}): fixed gives {expected:#x}, fx_mul {:#x}",
                I16F16::from_bits(a),
                I16F16::from_bits(b),
                output[2]
            );
        }
    }
    for &(a, b) in &overflows {
        match machine.execute(&memory, &[op(a, b)]) {
            Err(ExecError::Constraint { seq: 0, opcode: "FxMul", constraint }) => {
                assert!(constraint.starts_with("p."), "{a:#x} * {b:#x}: unexpected constraint `{constraint}`");
            }
            other => panic!("{a:#x} * {b:#x} overflows I16F16 but execution gave {other:?}"),
        }
    }
    (fits.len(), overflows.len())
}

#[test]
fn fx_mul_matches_fixed_on_edge_cases() {
    let machine = machine();
    let pairs = edge_pairs();
    let (equal, refused) = compare(&machine, &pairs);
    println!("edge cases: {} pairs, {equal} equal to fixed, {refused} overflowing refused", pairs.len());
    assert!(equal > 500 && refused > 50, "the edge cases cover both sides: {equal} fit, {refused} overflow");
}

#[test]
fn fx_mul_matches_fixed_on_random_pairs() {
    let machine = machine();
    let mut rng = StdRng::seed_from_u64(0x16f16);
    let pairs: Vec<Pair> = (0..RANDOM_PAIRS).map(|_| (random_operand(&mut rng), random_operand(&mut rng))).collect();
    let (equal, refused) = compare(&machine, &pairs);
    println!("random: {RANDOM_PAIRS} pairs, {equal} equal to fixed, {refused} overflowing refused");
    assert_eq!(equal + refused, RANDOM_PAIRS);
    assert!(equal >= RANDOM_PAIRS / 2 && refused >= RANDOM_PAIRS / 10, "both sides sampled: {equal} / {refused}");
}

/// The same products proven and verified: every non-overflowing edge case plus random pairs.
/// A changed product bit in the statement must then be rejected.
#[test]
fn fx_mul_products_prove_and_verify() {
    let machine = machine();
    let mut pairs: Vec<Pair> = edge_pairs().into_iter().filter(|&(a, b)| reference(a, b).is_some()).collect();
    let edges = pairs.len();
    let mut rng = StdRng::seed_from_u64(0xf1f0);
    while pairs.len() < PROVEN {
        let (a, b) = (random_operand(&mut rng), random_operand(&mut rng));
        if reference(a, b).is_some() {
            pairs.push((a, b));
        }
    }
    let ops: Vec<Fx> = pairs.iter().map(|&(a, b)| op(a, b)).collect();
    let (statement, proof) = machine.prove(&Memory::default(), &ops).expect("prove");
    for (&(a, b), output) in pairs.iter().zip(&statement.outputs) {
        assert_eq!(i32::from_field(F::from_u64(output[2])), reference(a, b), "{a:#x} * {b:#x}");
    }
    machine.verify(&statement, &proof).expect("verify");
    println!("proven: {} products ({edges} edge cases)", pairs.len());

    // The proof binds every product: the floor and the truncated (round-toward-zero) quotient
    // differ by one on negative products with a remainder; claiming the latter is rejected.
    let seq =
        pairs.iter().position(|&(a, b)| i64::from(a) * i64::from(b) < 0 && (i64::from(a) * i64::from(b)) % 65_536 != 0);
    let seq = seq.expect("a negative product with a remainder is among the edge cases");
    let mut truncated = statement.clone();
    let (a, b) = pairs[seq];
    let toward_zero = i32::try_from(i64::from(a) * i64::from(b) / 65_536).expect("in range");
    truncated.outputs[seq][2] = toward_zero.to_field().as_canonical_u64();
    assert_ne!(truncated.outputs[seq], statement.outputs[seq]);
    assert!(machine.verify(&truncated, &proof).is_err(), "a round-toward-zero product must not verify");
}

/// Constrained, not only executed: a witness whose row claims the wrapped (`fixed`'s unchecked
/// `*` in release builds) product of an overflowing pair breaks exactly the product identity
/// `p.div`, so no proof of an overflowing product exists. The same rewrite with a pair that fits
/// breaks nothing, which shows the rewrite itself is a faithful row.
#[test]
fn a_wrapped_product_has_no_witness() {
    let machine = machine();
    let names = &machine.layouts()[0].columns;
    let column =
        |name: &str| names.iter().position(|c| c == name).unwrap_or_else(|| panic!("column {name} in {names:?}"));
    let (a_col, b_col, q_col, r_col) = (column("a"), column("b"), column("p.q"), column("p.rem"));
    let (lo_col, hi_col) = (column("p.limb0"), column("p.limb1"));
    let rewrite = |a: i32, b: i32| {
        let mut witness = machine.witness(&Memory::default(), &[op(1, 1)]).expect("witness");
        let product = i64::from(a) * i64::from(b);
        let q = I16F16::from_bits(a).wrapping_mul(I16F16::from_bits(b)).to_bits();
        let biased = (i64::from(q) + (1 << 31)) as u64;
        let trace = &mut witness.traces[0];
        let row = &mut trace.values[..trace.width];
        row[a_col] = a.to_field();
        row[b_col] = b.to_field();
        row[q_col] = q.to_field();
        row[r_col] = F::from_u64((product & 0xffff) as u64);
        row[lo_col] = F::from_u64(biased & 0xffff);
        row[hi_col] = F::from_u64(biased >> 16);
        appvm::testkit::check_witness(&witness).err().unwrap_or_default()
    };
    let fits = [(ONE, ONE), (i32::MAX, ONE), (i32::MIN, ONE), (-10_610_063, 13_264_529), (-1, 1)];
    for (a, b) in fits {
        assert_eq!(reference(a, b), Some(I16F16::from_bits(a).wrapping_mul(I16F16::from_bits(b)).to_bits()));
        let failures = rewrite(a, b);
        assert!(failures.is_empty(), "{a:#x} * {b:#x} fits, yet: {}", failures[0]);
    }
    let mut overflows: Vec<Pair> = edge_pairs().into_iter().filter(|&(a, b)| reference(a, b).is_none()).collect();
    let mut rng = StdRng::seed_from_u64(0x0f);
    while overflows.len() < 200 {
        let (a, b) = (random_operand(&mut rng), random_operand(&mut rng));
        if reference(a, b).is_none() {
            overflows.push((a, b));
        }
    }
    for &(a, b) in &overflows {
        let failures = rewrite(a, b);
        let constraints: Vec<&str> = failures.iter().map(|f| f.constraint.as_str()).collect();
        assert_eq!(constraints, ["p.div"], "{a:#x} * {b:#x} wrapped: {failures:?}");
    }
    println!("{} wrapped products rejected by `p.div`", overflows.len());
}

//! `Cx::fx_floor` and `Cx::lcg32`, the gadgets a fixed-point game needs beside `fx_mul`: executed
//! against plain arithmetic (and the `fixed` crate), refused outside their domain, and fully
//! constrained (a mutation sweep finds no survivor).

use appvm::testkit::mutation_sweep;
use appvm::{Cx, ExecError, Interp, Machine, Memory, Opcode, Params, Record, Semantics, Vm, V};
use fixed::types::I16F16;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Numerical Recipes' LCG constants.
const A: u64 = 1_664_525;
const C: u64 = 1_013_904_223;

/// `floor(x)` of a coordinate below 32 (5 integer bits), and one LCG step from `s` with its top
/// 3 bits.
#[derive(Clone, Copy, Debug, Opcode)]
struct Step {
    x: i32,
    s: u32,
}

impl Semantics for Step {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: StepArgs<V<B>>) {
        let tile = cx.fx_floor("tile", &op.x, 5);
        let (next, top) = cx.lcg32("rng", &op.s, A, C, 3);
        cx.output(Drawn { tile, next, top });
    }
}

/// What a step emits.
#[derive(Clone, Debug, Record)]
struct Drawn<T> {
    tile: T,
    next: T,
    top: T,
}

#[derive(Clone, Copy, Debug, Vm)]
enum Game {
    Step(Step),
}

fn machine() -> Machine<Game> {
    Machine::new(Params::Fast).expect("lays out")
}

fn expected(x: i32, s: u32) -> Vec<u64> {
    let next = (A * u64::from(s) + C) & 0xffff_ffff;
    vec![I16F16::from_bits(x).floor().to_num::<i32>() as u64, next, next >> 29]
}

fn cases() -> Vec<(i32, u32)> {
    let mut rng = StdRng::seed_from_u64(0x9a3e);
    let mut cases = vec![(0, 0), (65_535, u32::MAX), (65_536, 1), ((32 << 16) - 1, 0x8000_0000), (5 << 16, 42)];
    cases.extend((0..2_000).map(|_| (rng.random_range(0..32 << 16), rng.random())));
    cases
}

#[test]
fn floors_and_generator_steps_match_plain_arithmetic() {
    let cases = cases();
    let ops: Vec<Game> = cases.iter().map(|&(x, s)| Game::Step(Step { x, s })).collect();
    let run = machine().execute(&Memory::default(), &ops).expect("executes");
    for (&(x, s), output) in cases.iter().zip(&run.outputs) {
        assert_eq!(output[2..5], expected(x, s)[..], "x = {x:#x}, s = {s:#x}");
    }
}

#[test]
fn a_negative_or_too_large_coordinate_has_no_witness() {
    for x in [-1, -(1 << 16), 32 << 16, i32::MAX] {
        match machine().execute(&Memory::default(), &[Game::Step(Step { x, s: 0 })]) {
            Err(ExecError::Constraint { constraint, .. }) => assert!(constraint.starts_with("tile"), "{constraint}"),
            other => panic!("x = {x:#x}: {other:?}"),
        }
    }
}

#[test]
fn every_column_of_both_gadgets_is_constrained() {
    let ops: Vec<Game> = cases().iter().take(300).map(|&(x, s)| Game::Step(Step { x, s })).collect();
    let machine = machine();
    let witness = machine.witness(&Memory::default(), &ops).expect("executes");
    let report = mutation_sweep(&witness, 256, 5);
    assert!(report.survivors.is_empty(), "{report}");
    let (statement, proof) = machine.prove(&Memory::default(), &ops).expect("proves");
    machine.verify(&statement, &proof).expect("verifies");
}

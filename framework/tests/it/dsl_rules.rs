//! The rules the DSL enforces: degree lowering, and errors (not wrong proofs) for value-dependent
//! control flow and misuse, each naming the opcode.

use appvm::{Cx, ExecError, Interp, Machine, Memory, Name, Opcode, Params, Semantics, SetupError, Vm, V};

/// Outputs `a * b * c * a`: degree 4, above the bound, so the DSL must add columns.
#[derive(Clone, Copy, Debug, Opcode)]
struct Cube {
    a: u16,
    b: u16,
    c: u16,
}

impl Semantics for Cube {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: CubeArgs<V<B>>) {
        let product = &op.a * &op.b * &op.c * &op.a;
        cx.output(product);
    }
}

/// Allocates an extra column only for large inputs: value-dependent control flow.
#[derive(Clone, Copy, Debug, Opcode)]
struct Branchy {
    x: u16,
}

impl Semantics for Branchy {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: BranchyArgs<V<B>>) {
        let mut large = false;
        cx.hint(Name::new("peek"), |w| {
            large = w.u64(&op.x) > 5;
            w.get(&op.x)
        });
        if large {
            cx.hint(Name::new("extra"), |_| appvm::F::default());
        }
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum Rules {
    Cube(Cube),
    Branchy(Branchy),
}

#[test]
fn high_degree_products_are_lowered_into_columns_and_prove() {
    let machine = Machine::<Rules>::new(Params::Fast).expect("layout");
    let columns = &machine.layouts()[0].columns;
    assert!(columns.iter().any(|c| c == "lowered"), "no lowered column in {columns:?}");
    let ops = [Rules::Cube(Cube { a: 3, b: 5, c: 7 }), Rules::Cube(Cube { a: 65535, b: 65535, c: 65535 })];
    let (statement, proof) = machine.prove(&Memory::default(), &ops).expect("prove");
    assert_eq!(statement.outputs[0], vec![0, 0, 3 * 5 * 7 * 3]);
    machine.verify(&statement, &proof).expect("verify");
}

#[test]
fn value_dependent_control_flow_is_an_error_naming_the_opcode() {
    let machine = Machine::<Rules>::new(Params::Fast).expect("layout");
    let small = [Rules::Branchy(Branchy { x: 1 })];
    machine.execute(&Memory::default(), &small).expect("the layout's path");
    let large = [Rules::Branchy(Branchy { x: 1 }), Rules::Branchy(Branchy { x: 9 })];
    let err = machine.execute(&Memory::default(), &large).expect_err("a branch on a value");
    assert!(matches!(err, ExecError::ControlFlow { seq: 1, opcode: "Branchy", .. }), "{err}");
    assert!(err.to_string().contains("select"), "the message says what to do: {err}");
}

/// Seventeen memory accesses in one row: more than a row has slots for.
#[derive(Clone, Copy, Debug, Opcode)]
struct Greedy {}

impl Semantics for Greedy {
    fn eval<B: Interp>(cx: &mut Cx<B>, _: GreedyArgs<V<B>>) {
        let zero = cx.zero();
        for _ in 0..17 {
            let _: V<B> = cx.access("cell", &zero).read();
        }
    }
}

/// An opcode of no VM here, without operands: its args are `NowhereArgs::default()`.
#[derive(Clone, Copy, Debug, Opcode)]
struct Nowhere;

impl Semantics for Nowhere {
    fn eval<B: Interp>(_: &mut Cx<B>, _: NowhereArgs<V<B>>) {}
}

/// Calls an opcode the VM does not have.
#[derive(Clone, Copy, Debug, Opcode)]
struct Lost {}

impl Semantics for Lost {
    fn eval<B: Interp>(cx: &mut Cx<B>, _: LostArgs<V<B>>) {
        let one = cx.one();
        cx.call(&one, NowhereArgs::default());
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum TooGreedy {
    Greedy(Greedy),
}

#[derive(Clone, Copy, Debug, Vm)]
enum LostVm {
    Lost(Lost),
}

#[test]
fn misuse_is_a_setup_error_naming_the_opcode() {
    let err = Machine::<TooGreedy>::new(Params::Fast).expect_err("17 accesses");
    let SetupError::Opcode { opcode, reason } = &err else { panic!("{err}") };
    assert_eq!(*opcode, "Greedy");
    assert!(reason.contains("more_than_16_memory_accesses"), "{err}");

    let err = Machine::<LostVm>::new(Params::Fast).expect_err("unknown call target");
    assert!(err.to_string().contains("Lost") && err.to_string().contains("Nowhere"), "{err}");
}

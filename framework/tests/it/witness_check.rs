//! The prover's witness check: semantics that branch on a value with a Rust `if` whose sides
//! allocate alike execute without error, but their circuit is not what the executor ran. The
//! prover refuses such a witness with the chip, row and constraint or bus, where it would
//! otherwise spend a proof that the verifier rejects with "lookup terminal sum is non-zero".

use appvm::error::WitnessFault;
use appvm::{Cx, Interp, Machine, Memory, Name, Opcode, Params, ProveError, Semantics, Vm, V};

/// Emits `x` when `x > 5` and 0 otherwise, by a Rust `if`: one output on either side.
#[derive(Clone, Copy, Debug, Opcode)]
struct EmitIfLarge {
    x: u16,
}

impl Semantics for EmitIfLarge {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: EmitIfLargeArgs<V<B>>) {
        let mut large = false;
        cx.hint(Name::new("peek"), |w| {
            large = w.u64(&op.x) > 5;
            w.get(&op.x)
        });
        let emitted = if large { op.x.clone() } else { cx.zero() };
        cx.output(emitted);
    }
}

/// Asserts `copy == x` when `x > 5` and `copy == 0` otherwise, by a Rust `if`.
#[derive(Clone, Copy, Debug, Opcode)]
struct CheckIfLarge {
    x: u16,
}

impl Semantics for CheckIfLarge {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: CheckIfLargeArgs<V<B>>) {
        let mut large = false;
        let copy = cx.hint(Name::new("copy"), |w| {
            large = w.u64(&op.x) > 5;
            w.get(&op.x)
        });
        if large {
            cx.assert_zero(Name::new("copy_is_x"), &(&copy - &op.x));
        } else {
            cx.assert_zero(Name::new("copy_is_zero"), &copy);
        }
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum Branching {
    EmitIfLarge(EmitIfLarge),
    CheckIfLarge(CheckIfLarge),
}

fn refusal(op: Branching) -> (Box<WitnessFault>, bool) {
    let machine = Machine::<Branching>::new(Params::Fast).expect("layout");
    let witness = machine.witness(&Memory::default(), &[op]).expect("the executor sees nothing wrong");
    let Err(ProveError::Witness(fault)) = machine.prove_witness(&witness) else {
        panic!("the prover accepted a witness its circuit does not satisfy");
    };
    // The check refuses only what could not verify: proven anyway, the verifier rejects it.
    let proof = machine.prove_unchecked(&witness).expect("the backend proves any witness");
    (fault, machine.verify(&witness.statement, &proof).is_err())
}

#[test]
fn an_unbalanced_bus_is_refused_before_proving_naming_chip_row_and_bus() {
    let (fault, rejected) = refusal(Branching::EmitIfLarge(EmitIfLarge { x: 9 }));
    assert!(rejected);
    let WitnessFault::Bus(imbalance) = &*fault else { panic!("expected a bus fault, got {fault}") };
    assert_eq!(imbalance.bus, "appvm.output");
    let text = fault.to_string();
    assert!(text.contains("EmitIfLarge row 0") && text.contains("appvm.output"), "{text}");
}

#[test]
fn a_failing_constraint_is_refused_before_proving_naming_chip_row_and_constraint() {
    let (fault, rejected) = refusal(Branching::CheckIfLarge(CheckIfLarge { x: 9 }));
    assert!(rejected);
    let WitnessFault::Constraint(failure) = &*fault else { panic!("expected a constraint fault, got {fault}") };
    assert_eq!((failure.chip.as_str(), failure.row, failure.constraint.as_str()), ("CheckIfLarge", 0, "copy_is_zero"));
    assert!(fault.to_string().contains("select"), "the message says what to do: {fault}");
}

#[test]
fn a_witness_the_circuit_satisfies_proves() {
    let machine = Machine::<Branching>::new(Params::Fast).expect("layout");
    // Below the threshold the executor takes the branch the circuit recorded.
    let ops = [Branching::EmitIfLarge(EmitIfLarge { x: 2 }), Branching::CheckIfLarge(CheckIfLarge { x: 0 })];
    let (statement, proof) = machine.prove(&Memory::default(), &ops).expect("proves");
    machine.verify(&statement, &proof).expect("verifies");
}

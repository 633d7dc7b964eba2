//! The verifier decides what it accepts: statements and proofs over its limits are rejected
//! before any table is built, encodings are not malleable, and the statement has one valid order
//! of outputs. The framework's bus names are reserved.

use appvm::{
    Cx, Interp, Limits, Machine, Memory, Opcode, Params, Semantics, SetupError, Statement, VerifyError, Vm, V,
};

/// Adds `x` to memory cell 0 and outputs the old value.
#[derive(Clone, Copy, Debug, Opcode)]
struct Add {
    x: u16,
}

impl Semantics for Add {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: AddArgs<V<B>>) {
        let zero = cx.lit(0);
        let old = cx.access("total", &zero).update(|_, old: V<B>| (&old + &op.x, old));
        cx.output(old);
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum Adder {
    Add(Add),
}

fn proven(n: u16) -> (Machine<Adder>, Statement, appvm::Proof) {
    let machine = Machine::<Adder>::new(Params::Fast).expect("layout");
    let ops: Vec<Adder> = (1..=n).map(|x| Adder::Add(Add { x })).collect();
    let (statement, proof) = machine.prove(&Memory::from_u64s([0]), &ops).expect("prove");
    machine.verify(&statement, &proof).expect("the honest batch verifies");
    (machine, statement, proof)
}

#[test]
fn trailing_bytes_after_a_statement_or_proof_are_rejected() {
    let (_, statement, proof) = proven(4);
    let mut bytes = statement.to_bytes();
    assert_eq!(Statement::from_bytes(&bytes).expect("round trip"), statement);
    bytes.push(0);
    let err = Statement::from_bytes(&bytes).expect_err("a trailing byte");
    assert!(err.to_string().contains("1 trailing bytes"), "{err}");
    let mut bytes = proof.to_bytes();
    bytes.push(0);
    assert!(appvm::Proof::from_bytes(&bytes).is_err());
}

#[test]
fn a_non_minimal_encoding_of_a_statement_is_rejected() {
    let (_, statement, _) = proven(4);
    let bytes = statement.to_bytes();
    // After the VM digest comes the initial image's length (1), one varint byte. bincode also
    // decodes it written as a u16 (marker 251, two little-endian bytes): the same statement.
    let at = bincode::serde::encode_to_vec(statement.vm, bincode::config::standard()).expect("encodes").len();
    assert_eq!(bytes[at], 1, "the initial image has one element");
    let mut long = bytes.clone();
    long.splice(at..=at, [251, 1, 0]);
    let err = Statement::from_bytes(&long).expect_err("a non-minimal length");
    assert!(err.to_string().contains("not the canonical encoding"), "{err}");
}

#[test]
fn oversized_statements_are_rejected_before_any_table_is_built() {
    let (machine, statement, proof) = proven(4);
    // Default limits: 2^18 + 1 inputs, each a valid instruction.
    let mut huge = statement.clone();
    huge.inputs = vec![vec![0, 1]; machine.limits().max_inputs + 1];
    match machine.verify(&huge, &proof) {
        Err(VerifyError::Limit { what: "inputs", got, max }) => assert_eq!(got, max + 1),
        other => panic!("expected the input limit, got {other:?}"),
    }
    // A verifier with tighter limits of its own.
    let strict = Machine::<Adder>::new(Params::Fast).expect("layout").with_limits(Limits {
        max_inputs: 3,
        max_outputs: 3,
        ..Limits::default()
    });
    assert!(matches!(strict.verify(&statement, &proof), Err(VerifyError::Limit { what: "inputs", .. })));
    let limits = Limits { max_statement_bytes: 8, max_proof_bytes: 8, ..Limits::default() };
    assert!(matches!(limits.decode_statement(&statement.to_bytes()), Err(VerifyError::Limit { .. })));
    assert!(matches!(limits.decode_proof(&proof.to_bytes()), Err(VerifyError::Limit { .. })));
    let shallow = Machine::<Adder>::new(Params::Fast)
        .expect("layout")
        .with_limits(Limits { max_degree_bits: 3, ..Limits::default() });
    match shallow.verify(&statement, &proof) {
        Err(VerifyError::Limit { what: "log2 rows of a chip piece", max: 3, .. }) => {}
        other => panic!("expected the height limit, got {other:?}"),
    }
    let mut many_outputs = statement.clone();
    many_outputs.outputs = vec![vec![0, 0, 0]; machine.limits().max_outputs + 1];
    assert!(matches!(machine.verify(&many_outputs, &proof), Err(VerifyError::Limit { what: "outputs", .. })));
}

#[test]
fn a_batch_over_the_verifiers_limits_is_not_proven() {
    let small =
        Machine::<Adder>::new(Params::Fast).expect("layout").with_limits(Limits { max_inputs: 2, ..Limits::default() });
    let ops: Vec<Adder> = (1..=4).map(|x| Adder::Add(Add { x })).collect();
    match small.prove(&Memory::from_u64s([0]), &ops) {
        Err(appvm::ProveError::Exec(appvm::ExecError::Unverifiable(reason))) => {
            assert!(reason.contains("inputs: 4 exceeds this verifier's limit of 2"), "{reason}")
        }
        other => panic!("expected a refusal before proving, got {other:?}"),
    }
}

#[test]
fn outputs_out_of_order_are_rejected() {
    let (machine, statement, proof) = proven(4);
    let mut swapped = statement.clone();
    swapped.outputs.swap(1, 2);
    let err = machine.verify(&swapped, &proof).expect_err("swapped outputs");
    assert!(err.to_string().contains("(seq, index) order"), "{err}");
}

/// Sends on a channel named like the framework's memory bus.
#[derive(Clone, Copy, Debug, Opcode)]
struct Impostor {
    x: u16,
}

impl Semantics for Impostor {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: ImpostorArgs<V<B>>) {
        let one = cx.lit(1);
        cx.send("appvm.memory", op.x, &one);
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum Impostors {
    Impostor(Impostor),
}

#[test]
fn a_channel_named_like_a_framework_bus_is_a_setup_error() {
    match Machine::<Impostors>::new(Params::Fast) {
        Err(SetupError::Opcode { opcode: "Impostor", reason }) => {
            assert!(reason.contains("reserved prefix"), "{reason}")
        }
        other => panic!("expected a setup error, got {other:?}"),
    }
}

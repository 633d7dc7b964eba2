//! Every misuse of a DSL primitive is a `SetupError` from `Machine::new` naming the opcode and the
//! mistake, never a panic: one small VM per mistake.

use appvm::{Cx, Interp, Machine, Opcode, Params, Record, Semantics, SetupError, Vm, V};

/// A VM `$vm` of one opcode `$op` (one `u32` operand `x`), of memory width `$width`, whose
/// semantics is `$body` with `$cx` the context and `$arg` the operands.
macro_rules! mistake {
    ($vm:ident, $op:ident, $width:literal, |$cx:ident, $arg:ident| $body:block) => {
        #[derive(Clone, Copy, Debug, Opcode)]
        struct $op {
            x: u32,
        }

        impl Semantics for $op {
            #[allow(unused_variables)]
            fn eval<B: Interp>($cx: &mut Cx<B>, $arg: <$op as Opcode>::Args<V<B>>) $body
        }

        #[derive(Clone, Copy, Debug, Vm)]
        #[vm(memory_width = $width)]
        enum $vm {
            $op($op),
        }
    };
}

/// `Machine::new` fails with a misuse of opcode `opcode` whose name contains `mistake`.
fn assert_misuse<M: Vm>(opcode: &str, mistake: &str) {
    match Machine::<M>::new(Params::Fast) {
        Err(SetupError::Opcode { opcode: got, reason }) => {
            assert_eq!(got, opcode, "{reason}");
            assert!(reason.contains("misuse") && reason.contains(mistake), "expected `{mistake}`: {reason}");
        }
        Err(other) => panic!("expected a misuse of `{opcode}`, got: {other}"),
        Ok(_) => panic!("`{opcode}` makes the mistake `{mistake}`, yet the VM lays out"),
    }
}

#[derive(Clone, Debug, Record)]
struct Pair<T> {
    a: T,
    b: T,
}

#[derive(Clone, Debug, Record)]
struct Triple<T> {
    a: T,
    b: T,
    c: T,
}

/// A hand-written record that breaks the trait's contract: it has no lane.
struct Empty;

impl<B: Interp> Record<V<B>> for Empty {
    const NAMES: &'static [&'static str] = &[];

    fn from_lanes(_: impl FnMut(usize) -> V<B>) -> Self {
        Empty
    }

    fn into_lanes(self) -> Vec<V<B>> {
        Vec::new()
    }
}

/// A hand-written record that breaks the trait's contract: it names one lane and gives back none.
struct Shrinking;

impl<B: Interp> Record<V<B>> for Shrinking {
    const NAMES: &'static [&'static str] = &["lane"];

    fn from_lanes(mut lane: impl FnMut(usize) -> V<B>) -> Self {
        lane(0);
        Shrinking
    }

    fn into_lanes(self) -> Vec<V<B>> {
        Vec::new()
    }
}

mistake!(Range65Vm, Range65, 1, |cx, op| { cx.range("wide", &op.x, 65) });
mistake!(Range0Vm, Range0, 1, |cx, op| { cx.range("empty", &op.x, 0) });
mistake!(Lt63Vm, Lt63, 1, |cx, op| {
    let zero = cx.zero();
    cx.lt("cmp", &op.x, &zero, 63);
});
mistake!(Lt0Vm, Lt0, 1, |cx, op| {
    let zero = cx.zero();
    cx.lt("cmp", &op.x, &zero, 0);
});
mistake!(WideRecordVm, WideRecord, 1, |cx, op| {
    let _: Pair<V<B>> = cx.access("pair", &op.x).read();
});
mistake!(WrongWidthVm, WrongWidth, 2, |cx, op| {
    cx.access("word", &op.x).update(|_, old: Shrinking| (old, ()));
});
mistake!(NoLanesVm, NoLanes, 2, |cx, op| {
    cx.access("word", &op.x).update(|_, old: Empty| (old, ()));
});
mistake!(KnownPastWordVm, KnownPastWord, 2, |cx, op| {
    let _ = cx.access("word", &op.x).known(Triple { c: Some(op.x), ..Default::default() }).read();
});
mistake!(ManyOutputsVm, ManyOutputs, 1, |cx, op| {
    for _ in 0..9 {
        cx.output(op.x.clone());
    }
});
mistake!(ManyAccessesVm, ManyAccesses, 1, |cx, op| {
    for _ in 0..17 {
        let _: V<B> = cx.access("cell", &op.x).read();
    }
});
mistake!(BadDenominatorVm, BadDenominator, 1, |cx, op| {
    cx.mul_div("share", &op.x, &op.x, 0, 32);
});
mistake!(WideQuotientVm, WideQuotient, 1, |cx, op| {
    cx.mul_div("share", &op.x, &op.x, 1 << 16, 49);
});

/// An opcode of no VM here: calling it is a misuse.
#[derive(Clone, Copy, Debug, Opcode)]
struct Elsewhere {
    y: u32,
}

impl Semantics for Elsewhere {
    fn eval<B: Interp>(_: &mut Cx<B>, _: ElsewhereArgs<V<B>>) {}
}

mistake!(ForeignCallVm, ForeignCall, 1, |cx, op| {
    let one = cx.one();
    cx.call(&one, ElsewhereArgs { y: op.x });
});

#[test]
fn range_checks_take_1_to_64_bits() {
    assert_misuse::<Range65Vm>("Range65", "wide.range_bits_outside_1_to_64");
    assert_misuse::<Range0Vm>("Range0", "empty.range_bits_outside_1_to_64");
}

#[test]
fn comparisons_take_1_to_62_bits() {
    assert_misuse::<Lt63Vm>("Lt63", "cmp.lt_operands_wider_than_62_bits");
    assert_misuse::<Lt0Vm>("Lt0", "cmp.lt_operands_of_0_bits");
}

#[test]
fn a_record_wider_than_the_word_is_a_misuse() {
    assert_misuse::<WideRecordVm>("WideRecord", "pair.record_wider_than_the_memory_word");
    assert_misuse::<KnownPastWordVm>("KnownPastWord", "word.record_wider_than_the_memory_word");
}

#[test]
fn a_hand_written_record_that_breaks_its_contract_is_a_misuse() {
    assert_misuse::<WrongWidthVm>("WrongWidth", "word.new_word_of_wrong_width");
    assert_misuse::<NoLanesVm>("NoLanes", "word.record_without_lanes");
}

#[test]
fn a_row_has_8_output_and_16_memory_slots() {
    assert_misuse::<ManyOutputsVm>("ManyOutputs", "more_than_8_outputs_per_row");
    assert_misuse::<ManyAccessesVm>("ManyAccesses", "cell.more_than_16_memory_accesses_per_row");
}

#[test]
fn mul_div_checks_its_constants() {
    assert_misuse::<BadDenominatorVm>("BadDenominator", "share.mul_div_denominator_outside_1_to_65536");
    // 2^16 * 2^49 passes the field's characteristic: the quotient would not be unique.
    assert_misuse::<WideQuotientVm>("WideQuotient", "share.mul_div_quotient_too_wide_for_the_field");
}

#[test]
fn a_call_to_an_opcode_outside_the_vm_is_a_misuse() {
    assert_misuse::<ForeignCallVm>("ForeignCall", "Elsewhere.call_target_not_in_this_vm");
}

/// Sends one field on the channel `pair`.
#[derive(Clone, Copy, Debug, Opcode)]
struct SendOne {
    x: u32,
}

impl Semantics for SendOne {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: SendOneArgs<V<B>>) {
        let one = cx.one();
        cx.send("pair", op.x, &one);
    }
}

/// Receives two fields from the same channel: its tuples do not fit `SendOne`'s.
#[derive(Clone, Copy, Debug, Opcode)]
struct RecvTwo {
    x: u32,
}

impl Semantics for RecvTwo {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: RecvTwoArgs<V<B>>) {
        let one = cx.one();
        cx.recv("pair", Pair { a: op.x.clone(), b: op.x }, &one);
    }
}

#[derive(Clone, Copy, Debug, Vm)]
enum MismatchedChannel {
    SendOne(SendOne),
    RecvTwo(RecvTwo),
}

#[test]
fn a_bus_width_mismatch_blames_the_opcode_that_differs_and_names_the_first() {
    let err = Machine::<MismatchedChannel>::new(Params::Fast).expect_err("one bus, two widths");
    let SetupError::Opcode { opcode, reason } = &err else { panic!("{err}") };
    assert_eq!(*opcode, "RecvTwo", "{err}");
    assert!(reason.contains("`pair`") && reason.contains("`SendOne`"), "{err}");
}

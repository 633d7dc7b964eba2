//! The derives accept a VM with operands of every `Operand` type, an operand-less opcode and a
//! name of its own. (The misuses are `air-macros/tests/ui`'s compile-fail cases; a passing case
//! lives here because trybuild would otherwise build, not just check, every dependency.)

use appvm::{Cx, Interp, Opcode, Semantics, Vm, V};

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Mix {
    pub a: u8,
    pub b: u16,
    pub c: u32,
    pub d: u64,
    pub e: i32,
    pub f: bool,
}

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Tick;

impl Semantics for Mix {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: MixArgs<V<B>>) {
        cx.output(op.a + op.b + op.c + op.d + op.e + op.f);
    }
}

impl Semantics for Tick {
    fn eval<B: Interp>(cx: &mut Cx<B>, _op: TickArgs<V<B>>) {
        let one = cx.one();
        cx.output(one);
    }
}

#[derive(Clone, Debug, Vm)]
#[vm(name = "mixer")]
pub enum Mixer {
    Mix(Mix),
    Tick(Tick),
}

#[test]
fn the_derives_accept_every_operand_type_and_a_named_vm() {
    assert_eq!(<Mixer as Vm>::NAME, "mixer");
    assert_eq!(<Mixer as Vm>::OPCODES.len(), 2);
    assert_eq!(<Mix as Opcode>::INFO.operands, &["a", "b", "c", "d", "e", "f"]);
    assert_eq!(<Tick as Opcode>::INFO.operands.len(), 0);
    let op = Mixer::Tick(Tick);
    assert_eq!(op.opcode(), 1);
    assert!(<Mixer as Vm>::decode(1, &op.encode()).is_ok());
}

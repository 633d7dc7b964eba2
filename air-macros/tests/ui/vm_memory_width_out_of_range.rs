use appvm::{Cx, Interp, Opcode, Semantics, Vm, V};

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Deposit {
    pub amount: u32,
}

impl Semantics for Deposit {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: DepositArgs<V<B>>) {
        cx.output(op.amount);
    }
}

#[derive(Clone, Debug, Vm)]
#[vm(name = "ledger", memory_width = 9)]
pub enum Ledger {
    Deposit(Deposit),
}

fn main() {}

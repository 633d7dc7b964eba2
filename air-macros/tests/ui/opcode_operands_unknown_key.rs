use appvm::{Opcode, Operands};

#[derive(Clone, Copy, Debug, Operands)]
pub struct Taker {
    pub order: u64,
}

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Fill {
    #[operands(inline)]
    pub taker: Taker,
}

fn main() {}

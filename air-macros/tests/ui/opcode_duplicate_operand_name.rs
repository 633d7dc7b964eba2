use appvm::{Opcode, Operands};

#[derive(Clone, Copy, Debug, Operands)]
pub struct Taker {
    pub order: u64,
    pub account: u32,
}

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Fill {
    #[operands(flatten)]
    pub taker: Taker,
    pub order: u64,
}

fn main() {}

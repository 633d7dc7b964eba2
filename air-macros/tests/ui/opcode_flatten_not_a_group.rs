use appvm::Opcode;

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Fill {
    #[operands(flatten)]
    pub taker: u64,
    pub qty: u32,
}

fn main() {}

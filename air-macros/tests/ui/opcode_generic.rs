use appvm::Opcode;

#[derive(Clone, Copy, Debug, Opcode)]
pub struct Deposit<T> {
    pub account: T,
    pub amount: u32,
}

fn main() {}

use appvm::Opcode;

#[derive(Opcode)]
pub struct Deposit {
    pub account: u32,
    pub amount: u32,
}

fn main() {}
